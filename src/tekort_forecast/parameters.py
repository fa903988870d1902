"""Load and validate one dated, sourced parameter vintage (a TOML file).

Every value in a vintage is a small table ``{ value = ..., source = "..." }`` or
``{ value = ..., assumption = true, note = "..." }`` (a value may carry both a source and the
assumption label when it is a source's figure used beyond what the source says). Loading returns
a frozen :class:`Parameters` whose :attr:`Parameters.assumptions` lists the dotted keys of the
values labelled as assumptions, so that a page can show them.

The shipped vintages live in ``tekort_forecast/parameters/<vintage>.toml``.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

__all__ = [
    "ParameterError",
    "Parameters",
    "Provenance",
    "SectorParameters",
    "Series",
    "Training",
    "load_parameters",
    "parse_parameters",
]

#: relative tolerance when checking that an age distribution sums to one (sources publish
#: rounded percentages, e.g. 100.1 %); the loaded shares are then normalised exactly.
SHARE_SUM_TOLERANCE = 0.01


class ParameterError(ValueError):
    """A parameter vintage is malformed; ``key`` is the dotted key at fault."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key


@dataclass(frozen=True)
class Provenance:
    """Where a value comes from."""

    source: str | None
    assumption: bool
    note: str | None = None


@dataclass(frozen=True)
class SectorParameters:
    """Per-sector values; arrays run over the vintage's age bands."""

    fte_per_person: np.ndarray  # phi_a, FTE per person
    exit_probability: np.ndarray  # q_a, per year
    part_time_share: np.ndarray  # pi_pt,a, share of persons with phi <= 0.8
    fte_age_share: np.ndarray  # share of FTE by age band (to build a stock when none is given)
    kappa: float  # share of a full-time task that scales with contact time
    seasonal_feb_pp: float  # February minus October effect on the shortage rate, pp


@dataclass(frozen=True)
class Series:
    """A dated national series (years ascending, one value each), e.g. pupil counts."""

    years: np.ndarray
    values: np.ndarray


@dataclass(frozen=True)
class Training:
    """Teacher training feeding one group of sectors (po: pabo; vo: 1st/2nd-degree courses).

    Graduates of calendar year y = intake(y - lag) x completion; the intake between two known
    years is interpolated linearly and held at the nearest known year outside them.
    """

    intake: Series  # first-year students per intake year
    completion: float  # share of an intake cohort that graduates
    lag_years: int  # years from intake to graduation


@dataclass(frozen=True)
class Parameters:
    """One parameter vintage. Build with :func:`load_parameters` or :func:`parse_parameters`."""

    vintage: str
    date: str
    description: str
    age_lower: np.ndarray  # (A,) inclusive lower bound of each age band
    age_upper: np.ndarray  # (A,) exclusive upper bound (the last is the AOW age)
    ageing: np.ndarray  # (A,) alpha_a: probability per year of moving to the next band
    sectors: Mapping[str, SectorParameters]
    graduate_entry_share: float  # pi_G
    graduate_entry_concentration: float  # Beta concentration for pi_G draws
    graduate_age_share: np.ndarray  # g_a
    zij_completion: float  # pi_Z
    zij_cost_eur: float  # subsidy per zij-instromer
    zij_age_share: np.ndarray  # z_a
    reentry_age_share: np.ndarray  # rho_a
    reserve_reentry_probability: float  # per year, for the pool of unhired entrants
    pabo_completion: float  # c
    pabo_lag_years: int  # years from pabo intake to graduation
    elasticity: float  # epsilon, central value
    elasticity_range: tuple[float, float]  # epsilon ~ U(low, high) in the Monte Carlo
    exit_lognormal_sd: float
    pupil_revision_sd: float  # sd of the yearly log revision of pupil forecasts
    kalman_q: float  # pp^2
    kalman_p0: float  # pp^2
    provenance: Mapping[str, Provenance] = field(default_factory=dict)
    # Optional tables of later vintages (2026 on): supply and demand from dated series.
    training: Mapping[str, Training] = field(default_factory=dict)  # per sector group
    zij_instroom: Series | None = None  # zij-instromers per year, po + vo + mbo
    zij_group_share: Mapping[str, float] = field(default_factory=dict)  # per sector group
    reentry_rate: float | None = None  # re-entrants per year per person of the stock
    reentry_rates: Mapping[str, float] = field(default_factory=dict)  # per group, if given
    pupils: Mapping[str, Series] = field(default_factory=dict)  # national prognosis per group
    sector_group: Mapping[str, str] = field(default_factory=dict)  # sector -> group
    substitution_share: float = 0.0  # share of the shortage that is long-term substitution

    def reentry_rate_of(self, group: str) -> float:
        """The group's re-entry rate (``inflow.reentry_rate_<group>``), else the default."""
        if group in self.reentry_rates:
            return self.reentry_rates[group]
        if self.reentry_rate is None:
            raise ParameterError("inflow.reentry_rate", "the vintage has no re-entry rate")
        return self.reentry_rate

    @property
    def n_bands(self) -> int:
        return int(self.age_lower.shape[0])

    @property
    def assumptions(self) -> tuple[str, ...]:
        """Dotted keys of every value labelled ``assumption = true`` (sorted)."""
        return tuple(sorted(k for k, p in self.provenance.items() if p.assumption))

    def sector(self, code: str) -> SectorParameters:
        try:
            return self.sectors[code]
        except KeyError:
            raise ParameterError(
                f"sectors.{code}",
                f"vintage {self.vintage} has no parameters for sector {code!r} "
                f"(it has {', '.join(sorted(self.sectors))})",
            ) from None

    def stack(self, attribute: str, sectors: Sequence[str]) -> np.ndarray:
        """One per-sector attribute for the given sectors, stacked on a leading sector axis."""
        return np.stack([np.asarray(getattr(self.sector(s), attribute), float) for s in sectors])


def load_parameters(vintage: str | Path) -> Parameters:
    """Load a shipped vintage by name (``"2025"``) or any vintage file by path."""
    path = Path(vintage)
    if path.suffix == ".toml" or path.exists():
        text = path.read_text(encoding="utf-8")
    else:
        resource = resources.files("tekort_forecast").joinpath("parameters", f"{vintage}.toml")
        if not resource.is_file():
            raise ParameterError("vintage", f"no shipped parameter vintage {vintage!r}")
        text = resource.read_text(encoding="utf-8")
    return parse_parameters(tomllib.loads(text))


class _Reader:
    """Reads leaf values out of the TOML document, recording provenance and naming bad keys."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document
        self.provenance: dict[str, Provenance] = {}

    def leaf(self, key: str) -> Any:
        node: Any = self.document
        for part in key.split("."):
            if not isinstance(node, Mapping) or part not in node:
                raise ParameterError(key, "missing")
            node = node[part]
        if not isinstance(node, Mapping) or "value" not in node:
            raise ParameterError(key, "must be a table with a 'value'")
        unknown = set(node) - {"value", "source", "assumption", "note"}
        if unknown:
            raise ParameterError(key, f"unknown field(s) {sorted(unknown)}")
        source = node.get("source")
        assumption = node.get("assumption", False)
        if source is not None and (not isinstance(source, str) or not source.strip()):
            raise ParameterError(key, "source must be a non-empty string")
        if not isinstance(assumption, bool):
            raise ParameterError(key, "assumption must be true or false")
        if source is None and not assumption:
            raise ParameterError(key, "has neither a source nor 'assumption = true'")
        self.provenance[key] = Provenance(source, assumption, node.get("note"))
        return node["value"]

    def number(self, key: str, low: float = -math.inf, high: float = math.inf) -> float:
        value = self.leaf(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ParameterError(key, f"must be a number, got {value!r}")
        if not (low <= value <= high) or not math.isfinite(value):
            raise ParameterError(key, f"must lie in [{low}, {high}], got {value!r}")
        return float(value)

    def integer(self, key: str, low: int, high: int) -> int:
        value = self.leaf(key)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ParameterError(key, f"must be an integer in [{low}, {high}], got {value!r}")
        return value

    def array(self, key: str, n: int | None, low: float = 0.0, high: float = 1.0) -> np.ndarray:
        value = self.leaf(key)
        if not isinstance(value, list) or not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in value
        ):
            raise ParameterError(key, "must be a list of numbers")
        array = np.asarray(value, dtype=float)
        if n is not None and array.shape != (n,):
            raise ParameterError(key, f"must have {n} values (one per age band), got {len(value)}")
        if not np.all(np.isfinite(array)) or np.any(array < low) or np.any(array > high):
            raise ParameterError(key, f"values must lie in [{low}, {high}]")
        return array

    def series(self, key: str, low: float = 0.0, high: float = math.inf) -> Series:
        years = self.array(f"{key}_years", None, 1900, 2200)
        values = self.array(key, years.shape[0], low, high)
        if years.shape[0] < 1 or np.any(np.diff(years) <= 0):
            raise ParameterError(f"{key}_years", "years must be ascending and non-empty")
        return Series(years, values)

    def shares(self, key: str, n: int) -> np.ndarray:
        array = self.array(key, n)
        total = array.sum()
        if abs(total - 1.0) > SHARE_SUM_TOLERANCE:
            raise ParameterError(key, f"shares must sum to 1, got {total!r}")
        return array / total


def parse_parameters(document: Mapping[str, Any]) -> Parameters:
    """Validate a parsed TOML document and build :class:`Parameters`."""
    meta = document.get("meta")
    if not isinstance(meta, Mapping) or not {"vintage", "date", "description"} <= set(meta):
        raise ParameterError("meta", "needs vintage, date and description")
    r = _Reader(document)
    lower = r.array("age_bands.lower", None, 0, 120)
    n = lower.shape[0]
    if n < 1:
        raise ParameterError("age_bands.lower", "needs at least one age band")
    upper = r.array("age_bands.upper", n, 0, 120)
    if np.any(upper <= lower) or np.any(lower[1:] != upper[:-1]):
        raise ParameterError("age_bands.upper", "bands must be contiguous with upper > lower")
    ageing = r.array("age_bands.ageing", n)
    if ageing[-1] != 0:
        raise ParameterError("age_bands.ageing", "the last band cannot age into a next band")

    sector_tables = document.get("sectors")
    if not isinstance(sector_tables, Mapping) or not sector_tables:
        raise ParameterError("sectors", "needs at least one sector table")
    sectors: dict[str, SectorParameters] = {}
    for code in sector_tables:
        p = f"sectors.{code}"
        exits = r.array(f"{p}.exit_probability", n)
        if np.any(exits + ageing > 1 + 1e-12):
            raise ParameterError(f"{p}.exit_probability", "exit + ageing probability exceeds 1")
        sectors[code] = SectorParameters(
            fte_per_person=r.array(f"{p}.fte_per_person", n, 0.01, 1.0),
            exit_probability=exits,
            part_time_share=r.array(f"{p}.part_time_share", n),
            fte_age_share=r.shares(f"{p}.fte_age_share", n),
            kappa=r.number(f"{p}.kappa", 0, 1),
            seasonal_feb_pp=r.number(f"{p}.seasonal_feb_pp", -100, 100),
        )

    extra = _later_tables(document, r, sectors)
    e_low, e_high = r.array("demand.elasticity_range", 2, 0, 0.999)
    if e_low > e_high:
        raise ParameterError("demand.elasticity_range", "low exceeds high")
    return Parameters(
        vintage=str(meta["vintage"]),
        date=str(meta["date"]),
        description=str(meta["description"]),
        age_lower=lower,
        age_upper=upper,
        ageing=ageing,
        sectors=MappingProxyType(sectors),
        graduate_entry_share=r.number("inflow.graduate_entry_share", 0, 1),
        graduate_entry_concentration=r.number("inflow.graduate_entry_concentration", 0, 1e9),
        graduate_age_share=r.shares("inflow.graduate_age_share", n),
        zij_completion=r.number("inflow.zij_completion", 0, 1),
        zij_cost_eur=r.number("inflow.zij_cost_eur", 1, 1e7),
        zij_age_share=r.shares("inflow.zij_age_share", n),
        reentry_age_share=r.shares("inflow.reentry_age_share", n),
        reserve_reentry_probability=r.number("inflow.reserve_reentry_probability", 0, 1),
        pabo_completion=r.number("inflow.pabo_completion", 0.01, 1),
        pabo_lag_years=r.integer("inflow.pabo_lag_years", 0, 10),
        elasticity=r.number("demand.elasticity", 0, 0.999),
        elasticity_range=(float(e_low), float(e_high)),
        exit_lognormal_sd=r.number("uncertainty.exit_lognormal_sd", 0, 2),
        pupil_revision_sd=r.number("uncertainty.pupil_revision_sd", 0, 1),
        kalman_q=r.number("nowcast.kalman_q", 0, 1e4),
        kalman_p0=r.number("nowcast.kalman_p0", 0, 1e4),
        provenance=MappingProxyType(dict(r.provenance)),
        **extra,
    )


def _later_tables(
    document: Mapping[str, Any], r: _Reader, sectors: Mapping[str, SectorParameters]
) -> dict[str, Any]:
    """The optional tables of vintages from 2026 on (absent in older vintages).

    ``[training.<group>]`` intake (+ ``intake_years``), completion, lag_years;
    ``[zij_instroom]`` persons (+ ``persons_years``) and ``share_<group>``;
    ``[pupils.<group>]`` count (+ ``count_years``); ``[groups]`` one entry per sector;
    ``inflow.reentry_rate``.
    """
    extra: dict[str, Any] = {}
    groups = document.get("groups")
    if isinstance(groups, Mapping):
        mapping = {}
        for code in sectors:
            group = r.leaf(f"groups.{code}")
            if not isinstance(group, str) or not group:
                raise ParameterError(f"groups.{code}", "must name a sector group")
            mapping[code] = group
        extra["sector_group"] = MappingProxyType(mapping)
    training = document.get("training")
    if isinstance(training, Mapping):
        extra["training"] = MappingProxyType(
            {
                group: Training(
                    intake=r.series(f"training.{group}.intake", 0, 1e7),
                    completion=r.number(f"training.{group}.completion", 0, 1),
                    lag_years=r.integer(f"training.{group}.lag_years", 0, 10),
                )
                for group in training
            }
        )
    zij = document.get("zij_instroom")
    if isinstance(zij, Mapping):
        extra["zij_instroom"] = r.series("zij_instroom.persons", 0, 1e7)
        extra["zij_group_share"] = MappingProxyType(
            {
                key.removeprefix("share_"): r.number(f"zij_instroom.{key}", 0, 1)
                for key in zij
                if key.startswith("share_")
            }
        )
        if sum(extra["zij_group_share"].values()) > 1 + 1e-9:
            raise ParameterError("zij_instroom", "group shares sum to more than 1")
    pupils = document.get("pupils")
    if isinstance(pupils, Mapping):
        extra["pupils"] = MappingProxyType(
            {group: r.series(f"pupils.{group}.count", 1, 1e9) for group in pupils}
        )
    inflow = document.get("inflow")
    if isinstance(inflow, Mapping) and "reentry_rate" in inflow:
        extra["reentry_rate"] = r.number("inflow.reentry_rate", 0, 1)
    if isinstance(inflow, Mapping):
        extra["reentry_rates"] = MappingProxyType(
            {
                key.removeprefix("reentry_rate_"): r.number(f"inflow.{key}", 0, 1)
                for key in inflow
                if key.startswith("reentry_rate_")
            }
        )
    levers = document.get("levers")
    if isinstance(levers, Mapping) and "substitution_share" in levers:
        extra["substitution_share"] = r.number("levers.substitution_share", 0, 1)
    return extra
