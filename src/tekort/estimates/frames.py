"""Build the inputs of tekort_stats for a round: the population frame and the responses.

The frame holds every location of the round's sectors in the register that DUO counts pupils at
or that has registered (`frame_formation`). Its `formation_fte` is the formatie the location
reported in this round; else the latest it reported before; else its official DUO pupil count
divided by the sector's pupils per FTE (tekort.registry.staffing) — the stand-in for DUO's FTE per
location. The count is the location's latest at or before the peildatum's year; where the
register holds no count of the sector that early (vo: DUO's 2025 file is the first), the
location's earliest. A location without any DUO count that never registered is left out of the
frame: DUO counts no pupils there, so it has no teachers of its own to estimate (its pupils, and
the teachers they need, are counted at another location); it is never given a made-up size.
Schoolweging bands are national tertiles of the bao locations' CBS
schoolweging (methods.md §2.1); locations without a CBS value are in band "none".

Responses are per location: teachers (`leraar`) are the locations' own registrations. A vo
location's figures per subject (issue 20, `build_subject_inputs`) are read from the registrations
that answered per subject; a "total only" answer is item non-response for those estimates
(tekort_stats.subjects), never zeros.

School leaders (`schoolleider`) are registered per board (methods.md §1.6), so they are estimated
on a frame of **boards** (`build_school_leader_inputs`): one unit per board with a location in the
round's sectors, its auxiliary the sum of its locations' frame formatie, its sector the sector with
most of that formatie, its onderwijsregio the board's own. Geography and schoolweging are constant,
so the strata are the sectors; its po / vo group and school type are those of its main sector. The board is the unit of response and of variance: a board's
answer is one observation, not one per location (spreading it over the locations would count it
as many independent answers and make the interval far too narrow).
"""

import hashlib

import pandas as pd

from tekort.registry import membership, schoolweging, vo_subjects
from tekort.registry.models import PO_SECTORS, PUBLISHED_SECTOR, Location, PupilCount, Sector
from tekort.registry.staffing import PUPILS_PER_FTE
from tekort.submissions import subject_answers
from tekort.submissions.models import Registration, Round, SchoolLeaderRegistration
from tekort_stats.shortage_cells import COMPONENTS

CORE_SECTOR = PUBLISHED_SECTOR  # the register's sector -> its name in the estimates
# The ministry publishes po (bao + sbo + (v)so) and vo separately (sector_group), and in its
# letters' tables bao, sbo and (v)so, where (v)so is all special education: so, vso and the
# combined so/vso locations together (school_type). The register's "(v)so" sector is only the
# combined locations.
SECTOR_GROUP = {CORE_SECTOR[s]: "po" if s in PO_SECTORS else "vo" for s in Sector}
SCHOOL_TYPE = {"bao": "bao", "sbo": "sbo", "so": "(v)so", "vso": "(v)so", "(v)so": "(v)so"}
SCHOOL_TYPE["vo"] = "vo"
CELLS = COMPONENTS  # the four shortage cells, defined once in the core
FUNCTION = "leraar"
SCHOOL_LEADER = "schoolleider"


def schoolweging_bands(values: pd.Series, is_cbs: pd.Series, is_bao: pd.Series) -> pd.Series:
    """low / middle / high by national tertiles of the bao CBS values; 'none' without a CBS value.

    The rule is the register's (tekort.registry.schoolweging), applied to the frame's bao values.
    """
    cuts = schoolweging.tertile_cut_points(values[is_cbs & is_bao].astype(float))
    return pd.Series(schoolweging.bands(values, is_cbs, cuts), index=values.index)


def pupil_counts_for(counts, year: int) -> dict[str, int]:
    """Each location's DUO pupil count for a peildatum in ``year``, from ``counts`` =
    [(location, sector, count year, pupils)]: its latest count of ``year`` or before; for a
    location without one, its earliest count, but only where its sector has no count of
    ``year`` or before at all (the register's vo counts begin with DUO's 2025 file, so an earlier
    vo round takes the 2025 count; a po location that is only counted later, e.g. a new school,
    gets none)."""
    sectors_counted = {sector for _, sector, y, _ in counts if y <= year}
    out, earliest = {}, {}
    for code, sector, y, pupils in sorted(counts, key=lambda c: c[2]):
        if y <= year:
            out[code] = pupils
        elif sector not in sectors_counted:
            earliest.setdefault(code, pupils)
    return {**earliest, **out}


def frame_formation(current, earlier, pupils: int | None, sector: str) -> float | None:
    """A location's formatie in the frame: reported this round, else reported before, else its DUO
    pupil count over the sector's pupils per FTE (at least 1 FTE: a location with a handful of
    pupils still has a teacher). None (left out of the frame) without any of them."""
    if current is not None:
        return float(current)
    if earlier is not None:
        return float(earlier)
    if pupils:
        return max(pupils / PUPILS_PER_FTE[sector], 1.0)
    return None


def build_inputs(round_: Round) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The location frame and the teachers' responses of a round, as tekort_stats expects them."""
    locations = pd.DataFrame.from_records(
        Location.objects.filter(sector__in=round_.sectors)
        # The board's onderwijsregio on the peildatum (in two: the first by name).
        .annotate(onderwijsregio=membership.primary_region_name(round_.peildatum))
        .values(
            "code",
            "board_id",
            "sector",
            "municipality_id",
            "municipality__labour_market_region_id",
            "municipality__province_id",
            "municipality__is_g5",
            "schoolweging",
            "schoolweging_is_demo",
            "onderwijsregio",
        )
        .order_by("code")
    )
    responses = pd.DataFrame.from_records(
        Registration.objects.filter(
            round=round_, submitted_at__isnull=False, location__sector__in=round_.sectors
        )
        .values("location_id", "formatie", *CELLS)
        .order_by("location_id"),
        columns=["location_id", "formatie", *CELLS],
    )
    earlier = dict(
        Registration.objects.filter(
            round__peildatum__lt=round_.peildatum, submitted_at__isnull=False
        )
        .order_by("round__peildatum")
        .values_list("location_id", "formatie")
    )
    counts = PupilCount.objects.filter(
        pupils__isnull=False, location__sector__in=round_.sectors
    ).values_list("location_id", "location__sector", "year", "pupils")
    pupils = pupil_counts_for(list(counts), round_.peildatum.year)
    current = dict(zip(responses["location_id"], responses["formatie"], strict=True))
    formation = [
        frame_formation(current.get(c), earlier.get(c), pupils.get(c), s)
        for c, s in zip(locations["code"], locations["sector"], strict=True)
    ]
    keep = pd.notna(pd.Series(formation, dtype=float)).to_numpy()
    locations = locations[keep].reset_index(drop=True)
    formation = [f for f, k in zip(formation, keep, strict=True) if k]

    is_cbs = locations["schoolweging"].notna() & ~locations["schoolweging_is_demo"]
    sector = locations["sector"].map(CORE_SECTOR)
    frame = pd.DataFrame(
        {
            "location_id": locations["code"],
            "board_id": locations["board_id"],
            "sector": sector,
            "sector_group": sector.map(SECTOR_GROUP),
            "school_type": sector.map(SCHOOL_TYPE),
            "municipality_code": locations["municipality_id"],
            "labour_market_region": locations["municipality__labour_market_region_id"],
            "onderwijsregio": locations["onderwijsregio"].fillna("(geen)"),
            "g5": locations["municipality__is_g5"].astype(bool),
            "schoolweging_band": schoolweging_bands(
                locations["schoolweging"].fillna(0), is_cbs, locations["sector"] == Sector.BAO
            ),
            "formation_fte": formation,
            "province": locations["municipality__province_id"],
        }
    )
    answers = pd.DataFrame(
        {
            "location_id": responses["location_id"],
            "function": FUNCTION,
            "formatie_fte": responses["formatie"].astype(float),
            **{cell: responses[cell].astype(float) for cell in CELLS},
        }
    )
    return frame, answers


BOARD_UNIT = "bestuur-{}"
NO_AREA = "NL"  # boards are stratified by sector only: one "area" for all


def board_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """One unit per board of the location frame (see the module docstring)."""
    if frame.empty:
        return frame.iloc[0:0].copy()
    by_sector = frame.groupby(["board_id", "sector"], sort=True)["formation_fte"].sum()
    main_sector = (
        by_sector.reset_index()
        .sort_values(["board_id", "formation_fte", "sector"], ascending=[True, False, True])
        .groupby("board_id", sort=True)["sector"]
        .first()
    )
    boards = frame.groupby("board_id", sort=True).agg(
        formation_fte=("formation_fte", "sum"), onderwijsregio=("onderwijsregio", "first")
    )
    sector = main_sector.loc[boards.index]
    return pd.DataFrame(
        {
            "location_id": [BOARD_UNIT.format(b) for b in boards.index],
            "board_id": boards.index,
            "sector": sector.to_numpy(),
            "sector_group": sector.map(SECTOR_GROUP).to_numpy(),
            "school_type": sector.map(SCHOOL_TYPE).to_numpy(),
            "municipality_code": NO_AREA,
            "labour_market_region": NO_AREA,
            "onderwijsregio": boards["onderwijsregio"].to_numpy(),
            "g5": False,
            "schoolweging_band": "none",
            "formation_fte": boards["formation_fte"].to_numpy(),
            "province": NO_AREA,
        }
    )


def build_school_leader_inputs(
    round_: Round, frame: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The board frame (from the round's location ``frame``) and the boards' school-leader
    responses of the round."""
    boards = board_frame(frame)
    registered = pd.DataFrame.from_records(
        SchoolLeaderRegistration.objects.filter(round=round_, submitted_at__isnull=False)
        .values("board_id", "formatie", *CELLS)
        .order_by("board_id"),
        columns=["board_id", "formatie", *CELLS],
    )
    registered = registered[registered["board_id"].isin(boards["board_id"])]  # boards in scope
    responses = pd.DataFrame(
        {
            "location_id": [BOARD_UNIT.format(b) for b in registered["board_id"]],
            "function": SCHOOL_LEADER,
            "formatie_fte": registered["formatie"].astype(float),
            **{cell: registered[cell].astype(float) for cell in CELLS},
        },
        columns=["location_id", "function", "formatie_fte", *CELLS],
    )
    return boards, responses


def build_coping_split(round_: Round) -> pd.DataFrame:
    """The split of the round's hidden FTE by emergency measure, as the locations registered it
    (submissions: ``hidden_measures``): one row per location x cell x code with its FTE."""
    rows = [
        (code, cell, measure, float(fte))
        for code, measures in Registration.objects.filter(
            round=round_, submitted_at__isnull=False, location__sector__in=round_.sectors
        )
        .exclude(hidden_measures={})
        .values_list("location_id", "hidden_measures")
        .order_by("location_id")
        for cell, codes in measures.items()
        for measure, fte in codes.items()
    ]
    return pd.DataFrame(rows, columns=["location_id", "cell", "code", "fte"])


SUBJECT_ROW_COLUMNS = ["location_id", "subject", "formatie_fte", *CELLS]


def build_subject_inputs(round_: Round) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """The vo locations' answers to the per-subject questions (issue 20), as tekort_stats.subjects
    expects them: ``answers`` (one row per submitted vo registration: ``location_id``,
    ``subject_answer``), ``subjects`` (one row per location x subject of the registrations that
    answered per subject: ``location_id, subject, formatie_fte`` and the four cells) and the
    subject codes in the ministry's order (those asked on the peildatum, then any other code a
    registration holds). A "total only" or missing answer is item non-response: it has no rows."""
    registrations = (
        Registration.objects.filter(
            round=round_,
            submitted_at__isnull=False,
            location__sector=Sector.VO,
            location__sector__in=round_.sectors,
        )
        .values_list("location_id", "subject_answer", "subjects")
        .order_by("location_id")
    )
    answers, rows = [], []
    for code, answer, figures in registrations:
        answers.append((code, answer))
        if answer != subject_answers.PER_SUBJECT:
            continue
        for subject, cells in sorted((figures or {}).items()):
            rows.append((code, subject, *(float(cells.get(k) or 0) for k in ("formatie", *CELLS))))
    answers = pd.DataFrame(answers, columns=["location_id", "subject_answer"])
    subjects = pd.DataFrame(rows, columns=SUBJECT_ROW_COLUMNS)
    asked = list(vo_subjects.codes_on(round_.peildatum))
    codes = asked + sorted(set(subjects["subject"]) - set(asked))
    return answers, subjects, codes


def fingerprint(*tables: pd.DataFrame, **parameters) -> str:
    """SHA-256 over the canonical CSV of every input table and the run's parameters."""
    digest = hashlib.sha256()
    for table in tables:
        canonical = table.sort_values(list(table.columns[:2])).reset_index(drop=True)
        digest.update(canonical.to_csv(index=False, float_format="%.10g").encode())
    digest.update(repr(sorted(parameters.items())).encode())
    return digest.hexdigest()
