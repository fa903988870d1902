"""The raming's measured base year: the cells of a published release, as published.

The base year of every forecast is a **current release** of an October round, read through
the one road (:mod:`tekort.publications.public_figures`): the ``sector`` cells (Nederland) and
the ``onderwijsregio:sector`` cells (each onderwijsregio) of the teachers' shortage, rounded as
published (FTE to 5, percentages to one decimal) with their published intervals and symbols.
Nothing is recomputed from registrations or from estimate runs, so the raming can never show
more than the release does.

The forecast's sectors group the published ones: so, vso and (v)so together are the forecast's
(v)so (key ``"vso"``). Per forecast cell:

* shortage = Σ published FTE; formatie = Σ FTE_k / rate_k (a component with a published rate
  of 0 has no known formatie: the cell is then unusable, never silently too small);
* one component: its own published interval, and the rate's SE read back from the published
  rate interval; several: the strata are independent, so variances add
  (:mod:`tekort_stats.pooling`): SE(rate)² = Σ (F_k/F)² SE_k², SE(FTE)² = Σ (F_k SE_k)²;
* a cell is shown only if every component is shown; otherwise it has no value at all, only the
  symbol of the component that is withheld (``c`` before ``x``).
"""

from __future__ import annotations

from dataclasses import dataclass

from tekort.publications import public_figures
from tekort.publications.models import Release
from tekort_stats.pooling import pooled_ratio_se, se_from_interval, z_value
from tekort_stats.visibility import SYMBOL_CONFIDENTIAL, SYMBOL_NOT_AVAILABLE

REGION_BREAKDOWN = "onderwijsregio:sector"
NATION_BREAKDOWN = "sector"
FORECAST_SECTOR = {
    "bao": "bao",
    "sbo": "sbo",
    "so": "vso",
    "vso": "vso",
    "(v)so": "vso",
    "vo": "vo",
}
# a suppressed component names the cell before one of quality class F
WITHHELD_ORDER = (SYMBOL_CONFIDENTIAL, SYMBOL_NOT_AVAILABLE)


@dataclass(frozen=True)
class Measured:
    """One forecast region × sector of a release: values only when every component is shown."""

    locations: int
    respondents: int | None = None
    formatie: float | None = None
    shortage: float | None = None
    ci_low: float | None = None  # published 95 % interval of the shortage FTE
    ci_high: float | None = None
    se_rate: float | None = None  # SE of the shortage rate (fraction)
    published: bool = False  # does the release show this cell's figure?
    symbol: str = ""  # c: suppressed, x: not available, u: caution (tekort_stats.visibility)


def parse_domain(breakdown: str, domain: str, nation: str) -> tuple[str, str] | None:
    """(region, published sector) of a ``sector`` or ``onderwijsregio:sector`` domain key."""
    if breakdown == NATION_BREAKDOWN:
        return nation, domain.removeprefix("sector=")
    head, sep, sector = domain.rpartition("|sector=")
    if not sep or not head.startswith("onderwijsregio="):
        return None
    return head.removeprefix("onderwijsregio="), sector


def release_parts(release: Release, nation: str) -> dict[tuple[str, str], list[dict]]:
    """The published cells of a release per (region, forecast sector)."""
    grouped: dict[tuple[str, str], list[dict]] = {}
    for cell in public_figures.published_cells(release, [NATION_BREAKDOWN, REGION_BREAKDOWN]):
        parsed = parse_domain(cell["breakdown"], cell["domain"], nation)
        if parsed is None or parsed[1] not in FORECAST_SECTOR:
            continue
        region, sector = parsed
        grouped.setdefault((region, FORECAST_SECTOR[sector]), []).append(cell)
    return grouped


def _shown(cell: dict) -> bool:
    return cell["percentage"] is not None and cell["fte"] is not None


def _rate_se(cell: dict) -> float | None:
    if cell["ci_low"] is None or cell["ci_high"] is None:
        return None
    return se_from_interval(cell["ci_low"], cell["ci_high"]) / 100.0


def combine(parts: list[dict]) -> Measured:
    """The forecast cell of its published components (see the module docstring)."""
    locations = sum(c["n_frame"] for c in parts)
    if not all(_shown(c) for c in parts):
        symbols = {c["symbol"] for c in parts if not _shown(c)}
        symbol = next((s for s in WITHHELD_ORDER if s in symbols), SYMBOL_CONFIDENTIAL)
        return Measured(locations=locations, symbol=symbol)
    rates = [c["percentage"] / 100.0 for c in parts]
    formaties = [c["fte"] / r if r > 0 else float("nan") for c, r in zip(parts, rates, strict=True)]
    formatie = sum(formaties)
    shortage = float(sum(c["fte"] for c in parts))
    ses = [_rate_se(c) for c in parts]
    known = formatie > 0 and all(s is not None for s in ses)
    if len(parts) == 1:
        only = parts[0]
        ci = (only["fte_ci_low"], only["fte_ci_high"])
        se_rate = ses[0]
    else:
        se_rate = pooled_ratio_se(formaties, ses) if known else None
        half = z_value() * se_rate * formatie if se_rate is not None else None
        ci = (max(shortage - half, 0.0), shortage + half) if half is not None else (None, None)
    symbol = next((c["symbol"] for c in parts if c["symbol"]), "")
    return Measured(
        locations=locations,
        respondents=sum(c["n_responding"] or 0 for c in parts),
        formatie=formatie,
        shortage=shortage,
        ci_low=ci[0],
        ci_high=ci[1],
        se_rate=se_rate,
        published=True,
        symbol=symbol,
    )


def measured(release: Release, nation: str) -> dict[tuple[str, str], Measured]:
    """Every forecast region × sector of a release, as published."""
    return {key: combine(parts) for key, parts in release_parts(release, nation).items()}
