"""Regional inputs of the raming that tekort does not measure: derived, dated, labelled.

The parameter vintage of ``tekort_forecast`` holds every national value with its source and
date (training intake and completion, zij-instroom, re-entry rate, pupil prognosis, exits by
age). What this module adds is how those national series reach a region × sector, each rule
listed on the parameters page beside the vintage, sourced or labelled as an assumption:

* graduates and zij-instromers: the national series of the sector's group (po or vo), shared
  out over region × sector in proportion to the base-year formatie;
* re-entrants: the vintage's re-entry rate times the base-year stock of persons (regular FTE /
  FTE per person), a constant number of persons a year: not a residual;
* pupils: DUO's counts per location summed per region, projected by the region's own trend
  (log-linear over its last ten count years) relative to the nation's, and scaled so that all
  regions together follow the national prognosis (``tekort_forecast.series``).
"""

from dataclasses import dataclass

PO_SECTORS = ("bao", "sbo", "vso")
TREND_YEARS = 10
MAX_RELATIVE_TREND = 0.02


@dataclass(frozen=True)
class RegionalInput:
    key: str
    value: float | str
    unit: str
    source: str | None
    assumption: bool
    note: str = ""


GRADUATES = RegionalInput(
    "regional.graduates",
    "training.<group> x formatie share",
    "persons per year",
    "vintage: training.po / training.vo (intake x completion, lag 4 years)",
    True,
    "graduates go where the formatie is: each region x sector gets its share of its group's "
    "(po: bao + sbo + (v)so; vo) base-year formatie",
)
ZIJ_INSTROOM = RegionalInput(
    "regional.zij_instroom",
    "zij_instroom x group share x formatie share",
    "persons per year",
    "vintage: zij_instroom.persons and share_po / share_vo",
    True,
    "shared out like the graduates",
)
RE_ENTRANTS = RegionalInput(
    "regional.re_entrants",
    "inflow.reentry_rate x base-year persons",
    "persons per year",
    "vintage: inflow.reentry_rate (STAMOS 5.70 vo flows 2010-2016)",
    True,
    "a fixed number of persons a year from the base year on; the stock is free to move",
)
PUPILS = RegionalInput(
    "regional.pupils",
    f"own trend over {TREND_YEARS} count years, scaled to the national prognosis",
    "pupils",
    "DUO counts per location (register, po 1996-2025, vo 2025); vintage: pupils.po / pupils.vo",
    True,
    f"a region's trend relative to the nation is capped at {MAX_RELATIVE_TREND:.0%} a year; "
    "vo has one count year (2025) and follows the national prognosis",
)


def all_inputs() -> list[RegionalInput]:
    return [GRADUATES, ZIJ_INSTROOM, RE_ENTRANTS, PUPILS]
