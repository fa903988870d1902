"""Seeded demo registrations for the real register, calibrated to the published figures.

Published teacher shortage, po, 1 October (methods.md §1.10): 2023 ≈ 9,800 FTE (≈ 9.7 %),
2024 ≈ 7,700 FTE (≈ 7.6 %), 2025 "iets afgenomen" (assumed 7.2 %); G5 about 1.8 × the rest
(2022: 15.2 % vs 8.5 %); higher at higher schoolweging; February above October (letter 002:
G5 Feb 2021 12.4 % vs Oct 2020 8.9 %); vo ≈ 5 % (≈ 3,800 FTE, Dec 2024). Response: the G5 take
part by agreement (≈ 95 %), elsewhere ≈ 57 %, and schools with larger shortages answer a little
less often, so that a naive mean of respondents is biased and the estimator's correction matters.

School leaders are registered per board (methods.md §1.6): each board gets a school-leader formatie
of about 1.1 FTE per po location and 3 FTE per vo location (bovenschools included), and the national
school-leader rate is calibrated to the published ≈ 13 % (12.9 % in 2021, 13.6 % in 2022; §1.10);
G5 boards answer a little more often (75 %) than the rest (60 %).

Vo locations answer per subject (issue 20) in rounds whose peildatum has a subject list
(registry.vo_subjects): about 30 % give the total only (more often small locations, and mostly the
same locations every round); the others split their formatie over the subjects by teaching time
(SUBJECT_SHARE) and their four cells by formatie × the ministry's published rate per subject
(SUBJECT_RATE), so that the national order of tekortvakken is the published one.

Per region (issue 23): a location's expected teacher shortage rate is the rate the ministry
published for its arbeidsmarktregio and sector group (po / vo), 1 October 2023 (OCW,
Trendrapportage arbeidsmarkt, source Centerdata; ``<TEKORT_DATA_DIR>/published/``, read by
registry.published_measurements), and for a location in a G5 city that city's own published rate
(the published tables split the G5 off their regions); the national published rate where the
table has no value. Schoolweging then moves a location around its region's rate (the region's
formatie-weighted mean stays the published one), and each round is scaled to the national level
of its peildatum: the published national rate (po 9.7 %, vo 5.8 %, Oct 2023), or the published
FTE relative to Oct 2023, or TARGET_RATE × the ratio of the published to TARGET_RATE's Oct 2023
level. Without the published folder the demo falls back to TARGET_RATE and the G5 factor.

Nothing here is a measurement: every page that shows these figures says they are demo data.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from statistics import NormalDist

import numpy as np
from django.db import transaction

from tekort.registry import published_measurements, vo_subjects
from tekort.registry.models import Location, PupilCount, Sector
from tekort.registry.staffing import PUPILS_PER_FTE
from tekort.submissions.models import Registration, Round, SchoolLeaderRegistration
from tekort.submissions.questions import CELLS, SUBJECT_FIELDS
from tekort.submissions.subject_answers import PER_SUBJECT, TOTAL_ONLY

# National teacher shortage rate (fraction of formatie) per peildatum, po and vo: the levels
# without the published figures, and otherwise the seasonal pattern between the published ones
# (published_calibration).
TARGET_RATE = {
    date(2023, 2, 1): {"po": 0.105, "vo": 0.055},
    date(2023, 10, 1): {"po": 0.097, "vo": 0.050},
    date(2024, 2, 1): {"po": 0.088, "vo": 0.053},
    date(2024, 10, 1): {"po": 0.076, "vo": 0.050},
    date(2025, 2, 1): {"po": 0.082, "vo": 0.051},
    date(2025, 10, 1): {"po": 0.072, "vo": 0.048},
}
G5_FACTOR = 1.8
SCHOOLWEGING_SLOPE = 0.08  # log-rate per schoolweging point
SHARE_HIDDEN = {True: 0.75, False: 0.55}  # G5 / rest
SHARE_SUBSTITUTION = 0.25
# Share of locations without any shortage at ZERO_REFERENCE_FTE (about the median po location);
# a location of f FTE has none with ZERO_SHORTAGE ** (f / ZERO_REFERENCE_FTE), as if each
# reference-sized part of it were free of shortage independently: small schools often have none,
# a large vo school hardly ever.
ZERO_SHORTAGE = 0.35
ZERO_REFERENCE_FTE = 14.0
RESPONSE = {True: 0.95, False: 0.57}
# School leaders, per board: national rate per peildatum (published 12.9 % / 13.6 %, §1.10).
SCHOOL_LEADER_RATE = {
    date(2023, 2, 1): 0.136,
    date(2023, 10, 1): 0.132,
    date(2024, 2, 1): 0.134,
    date(2024, 10, 1): 0.129,
    date(2025, 2, 1): 0.131,
    date(2025, 10, 1): 0.127,
}
SCHOOL_LEADER_FTE = {"po": 1.1, "vo": 3.0}  # per location
# How hidden vacancies are filled (methods.md §1.4): the mean share of each emergency measure.
# Outside the G5 in Oct 2022 about a third was unqualified staff ([S17]); the rest is assumed.
# LESUITVAL is asked in vo only; ANDERS (which needs an explanation) is not used by the demo.
MEASURE_SHARES = {
    "po": {
        "ONBEVOEGD": 0.32,
        "OOP_VOOR_KLAS": 0.22,
        "AMBULANT_VOOR_KLAS": 0.12,
        "SCHOOLLEIDING_VOOR_KLAS": 0.05,
        "SAMENVOEGEN": 0.15,
        "NAAR_HUIS": 0.06,
        "INHUUR": 0.08,
    },
    "vo": {
        "ONBEVOEGD": 0.38,
        "OOP_VOOR_KLAS": 0.05,
        "AMBULANT_VOOR_KLAS": 0.05,
        "SCHOOLLEIDING_VOOR_KLAS": 0.02,
        "SAMENVOEGEN": 0.10,
        "NAAR_HUIS": 0.02,
        "INHUUR": 0.13,
        "LESUITVAL": 0.25,
    },
}
MEASURE_CONCENTRATION = 8.0  # Dirichlet concentration: how much a location's mix varies
# Teachers on long leave (> 6 weeks) besides those whose posts are open or hidden substitution
# (their classes covered within the team): about this share of the formatie on average.
EXTRA_LONG_LEAVE = 0.02
SCHOOL_LEADER_RESPONSE = {True: 0.75, False: 0.6}

# Per subject (issue 20). The ministry's shortage rate per subject, vmbo/havo/vwo, 1 October 2023
# (%; ocwincijfers.nl, Trendrapportage arbeidsmarkt, tekorten vo: "landelijke tekorten vo naar
# vak"; total 5.5 %), used as relative weights: a cell's FTE goes to a subject with probability
# proportional to the subject's formatie × its rate.
SUBJECT_RATE = {
    "NE": 9.6,
    "WI": 6.7,
    "BVMBO": 9.1,
    "EN": 4.2,
    "DU": 6.8,
    "LO": 3.3,
    "EC": 4.9,
    "CKV": 3.5,
    "BI": 3.5,
    "FA": 5.3,
    "NA": 5.8,
    "AK": 3.5,
    "MA": 6.5,
    "NASK": 8.8,
    "TE": 10.3,
    "GS": 2.2,
    "SK": 4.3,
    "LV": 6.3,
    "IN": 10.0,
    "KL": 4.0,
    "GZW": 6.3,
    "OV": 3.0,
}
# Each subject's share (%) of the national vo teacher formatie: ASSUMPTIONS. NE, WI, BVMBO, EN, DU
# and LO are the published shortage FTE (711, 502, 354, 270, 201, 178) divided by the rate above,
# as a share of ≈ 65,500 FTE; the others are guesses from the lesson tables. Check: the
# share-weighted mean of SUBJECT_RATE is 5.6 %, near the published total of 5.5 %.
SUBJECT_SHARE = {
    "NE": 11.3,
    "WI": 11.4,
    "BVMBO": 5.9,
    "EN": 9.8,
    "DU": 4.5,
    "LO": 8.2,
    "EC": 4.5,
    "CKV": 6.0,
    "BI": 4.5,
    "FA": 3.0,
    "NA": 3.5,
    "AK": 3.5,
    "MA": 1.5,
    "NASK": 3.0,
    "TE": 1.0,
    "GS": 4.0,
    "SK": 2.5,
    "LV": 1.5,
    "IN": 1.0,
    "KL": 1.5,
    "GZW": 1.0,
    "OV": 6.9,
}
# A subject a later list adds: this share of the formatie and the total rate (assumed).
OTHER_SUBJECT_SHARE, OTHER_SUBJECT_RATE = 1.0, 5.5
# Subjects only some locations teach (assumed): the vmbo subjects where the location has vmbo,
# the classical languages where it has a gymnasium stream.
VMBO_SUBJECTS = ("BVMBO", "NASK", "TE", "GZW")
VMBO_SHARE = 0.55
GYMNASIUM_SUBJECTS = ("KL",)
GYMNASIUM_SHARE = 0.35
SUBJECT_CONCENTRATION = 60.0  # Dirichlet concentration: how much a location's subject mix varies
SUBJECT_UNIT = 10  # cells go to subjects in lumps of 0.10 FTE (a few lessons), the rest in cents
# Share of vo respondents that give the total only (assumed): small locations more often.
TOTAL_ONLY_SHARE = {"small": 0.45, "rest": 0.25}
SMALL_VO_FORMATIE = 20.0  # FTE: about a quarter of the vo locations
TOTAL_ONLY_PERSISTENCE = 0.7  # correlation of a location's propensity between rounds

# Per region (issue 23): the peildatum of the published per-arbeidsmarktregio tables the demo's
# expected rates come from, and the sector groups as those tables (and the letters) define them.
CALIBRATION_PEILDATUM = date(2023, 10, 1)
GROUPS = ("po", "vo")


@dataclass(frozen=True)
class Calibration:
    """The published teacher shortage rates (fractions) the demo is calibrated to.

    ``areas``: (po | vo, AMxx or a G5 city's GMxxxx) -> the published rate at
    CALIBRATION_PEILDATUM; ``national``: po / vo -> the national rate then; ``rounds``: each demo
    peildatum -> po / vo -> the national level of that round."""

    areas: dict[tuple[str, str], float]
    national: dict[str, float]
    rounds: dict[date, dict[str, float]]


def published_calibration() -> Calibration | None:
    """The calibration from the published figures (registry.published_measurements), or None
    where they are not there: no ``published`` folder in TEKORT_DATA_DIR, or no national po or
    vo rate at CALIBRATION_PEILDATUM. A round's national level is the rate published for its
    peildatum; else the published FTE relative to CALIBRATION_PEILDATUM's; else TARGET_RATE
    scaled by the published over TARGET_RATE's level at CALIBRATION_PEILDATUM."""
    try:
        regions = published_measurements.per_labour_market_region()
        measured = published_measurements.national()
    except published_measurements.PublishedDataError:
        return None
    national = {
        (m.sector, m.peildatum, m.measure): m.value
        for m in measured
        if m.area == "Nederland" and m.group == "leraren"
    }
    when = CALIBRATION_PEILDATUM.isoformat()
    if any((g, when, "pct") not in national for g in GROUPS):
        return None
    base = {g: national[g, when, "pct"] / 100 for g in GROUPS}
    rounds = {}
    for peildatum, constants in TARGET_RATE.items():
        day = peildatum.isoformat()
        rounds[peildatum] = {}
        for g in GROUPS:
            if (g, day, "pct") in national:
                level = national[g, day, "pct"] / 100
            elif (g, day, "fte") in national and national.get((g, when, "fte")):
                level = base[g] * national[g, day, "fte"] / national[g, when, "fte"]
            else:
                level = constants[g] * base[g] / TARGET_RATE[CALIBRATION_PEILDATUM][g]
            rounds[peildatum][g] = level
    areas = {
        (m.sector, m.area_code): m.value / 100
        for m in regions
        if m.peildatum == when and m.measure == "pct" and m.sector in GROUPS
    }
    return Calibration(areas=areas, national=base, rounds=rounds)


def _relative_rate(
    calibration: Calibration | None,
    is_vo: np.ndarray,
    region: list[str | None],
    municipality: list[str],
    is_g5: np.ndarray,
    schoolweging: np.ndarray,
    weight: np.ndarray,
) -> np.ndarray:
    """Each location's expected shortage rate, up to the round's national scaling.

    Without a calibration: G5_FACTOR in the G5 × the schoolweging's effect. With one: the
    published rate of the location's G5 city, else of its arbeidsmarktregio, else the national
    one (× G5_FACTOR in a G5 city without a figure of its own), per sector group; the
    schoolweging's effect moves a location around that rate, scaled so that the ``weight``-ed
    mean of each such area stays the published rate."""
    effect = np.exp(SCHOOLWEGING_SLOPE * (schoolweging - 30))
    if calibration is None:
        return np.where(is_g5, G5_FACTOR, 1.0) * effect
    areas, keys, target = dict(calibration.areas), [], np.empty(len(is_vo))
    for i, vo in enumerate(is_vo):
        group = "vo" if vo else "po"
        if is_g5[i] and (group, municipality[i]) in areas:
            key = (group, municipality[i])
        elif (group, region[i]) in areas:
            key = (group, region[i])
        else:
            key = (group, "G5" if is_g5[i] else "")
            areas.setdefault(key, calibration.national[group] * (G5_FACTOR if is_g5[i] else 1))
        keys.append(key)
        target[i] = areas[key]
    _, area = np.unique([f"{g}|{a}" for g, a in keys], return_inverse=True)
    mean_effect = np.bincount(area, weights=effect * weight) / np.bincount(area, weights=weight)
    return target * effect / mean_effect[area]


@dataclass
class DemoSummary:
    rounds: int
    registrations: int
    schoolweging_filled: int
    school_leader_registrations: int = 0


def _round_2(values: np.ndarray) -> list[Decimal]:
    return [Decimal(f"{v:.2f}") for v in values]


def generate(seed: int = 20251001) -> DemoSummary:
    """Create the demo rounds and registrations; refuses to run if any registration exists."""
    if Registration.objects.exists():
        raise RuntimeError(
            "er zijn al registraties: de demogenerator vult alleen een lege database"
        )
    rng = np.random.default_rng(seed)
    locations = list(
        Location.objects.order_by("code").values(
            "code",
            "sector",
            "schoolweging",
            "municipality_id",
            "municipality__labour_market_region_id",
        )
    )
    locations_g5 = set(
        Location.objects.filter(municipality__is_g5=True).values_list("code", flat=True)
    )
    if not locations:
        raise RuntimeError("het register is leeg: importeer eerst het register")
    # The latest DUO count of each location: later years overwrite earlier ones.
    pupils_by_code = dict(
        PupilCount.objects.filter(pupils__isnull=False)
        .order_by("year")
        .values_list("location_id", "pupils")
    )
    n = len(locations)
    codes = [loc["code"] for loc in locations]
    sectors = np.array([loc["sector"] for loc in locations])
    is_g5 = np.array([c in locations_g5 for c in codes])
    is_vo = sectors == Sector.VO

    # Schoolweging: CBS where known; otherwise a demo value (marked as such on the location).
    known_sw = np.array([loc["schoolweging"] is not None for loc in locations])
    schoolweging = np.array([float(loc["schoolweging"] or 0) for loc in locations])
    demo_sw = np.clip(rng.normal(30 + 2.5 * is_g5, 2.5, n), 20, 40).round(2)
    schoolweging = np.where(known_sw, schoolweging, demo_sw)

    ratio = np.array([PUPILS_PER_FTE[s] for s in sectors])
    pupils = np.array([pupils_by_code.get(c, 0) for c in codes], dtype=float)
    # A location DUO counts no pupils at teaches none of its own (they are counted elsewhere):
    # it does not register, so that the estimates' frame leaves it out (estimates/frames.py).
    counted = pupils > 0
    typical = np.where(is_vo, 900.0, np.where(sectors == Sector.BAO, 210.0, 110.0))
    pupils = np.where(pupils > 0, pupils, typical)
    base_formatie = pupils / ratio * rng.lognormal(0, 0.1, n)

    calibration = published_calibration()
    relative = _relative_rate(
        calibration,
        is_vo,
        [loc["municipality__labour_market_region_id"] for loc in locations],
        [loc["municipality_id"] for loc in locations],
        is_g5,
        schoolweging,
        base_formatie,
    )
    targets = calibration.rounds if calibration is not None else TARGET_RATE
    location_effect = rng.gamma(4.0, 0.25, n)  # persistent: some schools always struggle more
    hidden_share = np.where(is_g5, SHARE_HIDDEN[True], SHARE_HIDDEN[False])
    # Per subject: separate generators, so that the figures above are the same as without it. A
    # location's propensity to give the total only and its subject mix last from round to round.
    total_only_propensity = np.random.default_rng([seed, 8]).standard_normal(n)
    subject_shares: dict[tuple[str, ...], np.ndarray] = {}

    registrations, rounds = [], []
    for k, (peildatum, target) in enumerate(sorted(targets.items())):
        round_ = Round.objects.create(
            peildatum=peildatum,
            opens_on=peildatum,
            closes_on=peildatum + timedelta(days=35),
            sectors=[s.value for s in Sector],
            is_demo=True,
        )
        rounds.append(round_)
        formatie = np.round(
            np.maximum(base_formatie * (1 + 0.01 * k) * rng.lognormal(0, 0.03, n), 1.0), 2
        )
        raw = relative * location_effect * rng.gamma(6.0, 1 / 6.0, n)
        rate = np.empty(n)
        for group, goal in ((~is_vo, target["po"]), (is_vo, target["vo"])):
            if not group.any():  # a register without vo (or po) locations, as in some tests
                continue
            weighted = np.sum(raw[group] * formatie[group]) / np.sum(formatie[group])
            rate[group] = raw[group] * goal / weighted
        zero = ZERO_SHORTAGE ** (formatie / ZERO_REFERENCE_FTE)
        nonzero = rng.random(n) >= zero
        shortage = np.minimum(rate * formatie * nonzero / (1 - zero), 0.6 * formatie)
        hidden = np.clip(hidden_share + rng.normal(0, 0.1, n), 0, 1)
        substitution = np.clip(SHARE_SUBSTITUTION + rng.normal(0, 0.08, n), 0, 1)
        cells = {
            "regulier_openstaand": shortage * (1 - hidden) * (1 - substitution),
            "regulier_verborgen": shortage * hidden * (1 - substitution),
            "vervanging_openstaand": shortage * (1 - hidden) * substitution,
            "vervanging_verborgen": shortage * hidden * substitution,
        }
        cells = {name: np.floor(values * 100) / 100 for name, values in cells.items()}
        # Larger shortages answer a little less often (the estimator must correct for this).
        p_response = np.where(is_g5, RESPONSE[True], RESPONSE[False]) - 0.4 * np.clip(
            rate - target["po"], -0.1, 0.1
        )
        responded = (rng.random(n) < p_response) & counted
        decimals = {name: _round_2(values) for name, values in cells.items()}
        decimal_formatie = _round_2(formatie)
        # The form's hard rules (submissions.validation): substitution needs teachers on long
        # leave, and the hidden FTE is split over the emergency measures to the cent. A separate
        # generator per round, so that the figures above are the same as without this step.
        split_rng = np.random.default_rng([seed, 7, k])
        substituted = cells["vervanging_openstaand"] + cells["vervanging_verborgen"]
        leave = np.minimum(
            substituted
            + np.floor(formatie * split_rng.gamma(2.0, EXTRA_LONG_LEAVE / 2, n) * 100) / 100,
            formatie,
        )
        decimal_leave = _round_2(leave)
        subject_codes = vo_subjects.codes_on(peildatum)
        by_subject = {}
        if subject_codes:
            if subject_codes not in subject_shares:
                subject_shares[subject_codes] = _subject_shares(
                    np.random.default_rng([seed, 9]), subject_codes, n
                )
            by_subject = _subject_answers(
                np.random.default_rng([seed, 10, k]),
                subject_codes,
                subject_shares[subject_codes],
                np.flatnonzero(responded & is_vo),
                formatie,
                cells,
                total_only_propensity,
            )
        submitted = round_.closes_on - timedelta(days=3)
        for i in np.flatnonzero(responded):
            subject_answer, subjects = by_subject.get(i, NO_SUBJECTS)
            registrations.append(
                Registration(
                    round=round_,
                    location_id=codes[i],
                    formatie=decimal_formatie[i],
                    long_leave=decimal_leave[i],
                    pupils=int(pupils[i]),
                    channel=Registration.Channel.DEMO,
                    submitted_at=f"{submitted.isoformat()}T12:00:00+00:00",
                    hidden_measures=_split_hidden(
                        split_rng,
                        "vo" if is_vo[i] else "po",
                        regulier=decimals["regulier_verborgen"][i],
                        vervanging=decimals["vervanging_verborgen"][i],
                    ),
                    subject_answer=subject_answer,
                    subjects=subjects,
                    **{name: values[i] for name, values in decimals.items()},
                )
            )
    leaders = _school_leaders(rounds, codes, sectors, is_g5, relative, seed, counted)
    with transaction.atomic():
        Registration.objects.bulk_create(registrations, batch_size=2000)
        SchoolLeaderRegistration.objects.bulk_create(leaders, batch_size=2000)
        to_fill = [
            Location(
                code=codes[i], schoolweging=Decimal(f"{demo_sw[i]:.2f}"), schoolweging_is_demo=True
            )
            for i in np.flatnonzero(~known_sw)
        ]
        Location.objects.bulk_update(
            to_fill, ["schoolweging", "schoolweging_is_demo"], batch_size=1000
        )
    return DemoSummary(len(rounds), len(registrations), len(to_fill), len(leaders))


def _split_hidden(rng, group: str, **hidden: Decimal) -> dict:
    """The hidden FTE of each cell split over the emergency measures, to the cent: the measures'
    shares drawn around MEASURE_SHARES, the cents drawn with those shares (so the parts add up
    to the hidden FTE exactly). As the form stores it: cell -> code -> FTE text, zeros left out."""
    codes = list(MEASURE_SHARES[group])
    mean = np.array([MEASURE_SHARES[group][c] for c in codes])
    shares = rng.dirichlet(mean / mean.sum() * MEASURE_CONCENTRATION)
    out = {}
    for cell, fte in hidden.items():
        cents = int(fte * 100)
        if cents == 0:
            continue
        parts = rng.multinomial(cents, shares)
        out[cell] = {c: f"{p / 100:.2f}" for c, p in zip(codes, parts, strict=True) if p}
    return out


NO_SUBJECTS = ("", {})


def _cents(values: np.ndarray) -> np.ndarray:
    return np.rint(values * 100).astype(np.int64)


def _subject_shares(rng, codes: tuple[str, ...], n: int) -> np.ndarray:
    """Each location's share of its formatie per subject (columns in the order of ``codes``):
    drawn around SUBJECT_SHARE, without the vmbo subjects where it has no vmbo and the classical
    languages where it has no gymnasium stream (their share is then that much larger elsewhere)."""
    has_vmbo = rng.random(n) < VMBO_SHARE
    has_gymnasium = rng.random(n) < GYMNASIUM_SHARE
    offered = np.ones((n, len(codes)), dtype=bool)
    mean = np.array([SUBJECT_SHARE.get(c, OTHER_SUBJECT_SHARE) for c in codes])
    for j, code in enumerate(codes):
        if code in VMBO_SUBJECTS:
            offered[:, j] = has_vmbo
            mean[j] /= VMBO_SHARE
        elif code in GYMNASIUM_SUBJECTS:
            offered[:, j] = has_gymnasium
            mean[j] /= GYMNASIUM_SHARE
    shares = rng.dirichlet(mean / mean.sum() * SUBJECT_CONCENTRATION, n) * offered
    return shares / shares.sum(axis=1, keepdims=True)


def _subject_answers(rng, codes, shares, rows, formatie, cells, propensity) -> dict:
    """The per-subject answer of the vo respondents ``rows`` (indices into the round's arrays):
    row -> (subject_answer, subjects as the form stores them).

    Total only with TOTAL_ONLY_SHARE (a location's draw correlates over the rounds by
    TOTAL_ONLY_PERSISTENCE). Otherwise the formatie's cents go to the subjects with the location's
    ``shares``, and each cell's FTE (in lumps of SUBJECT_UNIT cents, the rest in cents) with
    probability ∝ subject formatie × SUBJECT_RATE; where a subject's regular or substitution cells
    then exceed its formatie, the excess moves to subjects with room. The subjects add up to the
    location's figures to the cent."""
    small = formatie[rows] < SMALL_VO_FORMATIE
    threshold = np.where(
        small,
        NormalDist().inv_cdf(TOTAL_ONLY_SHARE["small"]),
        NormalDist().inv_cdf(TOTAL_ONLY_SHARE["rest"]),
    )
    rho = TOTAL_ONLY_PERSISTENCE
    z = np.sqrt(rho) * propensity[rows] + np.sqrt(1 - rho) * rng.standard_normal(len(rows))
    total_only = z < threshold
    out = {int(i): (TOTAL_ONLY, {}) for i in rows[total_only]}
    per = rows[~total_only]
    if not len(per):
        return out
    rate = np.array([SUBJECT_RATE.get(c, OTHER_SUBJECT_RATE) for c in codes])
    subject_formatie = rng.multinomial(_cents(formatie[per]), shares[per])
    weight = subject_formatie * rate
    p = weight / weight.sum(axis=1, keepdims=True)
    drawn = {}
    for name in CELLS:
        cents = _cents(cells[name][per])
        drawn[name] = rng.multinomial(cents // SUBJECT_UNIT, p) * SUBJECT_UNIT + rng.multinomial(
            cents % SUBJECT_UNIT, p
        )
    for first, second in (CELLS[:2], CELLS[2:]):
        a, b = drawn[first], drawn[second]
        for j in np.flatnonzero((a + b > subject_formatie).any(axis=1)):
            _within_formatie(a[j], b[j], subject_formatie[j], weight[j])
    values = {"formatie": subject_formatie, **drawn}
    columns = [(name, values[name].tolist()) for name in SUBJECT_FIELDS]
    order = sorted(range(len(codes)), key=codes.__getitem__)
    for j, i in enumerate(per):
        present = [s for s in order if subject_formatie[j, s]]
        subjects = {codes[s]: {} for s in present}
        for name, rows_of in columns:
            row = rows_of[j]
            for s in present:
                subjects[codes[s]][name] = _fte_text(row[s])
        out[int(i)] = (PER_SUBJECT, subjects)
    return out


@cache
def _fte_text(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _within_formatie(a: np.ndarray, b: np.ndarray, cap: np.ndarray, weight: np.ndarray) -> None:
    """Where a subject's ``a`` + ``b`` (cents) exceed its ``cap``, move the excess (from each in
    proportion) to the subjects with room, the largest ``weight`` first, in place: every subject
    then within its cap, and ``a``'s and ``b``'s sums as they were (there is room enough, as the
    location's own cells are within its formatie)."""
    moved_a = moved_b = 0
    for s in np.flatnonzero(a + b > cap):
        excess = int(a[s] + b[s] - cap[s])
        from_a = excess * int(a[s]) // int(a[s] + b[s])
        a[s] -= from_a
        b[s] -= excess - from_a
        moved_a += from_a
        moved_b += excess - from_a
    room = cap - a - b
    for t in np.argsort(-weight, kind="stable"):
        if not moved_a and not moved_b:
            break
        put = min(int(room[t]), moved_a)
        a[t] += put
        moved_a -= put
        room[t] -= put
        put = min(int(room[t]), moved_b)
        b[t] += put
        moved_b -= put
        room[t] -= put


def _school_leaders(rounds, codes, sectors, is_g5, relative, seed, counted) -> list:
    """Board-level school-leader registrations, calibrated per round to SCHOOL_LEADER_RATE.

    A board none of whose locations DUO counts pupils at does not register (``counted``: per
    location), as its locations do not."""
    # A separate generator, so that the teacher registrations are the same as without this step.
    rng = np.random.default_rng([seed, 6])
    board_of = dict(Location.objects.filter(code__in=codes).values_list("code", "board_id"))
    boards = sorted(set(board_of.values()))
    index = {b: i for i, b in enumerate(boards)}
    member = np.array([index[board_of[c]] for c in codes])
    per_location = np.where(sectors == Sector.VO, SCHOOL_LEADER_FTE["vo"], SCHOOL_LEADER_FTE["po"])
    base = np.bincount(member, weights=per_location, minlength=len(boards))
    g5 = np.bincount(member, weights=is_g5, minlength=len(boards)) > 0
    active = np.bincount(member, weights=counted, minlength=len(boards)) > 0
    pressure = np.bincount(member, weights=relative, minlength=len(boards)) / np.bincount(
        member, minlength=len(boards)
    )
    board_effect = rng.gamma(4.0, 0.25, len(boards))
    out = []
    for k, round_ in enumerate(rounds):
        goal = SCHOOL_LEADER_RATE[round_.peildatum]
        formatie = np.round(
            np.maximum(base * (1 + 0.005 * k) * rng.lognormal(0, 0.05, len(boards)), 0.5), 2
        )
        raw = pressure * board_effect * rng.gamma(4.0, 0.25, len(boards))
        rate = raw * goal / (np.sum(raw * formatie) / np.sum(formatie))
        shortage = np.minimum(rate * formatie, 0.5 * formatie)
        shortage *= goal * np.sum(formatie) / np.sum(shortage)  # the cap moved the total: rescale
        shortage = np.minimum(shortage, 0.5 * formatie)
        hidden = np.clip(0.6 + rng.normal(0, 0.1, len(boards)), 0, 1)
        substitution = np.clip(0.2 + rng.normal(0, 0.05, len(boards)), 0, 1)
        cells = {
            "regulier_openstaand": shortage * (1 - hidden) * (1 - substitution),
            "regulier_verborgen": shortage * hidden * (1 - substitution),
            "vervanging_openstaand": shortage * (1 - hidden) * substitution,
            "vervanging_verborgen": shortage * hidden * substitution,
        }
        cells = {name: _round_2(np.floor(v * 100) / 100) for name, v in cells.items()}
        responded = active & (
            rng.random(len(boards))
            < np.where(g5, SCHOOL_LEADER_RESPONSE[True], SCHOOL_LEADER_RESPONSE[False])
        )
        decimal_formatie = _round_2(formatie)
        submitted = round_.closes_on - timedelta(days=3)
        for i in np.flatnonzero(responded):
            out.append(
                SchoolLeaderRegistration(
                    round=round_,
                    board_id=boards[i],
                    formatie=decimal_formatie[i],
                    channel=Registration.Channel.DEMO,
                    submitted_at=f"{submitted.isoformat()}T12:00:00+00:00",
                    **{name: values[i] for name, values in cells.items()},
                )
            )
    return out
