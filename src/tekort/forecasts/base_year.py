"""Adapter: tekort's data → ``tekort_forecast.BaseYear`` per region × sector.

Regions are "Nederland" plus every onderwijsregio in the register (a set of member boards;
their number is data). Forecast sectors are the vintage's: bao, sbo, (v)so (so, vso and
so/vso together) and vo. The base year is the latest 1 October round with registrations
(the model's peildatum; February rounds feed the nowcast, not the base year).

Everything measured comes from :func:`measured`: the statistics core's estimates of the
round (:mod:`tekort.forecasts.estimated_base`, with intervals and disclosure status) or, only
when the round has no estimate run, the naive :func:`measured_base` (labelled). Pupils from DUO's counts
(``PupilCount``); inflows from :mod:`tekort.forecasts.inputs`. The built table is cached per
round (it is data: it changes when registrations or the register change, not per request).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
from django.core.cache import cache
from django.db.models import Count, Max, Sum

from tekort.forecasts import estimated_base, inputs
from tekort.registry.models import Location, Onderwijsregio, PupilCount, Sector
from tekort.submissions.models import Registration, Round
from tekort_forecast import BaseYear, Parameters

NEDERLAND = "Nederland"
FORECAST_SECTOR = {
    Sector.BAO: "bao",
    Sector.SBO: "sbo",
    Sector.SO: "vso",
    Sector.VSO: "vso",
    Sector.SO_VSO: "vso",
    Sector.VO: "vo",
}
FORECAST_SECTORS = ("bao", "sbo", "vso", "vo")
PO_SECTORS = ("bao", "sbo", "vso")
CACHE_SECONDS = 3600
SOURCE_ESTIMATE = "estimate"
SOURCE_NAIVE = "naive"


@dataclass(frozen=True)
class Cell:
    """The base-year inputs of one region × sector."""

    locations: int
    respondents: int
    respondent_formatie: float
    respondent_shortage: float
    formatie: float
    shortage: float
    pupils: float = 0.0
    graduates: float = 0.0
    zij_instroom: float = 0.0
    re_entrants: float = 0.0
    source: str = SOURCE_NAIVE
    ci_low: float | None = None  # 95 % interval of the shortage FTE (estimates only)
    ci_high: float | None = None
    se_rate: float | None = None  # SE of the shortage rate (fraction; estimates only)
    published: bool = True  # may the measured figure be shown publicly?
    symbol: str = ""  # CBS symbol of the cell (c: suppressed, x: not available, u: caution)
    withheld_because: str = ""  # primary_suppressed / secondary_suppressed / quality_f

    @property
    def rate(self) -> float:
        return self.shortage / self.formatie if self.formatie else float("nan")

    @property
    def usable(self) -> bool:
        return self.formatie > 0 and 0 <= self.shortage < self.formatie and self.pupils > 0


@dataclass(frozen=True)
class BaseTable:
    """Base-year inputs of every region × sector for one round (cacheable, picklable)."""

    round_id: int
    peildatum: date
    is_demo: bool
    vintage: str
    regions: tuple[str, ...]
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    source: str = SOURCE_NAIVE  # "estimate": tekort_stats via tekort.estimates; "naive": fallback
    estimate_run_id: int | None = None

    @property
    def year(self) -> int:
        return self.peildatum.year

    def sectors_of(self, region: str) -> list[str]:
        return [s for s in FORECAST_SECTORS if self.cell(region, s) is not None]

    def cell(self, region: str, sector: str) -> Cell | None:
        cell = self.cells.get((region, sector))
        return cell if cell is not None and cell.usable else None

    def base_year(self, region: str, sector: str, years: int) -> BaseYear:
        """The core's ``BaseYear`` for one region × sector, pupils projected ``years`` ahead."""
        cell = self.cell(region, sector)
        if cell is None:
            raise KeyError((region, sector))
        growth = inputs.PUPIL_GROWTH[sector].value
        pupils = cell.pupils * (1 + growth) ** np.arange(years + 1)
        return BaseYear(
            year=self.year,
            regions=(region,),
            sectors=(sector,),
            formatie=[[cell.formatie]],
            shortage=[[cell.shortage]],
            pupils=pupils[None, None, :],
            graduates=[[cell.graduates]],
            zij_instroom=[[cell.zij_instroom]],
            re_entrants=[[cell.re_entrants]],
        )


def latest_round() -> Round | None:
    """The latest 1 October round that has registrations (the forecast's base year)."""
    return october_rounds().last()


def october_rounds():
    return (
        Round.objects.filter(peildatum__month=10, registrations__isnull=False)
        .distinct()
        .order_by("peildatum")
    )


def _location_regions() -> pd.DataFrame:
    """One row per location × region (Nederland and each onderwijsregio of its board)."""
    locations = pd.DataFrame(
        Location.objects.values_list("code", "sector", "board_id"),
        columns=["code", "register_sector", "board_id"],
    )
    locations["sector"] = locations["register_sector"].map(FORECAST_SECTOR)
    members = pd.DataFrame(
        Onderwijsregio.boards.through.objects.values_list("onderwijsregio__name", "board_id"),
        columns=["region", "board_id"],
    )
    regional = locations.merge(members, on="board_id")
    national = locations.assign(region=NEDERLAND)
    return pd.concat([national, regional], ignore_index=True)[["code", "sector", "region"]]


def region_names() -> tuple[str, ...]:
    names = Onderwijsregio.objects.exclude(name=NEDERLAND).values_list("name", flat=True)
    return (NEDERLAND, *names)


def measured(round_: Round) -> tuple[dict[tuple[str, str], Cell], str, int | None]:
    """(cells, source, estimate run id): the estimates if the round has a run, else naive."""
    run = estimated_base.estimate_run(round_)
    if run is None:
        return measured_base(round_), SOURCE_NAIVE, None
    return measured_from_estimates(run), SOURCE_ESTIMATE, run.pk


def measured_from_estimates(run) -> dict[tuple[str, str], Cell]:
    """Formatie, shortage, interval and disclosure per region × sector from an estimate run."""
    cells = {}
    for key, parts in estimated_base.estimate_cells(run, NEDERLAND).items():
        values = estimated_base.combine(parts)
        cells[key] = Cell(
            respondent_formatie=float("nan"),
            respondent_shortage=float("nan"),
            source=SOURCE_ESTIMATE,
            **values,
        )
    return cells


def measured_base(round_: Round) -> dict[tuple[str, str], Cell]:
    """Formatie and shortage (FTE) per region × sector of one round: a NAIVE estimate.

    Only the documented FALLBACK for a round without an estimate run (:func:`measured`).

    Within each region × sector the respondents' shortage rate (a ratio of their totals) is
    applied to their formatie expanded by locations / respondents (equal response
    probability within the cell). This ignores non-response bias and has no interval: the
    statistics core's estimates (``tekort_stats`` through ``tekort.estimates``, methods §2)
    replace this function whenever the round has an estimate run. The respondents' own sums are
    kept (``respondent_formatie``, ``respondent_shortage``) so that the expansion is visible.
    """
    places = _location_regions()
    registrations = pd.DataFrame(
        Registration.objects.filter(round=round_).values_list(
            "location_id",
            "formatie",
            "regulier_openstaand",
            "regulier_verborgen",
            "vervanging_openstaand",
            "vervanging_verborgen",
        ),
        columns=["code", "formatie", "ro", "rv", "vo", "vv"],
    )
    registrations = registrations.astype(dict.fromkeys(registrations.columns[1:], float))
    registrations["shortage"] = registrations[["ro", "rv", "vo", "vv"]].sum(axis=1)
    registrations = registrations[["code", "formatie", "shortage"]]
    registrations["respondent"] = 1
    merged = places.merge(registrations, on="code", how="left").fillna(
        {"formatie": 0.0, "shortage": 0.0, "respondent": 0}
    )
    grouped = merged.groupby(["region", "sector"]).agg(
        locations=("code", "size"),
        respondents=("respondent", "sum"),
        respondent_formatie=("formatie", "sum"),
        respondent_shortage=("shortage", "sum"),
    )
    cells = {}
    for (region, sector), row in grouped.iterrows():
        respondents = int(row["respondents"])
        expansion = row["locations"] / respondents if respondents else 0.0
        cells[(region, sector)] = Cell(
            locations=int(row["locations"]),
            respondents=respondents,
            respondent_formatie=float(row["respondent_formatie"]),
            respondent_shortage=float(row["respondent_shortage"]),
            formatie=float(row["respondent_formatie"] * expansion),
            shortage=float(row["respondent_shortage"] * expansion),
        )
    return cells


def base_pupils(round_: Round) -> dict[tuple[str, str], float]:
    """Pupils per region × sector in the base year.

    DUO's count of the latest count year up to the base year, over all locations; where DUO
    has no counts (vo), the respondents' reported pupils expanded like the formatie.
    """
    places = _location_regions()
    count_year = (
        PupilCount.objects.filter(year__lte=round_.peildatum.year, pupils__isnull=False)
        .aggregate(year=Max("year"))
        .get("year")
    )
    counts = pd.DataFrame(
        PupilCount.objects.filter(year=count_year, pupils__isnull=False).values_list(
            "location_id", "pupils"
        ),
        columns=["code", "pupils"],
    )
    reported = pd.DataFrame(
        Registration.objects.filter(round=round_).values_list("location_id", "pupils"),
        columns=["code", "reported"],
    )
    reported["respondent"] = 1
    merged = places.merge(counts, on="code", how="left").merge(reported, on="code", how="left")
    merged = merged.fillna({"pupils": 0.0, "reported": 0.0, "respondent": 0})
    grouped = merged.groupby(["region", "sector"]).agg(
        counted=("pupils", "sum"),
        reported=("reported", "sum"),
        respondents=("respondent", "sum"),
        locations=("code", "size"),
    )
    result = {}
    for key, row in grouped.iterrows():
        if row["counted"] > 0:
            result[key] = float(row["counted"])
        elif row["respondents"] > 0:
            result[key] = float(row["reported"] * row["locations"] / row["respondents"])
        else:
            result[key] = 0.0
    return result


def _with_inflows(
    cells: dict[tuple[str, str], Cell], pupils: dict, params: Parameters
) -> dict[tuple[str, str], Cell]:
    """Add pupils and baseline inflows (national totals allocated by formatie share)."""
    national = {s: cells.get((NEDERLAND, s)) for s in FORECAST_SECTORS}
    po_total = sum(
        c.formatie for s, c in national.items() if c and c.formatie > 0 and s in PO_SECTORS
    )
    all_total = sum(c.formatie for c in national.values() if c and c.formatie > 0)
    result = {}
    for (region, sector), cell in cells.items():
        if not cell.formatie > 0:
            result[(region, sector)] = cell
            continue
        group_total = po_total if sector in PO_SECTORS else all_total - po_total
        graduates = inputs.GRADUATES["po" if sector in PO_SECTORS else "vo"].value
        graduates *= cell.formatie / group_total if group_total else 0.0
        zij = inputs.ZIJ_INSTROOM.value * cell.formatie / all_total if all_total else 0.0
        sp = params.sector(sector)
        regular = max(cell.formatie - cell.shortage, 0.0)
        persons = regular * sp.fte_age_share / sp.fte_per_person
        exits = float((persons * sp.exit_probability).sum())
        entering = graduates * params.graduate_entry_share + zij * params.zij_completion
        result[(region, sector)] = Cell(
            **{
                **cell.__dict__,
                "pupils": float(pupils.get((region, sector), 0.0)),
                "graduates": float(graduates),
                "zij_instroom": float(zij),
                "re_entrants": float(max(exits - entering, 0.0)),
            }
        )
    return result


def build_base_table(round_: Round, params: Parameters) -> BaseTable:
    measured_cells, source, run_id = measured(round_)
    cells = _with_inflows(measured_cells, base_pupils(round_), params)
    return BaseTable(
        round_id=round_.pk,
        peildatum=round_.peildatum,
        is_demo=round_.is_demo,
        vintage=params.vintage,
        regions=region_names(),
        cells=cells,
        source=source,
        estimate_run_id=run_id,
    )


def cached_base_table(round_: Round, params: Parameters) -> BaseTable:
    """:func:`build_base_table`, cached per round and state of its registrations."""
    state = Registration.objects.filter(round=round_).aggregate(
        n=Count("pk"), last=Max("pk"), versions=Sum("version"), submitted=Max("submitted_at")
    )
    members = Onderwijsregio.boards.through.objects.count()
    run = estimated_base.estimate_run(round_)
    key = "forecasts:base:{}:{}:{}:{}:{}:{}:{}:{}".format(
        round_.pk,
        params.vintage,
        state["n"],
        state["last"],
        state["versions"],
        state["submitted"].isoformat() if state["submitted"] else "",
        members,
        run.pk if run else "naive",
    )
    table = cache.get(key)
    if table is None:
        table = build_base_table(round_, params)
        cache.set(key, table, CACHE_SECONDS)
    return table
