"""Adapter: the latest published release → ``tekort_forecast.BaseYear`` per region × sector.

The base year is the **current release of the latest published 1 October round** (the model's
peildatum; February rounds feed the nowcast, not the base year), read through the one road
(:mod:`tekort.publications.public_figures`, :mod:`tekort.forecasts.published_base`): the cells as
published, rounded, with their intervals and symbols. An open round, an unpublished estimate
run or registrations never reach the raming. Regions are "Nederland" plus every onderwijsregio
the release publishes; forecast sectors are the vintage's: bao, sbo, (v)so (so, vso and so/vso
together) and vo. A cell the release withholds has no value here either: its projection cannot
be computed and the page offers the nearest published level instead.

Pupils are DUO's counts (``PupilCount``) of the latest count year up to the base year, projected
per region by its own trend scaled to the national prognosis; inflows are the vintage's dated
national series shared out by formatie (:mod:`tekort.forecasts.inputs`). The built table is cached per release (a release never
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
from tekort.registry import membership
from tekort.registry.models import PUBLISHED_SECTOR, Location, PupilCount
from tekort_forecast import BaseYear, Parameters
from tekort_forecast import series as national_series

NEDERLAND = "Nederland"
# the register's sector -> the forecast's, through its published name (one map: published_base)
FORECAST_SECTOR = {
    sector: published_base.FORECAST_SECTOR[name] for sector, name in PUBLISHED_SECTOR.items()
}
FORECAST_SECTORS = ("bao", "sbo", "vso", "vo")
PO_SECTORS = inputs.PO_SECTORS
CACHE_SECONDS = 3600
HORIZON = 20  # years of pupils and inflows prepared per cell


@dataclass(frozen=True)
class Cell(published_base.Measured):
    """The base-year inputs of one region × sector: the release's measurement (values only where
    the release shows them) with DUO's pupils and the baseline inflows."""

    pupils: float = 0.0
    pupil_path: tuple[float, ...] = ()  # pupils from the base year on (HORIZON + 1 years)
    graduates: tuple[float, ...] = ()  # persons per year from the base year on
    zij_instroom: tuple[float, ...] = ()
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
class Borrowed:
    """A withheld cell's stand-in base: the published level it belongs to, scaled."""

    cell: Cell
    source: tuple[str, str]  # (region, sector) of the published level
    pupil_share: float  # the region's pupils / the source's pupils (DUO)


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

    def borrowed(self, region: str, sector: str) -> Borrowed | None:
        """For a cell the release withholds: a base from the nearest published level it
        belongs to (the sector nationally), sized by the region's share of the nation's
        pupils (DUO, public). Nothing of the withheld cell enters; None when the nation's
        cell is not usable or the region has no pupils."""
        own = self.cells.get((region, sector))
        national = self.cell(NEDERLAND, sector)
        if own is None or own.usable or national is None or region == NEDERLAND:
            return None
        if own.pupils <= 0 or not own.pupil_path or national.pupils <= 0:
            return None
        share = own.pupils / national.pupils
        formatie = national.formatie * share
        cell = replace(
            national,
            formatie=formatie,
            shortage=national.shortage / national.formatie * formatie,
            ci_low=None,
            ci_high=None,
            se_rate=None,
            respondents=None,
            locations=own.locations,
            pupils=own.pupils,
            pupil_path=own.pupil_path,
            graduates=tuple(g * share for g in national.graduates),
            zij_instroom=tuple(z * share for z in national.zij_instroom),
            re_entrants=national.re_entrants * share,
        )
        return Borrowed(cell=cell, source=(NEDERLAND, sector), pupil_share=share)

    def base_year(
        self, region: str, sector: str, years: int, *, borrowed: bool = False
    ) -> BaseYear:
        """The core's ``BaseYear`` for one region × sector, pupils projected ``years`` ahead;
        with ``borrowed`` the base of :meth:`borrowed` (for a withheld cell)."""
        if borrowed:
            found = self.borrowed(region, sector)
            cell = found.cell if found is not None else None
        else:
            cell = self.cell(region, sector)
        if cell is None:
            raise KeyError((region, sector))
        if years > HORIZON:
            raise ValueError(f"at most {HORIZON} years ahead")
        n = years + 1
        return BaseYear(
            year=self.year,
            regions=(region,),
            sectors=(sector,),
            formatie=[[cell.formatie]],
            shortage=[[cell.shortage]],
            pupils=np.asarray(cell.pupil_path[:n])[None, None, :],
            graduates=np.asarray(cell.graduates[:n])[None, None, :],
            zij_instroom=np.asarray(cell.zij_instroom[:n])[None, None, :],
            re_entrants=[[cell.re_entrants]],
        )


def latest_release() -> Release | None:
    """The current release of the latest published October round (the forecast's base year)."""
    return public_figures.latest_release(month=10)


def october_releases() -> list[Release]:
    return public_figures.current_releases(month=10)


def _location_regions() -> pd.DataFrame:
    """One row per location × region (Nederland and each onderwijsregio of its board today)."""
    locations = pd.DataFrame(
        Location.objects.values_list("code", "sector", "board_id"),
        columns=["code", "register_sector", "board_id"],
    )
    locations["sector"] = locations["register_sector"].map(FORECAST_SECTOR)
    members = pd.DataFrame(
        membership.memberships_on(membership.today()).values_list(
            "onderwijsregio__name", "board_id"
        ),
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


def pupil_history(year: int, years: int = inputs.TREND_YEARS) -> pd.DataFrame:
    """DUO's counts per region × sector for the ``years`` count years up to ``year``:
    index (region, sector), one column per count year (locations as in today's register)."""
    places = _location_regions()
    counts = pd.DataFrame(
        PupilCount.objects.filter(
            year__lte=year, year__gt=year - years, pupils__isnull=False
        ).values_list("location_id", "year", "pupils"),
        columns=["code", "year", "pupils"],
    )
    merged = places.merge(counts, on="code")
    if merged.empty:
        return pd.DataFrame()
    return merged.pivot_table(
        index=["region", "sector"], columns="year", values="pupils", aggfunc="sum"
    )


def _pupil_paths(
    cells: dict[tuple[str, str], Cell], pupils: dict, year: int, params: Parameters
) -> dict[tuple[str, str], tuple[float, ...]]:
    """Pupils per region × sector for HORIZON years: the nation follows the prognosis, each
    onderwijsregio its own trend relative to it (``tekort_forecast.series.regional_pupils``)."""
    history = pupil_history(year)
    paths = {}
    for sector in FORECAST_SECTORS:
        national = national_series.pupil_index(params, sector, year, HORIZON)
        keys = [k for k in cells if k[1] == sector and pupils.get(k, 0.0) > 0]
        national_keys = [k for k in keys if k[0] == NEDERLAND]
        regional_keys = [k for k in keys if k[0] != NEDERLAND]
        for key in national_keys:
            paths[key] = tuple(float(v) for v in pupils[key] * national)
        if not regional_keys:
            continue
        base = pd.Series([pupils[k] for k in regional_keys], index=[k[0] for k in regional_keys])
        own = None
        if not history.empty:
            rows = (
                history.xs(sector, level="sector")
                if sector in history.index.get_level_values("sector")
                else None
            )
            own = rows.reindex(base.index) if rows is not None else None
        projected = national_series.regional_pupils(
            own,
            base,
            national,
            trend_years=inputs.TREND_YEARS,
            max_relative_trend=inputs.MAX_RELATIVE_TREND,
        )
        for key in regional_keys:
            paths[key] = tuple(float(v) for v in projected.loc[key[0]])
    return paths


def _with_inflows(
    cells: dict[tuple[str, str], Cell], pupils: dict, params: Parameters, year: int
) -> dict[tuple[str, str], Cell]:
    """Add pupils (base and path) and inflows: the vintage's national series per group,
    shared out by formatie; re-entrants from the vintage's rate and the base-year stock."""

    def sized(cell):
        return cell is not None and cell.published and cell.formatie and cell.formatie > 0

    def group(sector):
        return "po" if sector in PO_SECTORS else "vo"

    national = {s: cells.get((NEDERLAND, s)) for s in FORECAST_SECTORS}
    totals = {"po": 0.0, "vo": 0.0}
    for s, c in national.items():
        if sized(c):
            totals[group(s)] += c.formatie
    calendar = year + np.arange(HORIZON + 1)
    graduates = {g: national_series.graduates(params.training[g], calendar) for g in totals}
    zij = {g: national_series.zij_instroom(params, g, calendar) for g in totals}
    paths = _pupil_paths(cells, pupils, year, params)
    result = {}
    for (region, sector), cell in cells.items():
        if not sized(cell):  # withheld: only the public pupil counts (for a borrowed base)
            result[(region, sector)] = replace(
                cell,
                pupils=float(pupils.get((region, sector), 0.0)),
                pupil_path=paths.get((region, sector), ()),
            )
            continue
        g = group(sector)
        share = cell.formatie / totals[g] if totals[g] else 0.0
        sp = params.sector(sector)
        regular = max(cell.formatie - cell.shortage, 0.0)
        persons = float((regular * sp.fte_age_share / sp.fte_per_person).sum())
        result[(region, sector)] = replace(
            cell,
            pupils=float(pupils.get((region, sector), 0.0)),
            pupil_path=paths.get((region, sector), ()),
            graduates=tuple(float(v) for v in graduates[g] * share),
            zij_instroom=tuple(float(v) for v in zij[g] * share),
            re_entrants=float(params.reentry_rate_of(g) * persons),
        )
    return result


def _regions(cells: dict[tuple[str, str], Cell]) -> tuple[str, ...]:
    others = sorted({region for region, _sector in cells} - {NEDERLAND})
    return (NEDERLAND, *others)


def build_base_table(release: Release, params: Parameters) -> BaseTable:
    cells = measured(release)
    year = release.round.peildatum.year
    cells = _with_inflows(cells, base_pupils(year), params, year)
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
    onderwijsregio memberships valid today and DUO's pupil counts (a corrected count file changes the sum)."""
    members = membership.memberships_on(membership.today()).count()
    counts = PupilCount.objects.aggregate(n=Count("pk"), pupils=Sum("pupils"), year=Max("year"))
    key = "forecasts:base:{}:{}:{}:{}:{}:{}".format(
        release.pk, params.vintage, members, counts["n"], counts["pupils"], counts["year"]
    )
    table = cache.get(key)
    if table is None:
        table = build_base_table(release, params)
        cache.set(key, table, CACHE_SECONDS)
    return table
