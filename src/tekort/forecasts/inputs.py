"""Regional inputs the forecast needs that tekort does not measure: dated, sourced or labelled.

The parameter vintage of ``tekort_forecast`` holds the model's national parameters; the base
year's regional inputs (pupil projection, baseline inflows) are data passed to ``BaseYear``.
Until regional series exist, they are derived here from national figures, each with its
source or labelled as an assumption, exactly like a vintage value; the parameters page shows
them next to the vintage.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class RegionalInput:
    key: str
    value: float
    unit: str
    source: str | None
    assumption: bool
    note: str = ""


def _growth(start: float, end: float, years: int) -> float:
    return (end / start) ** (1 / years) - 1


# Pupil trends per forecast sector (methods §4.4, [S38] Referentieraming 2024).
PUPIL_GROWTH = {
    "bao": RegionalInput(
        "pupils.growth.bao",
        _growth(1.367, 1.438, 10),
        "per year",
        "[S38] Referentieraming: bao 1.367 m pupils (2022) to 1.438 m (2032), +5.2 %",
        True,
        "national trend applied to every region; the base level is DUO's count",
    ),
    "sbo": RegionalInput(
        "pupils.growth.sbo",
        _growth(1.367, 1.438, 10),
        "per year",
        None,
        True,
        "bao trend [S38] used for sbo",
    ),
    "vso": RegionalInput(
        "pupils.growth.vso",
        _growth(1.367, 1.438, 10),
        "per year",
        None,
        True,
        "bao trend [S38] used for (v)so",
    ),
    "vo": RegionalInput(
        "pupils.growth.vo",
        _growth(942, 893, 10),
        "per year",
        "[S38] Referentieraming: vo 942 k pupils to 893 k in ten years, -5.2 %",
        True,
        "national trend applied to every region; base level from the registrations' pupils",
    ),
}

# Baseline inflows in persons per year, national; allocated to region x sector by formatie.
GRADUATES = {
    "po": RegionalInput(
        "inflow.graduates.po",
        3_700.0,
        "persons per year",
        "[S34] pabo diplomas 2021: 3.7 thousand",
        True,
        "allocated to bao, sbo and (v)so and to regions in proportion to the formatie",
    ),
    "vo": RegionalInput(
        "inflow.graduates.vo",
        5_600.0,
        "persons per year",
        "[S34] hbo 2nd degree 2.9-3.4 k, hbo 1st degree 1.6-1.8 k, ulo 0.6-0.9 k (midpoints)",
        True,
        "all assumed to enter vo; allocated to regions in proportion to the formatie",
    ),
}
ZIJ_INSTROOM = RegionalInput(
    "inflow.zij_instroom",
    2_285.0,
    "persons per year",
    "letters 001/004: 2,285 subsidised zij-instromers in 2023 (po, vo and mbo)",
    True,
    "mbo's share ignored; allocated to sectors and regions in proportion to the formatie",
)
RE_ENTRANTS = RegionalInput(
    "inflow.re_entrants",
    float("nan"),
    "persons per year",
    None,
    True,
    "residual: re-entrants and other inflow make the base-year stock of persons stationary "
    "(inflow = exits at the vintage's exit probabilities); to replace with DUO flows [S20]",
)


def all_inputs() -> list[RegionalInput]:
    return [*PUPIL_GROWTH.values(), *GRADUATES.values(), ZIJ_INSTROOM, RE_ENTRANTS]
