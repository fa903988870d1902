"""The measured base year from the statistics core's estimates (``tekort.estimates``).

A round's estimates are the cells of its latest DONE ``EstimateRun`` that has the breakdowns
``sector`` (Nederland) and ``onderwijsregio:sector`` (each onderwijsregio). Per cell the core
stores the shortage FTE (``fte``), the rate (``fte / formatie``), their standard errors and
95 % intervals, the quality class and the disclosure status. The forecast's sectors group the
core's: so, vso and (v)so are summed into the forecast's (v)so (key ``"vso"``):

* formatie = Σ fte_k / rate_k, shortage = Σ fte_k (a component with rate 0 has no known
  formatie: the whole cell is then unusable, never silently too small);
* one component: its own t interval (``ci_fte_low``/``ci_fte_high``) and SE of the rate;
  several: the sectors are separate strata, so their variances add —
  SE(shortage)² = Σ se_fte_k², interval shortage ± 1.96 SE; SE(rate)² ≈ Σ (F_k/F)² se_rate_k²;
* the cell may be shown publicly only if every component is ``published`` and none is of
  quality class F (symbol ``x``); otherwise it carries the component's symbol and status.
"""

from __future__ import annotations

import math

from tekort.estimates.frames import FUNCTION
from tekort.estimates.models import EstimateCell, EstimateRun
from tekort.submissions.models import Round

REGION_BREAKDOWN = "onderwijsregio:sector"
NATION_BREAKDOWN = "sector"
PUBLISHED = "published"
CONFIDENTIAL = "c"
NOT_AVAILABLE = "x"
Z95 = 1.959963984540054
FORECAST_SECTOR = {
    "bao": "bao",
    "sbo": "sbo",
    "so": "vso",
    "vso": "vso",
    "(v)so": "vso",
    "vo": "vo",
}


def estimate_run(round_: Round) -> EstimateRun | None:
    """The latest DONE run of the round that has both breakdowns the forecast needs."""
    runs = EstimateRun.objects.filter(round=round_, status=EstimateRun.Status.DONE).order_by(
        "-finished_at", "-pk"
    )
    for run in runs.only("pk", "breakdowns", "finished_at"):
        if REGION_BREAKDOWN in run.breakdowns and NATION_BREAKDOWN in run.breakdowns:
            return run
    return None


def parse_domain(breakdown: str, domain: str, nation: str) -> tuple[str, str] | None:
    """(region, core sector) of a ``sector`` or ``onderwijsregio:sector`` domain key."""
    if breakdown == NATION_BREAKDOWN:
        return nation, domain.removeprefix("sector=")
    head, sep, sector = domain.rpartition("|sector=")
    if not sep or not head.startswith("onderwijsregio="):
        return None
    return head.removeprefix("onderwijsregio="), sector


def estimate_cells(run: EstimateRun, nation: str) -> dict[tuple[str, str], list[EstimateCell]]:
    """The direct ``tekort`` cells of a run per (region, forecast sector)."""
    grouped: dict[tuple[str, str], list[EstimateCell]] = {}
    cells = EstimateCell.objects.filter(
        run=run,
        function=FUNCTION,
        measure="tekort",
        is_model_based=False,
        breakdown__in=[NATION_BREAKDOWN, REGION_BREAKDOWN],
    ).order_by("breakdown", "domain")
    for cell in cells:
        parsed = parse_domain(cell.breakdown, cell.domain, nation)
        if parsed is None or parsed[1] not in FORECAST_SECTOR:
            continue
        region, sector = parsed
        grouped.setdefault((region, FORECAST_SECTOR[sector]), []).append(cell)
    return grouped


def _formatie(cell: EstimateCell) -> float:
    if cell.fte is None or cell.rate is None or not cell.rate > 0:
        return math.nan
    return cell.fte / cell.rate


def combine(parts: list[EstimateCell]) -> dict:
    """The forecast cell's values from its estimate cells (see the module docstring)."""
    formaties = [_formatie(c) for c in parts]
    formatie = math.fsum(formaties)
    shortage = math.fsum(c.fte or 0.0 for c in parts)
    if len(parts) == 1:
        only = parts[0]
        ci = (only.ci_fte_low, only.ci_fte_high)
        se_rate = only.se_rate
    else:
        se = [c.se_fte for c in parts]
        known = all(s is not None and math.isfinite(s) for s in se)
        half = Z95 * math.sqrt(math.fsum(s * s for s in se)) if known else None
        ci = (shortage - half, shortage + half) if half is not None else (None, None)
        rates = [c.se_rate for c in parts]
        if formatie > 0 and all(s is not None and math.isfinite(s) for s in rates):
            se_rate = math.sqrt(
                math.fsum(
                    (f / formatie) ** 2 * s * s for f, s in zip(formaties, rates, strict=True)
                )
            )
        else:
            se_rate = None
    hidden = [c for c in parts if c.disclosure_status != PUBLISHED or c.quality_class == "F"]
    statuses = sorted({c.disclosure_status for c in hidden if c.disclosure_status != PUBLISHED})
    if hidden:
        symbol = CONFIDENTIAL if statuses else NOT_AVAILABLE
    else:
        symbol = next((c.symbol for c in parts if c.symbol), "")
    return {
        "locations": sum(c.n_frame for c in parts),
        "respondents": sum(c.n_responding for c in parts),
        "formatie": formatie,
        "shortage": shortage,
        "ci_low": ci[0],
        "ci_high": ci[1],
        "se_rate": se_rate,
        "published": not hidden,
        "symbol": symbol,
        "withheld_because": statuses[0] if statuses else ("quality_f" if hidden else ""),
    }
