"""Adapter: the latest published release → ``tekort_forecast.BaseYear`` per region × sector.

The base year is the **current release of the latest published 1 October round** (the model's
peildatum; February rounds feed the nowcast, not the base year), read through the one road
(:mod:`tekort.publications.public_figures`, :mod:`tekort.forecasts.published_base`): the cells as
published, rounded, with their intervals and symbols. An open round, an unpublished estimate
run or registrations never reach the raming. Regions are "Nederland" plus every onderwijsregio
the release publishes; forecast sectors are the vintage's: bao, sbo, (v)so (so, vso and so/vso
together) and vo. A cell the release withholds has no value here either: its projection cannot
be computed and the page offers the nearest published level instead.

Pupils are DUO's counts (``PupilCount``) of the latest count year up to the base year; inflows
come from :mod:`tekort.forecasts.inputs`. The built table is cached per release (a release never
changes) and state of the register's memberships and counts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date

import numpy as np
import pandas as pd
from django.core.cache import cache
from django.db.models import Count, Max, Sum

from tekort.forecasts import inputs, published_base
from tekort.publications import public_figures
from tekort.publications.headline import public_status
from tekort.publications.models import Release
from tekort.registry.models import Location, Onderwijsregio, PupilCount, Sector
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


@dataclass(frozen=True)
class Cell(published_base.Measured):
    """The base-year inputs of one region × sector: the release's measurement (values only where
    the release shows them) with DUO's pupils and the baseline inflows."""

    pupils: float = 0.0
    graduates: float = 0.0
    zij_instroom: float = 0.0
    re_entrants: float = 0.0

    @property
    def rate(self) -> float:
        if not self.published or not self.formatie:
            return float("nan")
        return self.shortage / self.formatie

    @property
    def usable(self) -> bool:
        return (
            self.published
            and self.formatie is not None
            and self.formatie > 0
            and 0 <= self.shortage < self.formatie
            and self.pupils > 0
        )


@dataclass(frozen=True)
class BaseTable:
    """Base-year inputs of every region × sector of one release (cacheable, picklable)."""

    round_id: int
    peildatum: date
    is_demo: bool
    vintage: str
    regions: tuple[str, ...]
    release: str  # the release's slug
    release_version: int
    release_status: str
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)

    @property
    def year(self) -> int:
        return self.peildatum.year

    def sectors_of(self, region: str) -> list[str]:
        """The sectors the release has a cell of in ``region`` (shown or withheld)."""
        return [s for s in FORECAST_SECTORS if (region, s) in self.cells]

    def usable_sectors(self, region: str) -> list[str]:
        return [s for s in FORECAST_SECTORS if self.cell(region, s) is not None]

    def published_cell(self, region: str, sector: str) -> Cell | None:
        """The release's cell, shown or withheld; None when the release has none."""
        return self.cells.get((region, sector))

    def cell(self, region: str, sector: str) -> Cell | None:
        """The cell if a forecast can start from it (shown, with formatie and pupils)."""
        cell = self.cells.get((region, sector))
        return cell if cell is not None and cell.usable else None

    def alternatives(self, region: str, sector: str) -> list[tuple[str, str]]:
        """The nearest published levels of a withheld cell: the sector nationally, then the
        region's other sectors (only those a forecast can start from)."""
        found = []
        if region != NEDERLAND and self.cell(NEDERLAND, sector) is not None:
            found.append((NEDERLAND, sector))
        found += [(region, s) for s in self.usable_sectors(region) if s != sector]
        return found

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


def latest_release() -> Release | None:
    """The current release of the latest published October round (the forecast's base year)."""
    return public_figures.latest_release(month=10)


def october_releases() -> list[Release]:
    return public_figures.current_releases(month=10)


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


def measured(release: Release) -> dict[tuple[str, str], Cell]:
    """Formatie, shortage, interval and symbol per region × sector, as the release shows them."""
    return {
        key: Cell(**asdict(m)) for key, m in published_base.measured(release, NEDERLAND).items()
    }


def base_pupils(year: int) -> dict[tuple[str, str], float]:
    """Pupils per region × sector: DUO's counts of the latest count year up to ``year``.

    A region × sector without any count has 0 pupils: no forecast starts from it (the pupil
    trend drives demand). Nothing comes from schools' own registrations.
    """
    places = _location_regions()
    latest = (
        PupilCount.objects.filter(year__lte=year, pupils__isnull=False)
        .values("location__sector")
        .annotate(year=Max("year"))
    )
    frames = [
        pd.DataFrame(
            PupilCount.objects.filter(
                year=row["year"], location__sector=row["location__sector"], pupils__isnull=False
            ).values_list("location_id", "pupils"),
            columns=["code", "pupils"],
        )
        for row in latest
    ]
    counts = (
        pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["code", "pupils"])
    )
    merged = places.merge(counts, on="code", how="left").fillna({"pupils": 0.0})
    grouped = merged.groupby(["region", "sector"])["pupils"].sum()
    return {key: float(value) for key, value in grouped.items()}


def _with_inflows(
    cells: dict[tuple[str, str], Cell], pupils: dict, params: Parameters
) -> dict[tuple[str, str], Cell]:
    """Add pupils and baseline inflows (national totals allocated by formatie share)."""

    def sized(cell):
        return cell is not None and cell.published and cell.formatie and cell.formatie > 0

    national = {s: cells.get((NEDERLAND, s)) for s in FORECAST_SECTORS}
    po_total = sum(c.formatie for s, c in national.items() if sized(c) and s in PO_SECTORS)
    all_total = sum(c.formatie for c in national.values() if sized(c))
    result = {}
    for (region, sector), cell in cells.items():
        if not sized(cell):
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
        result[(region, sector)] = replace(
            cell,
            pupils=float(pupils.get((region, sector), 0.0)),
            graduates=float(graduates),
            zij_instroom=float(zij),
            re_entrants=float(max(exits - entering, 0.0)),
        )
    return result


def _regions(cells: dict[tuple[str, str], Cell]) -> tuple[str, ...]:
    others = sorted({region for region, _sector in cells} - {NEDERLAND})
    return (NEDERLAND, *others)


def build_base_table(release: Release, params: Parameters) -> BaseTable:
    cells = measured(release)
    cells = _with_inflows(cells, base_pupils(release.round.peildatum.year), params)
    return BaseTable(
        round_id=release.round_id,
        peildatum=release.round.peildatum,
        is_demo=release.round.is_demo,
        vintage=params.vintage,
        regions=_regions(cells),
        release=release.slug,
        release_version=release.version,
        release_status=public_status(release),  # a demo release is never definitief
        cells=cells,
    )


def cached_base_table(release: Release, params: Parameters) -> BaseTable:
    """:func:`build_base_table`, cached per release (frozen) and state of the register: its
    onderwijsregio memberships and DUO's pupil counts (a corrected count file changes the sum)."""
    members = Onderwijsregio.boards.through.objects.count()
    counts = PupilCount.objects.aggregate(n=Count("pk"), pupils=Sum("pupils"), year=Max("year"))
    key = "forecasts:base:{}:{}:{}:{}:{}:{}".format(
        release.pk, params.vintage, members, counts["n"], counts["pupils"], counts["year"]
    )
    table = cache.get(key)
    if table is None:
        table = build_base_table(release, params)
        cache.set(key, table, CACHE_SECONDS)
    return table
