"""What the public sees of a cell: rounded half-up from unrounded values (methods.md §3.3 R4).

One function, ``public_cell``, turns a stored release cell into the record every page, download
and API response shows: percentages with one decimal, FTE to the nearest 5 (areas), response (by
count and by formatie) as whole percentages, the GSS flags. A cell without a value yields
``None`` for every value field; there is no code path that reads a value of a suppressed cell,
because none is stored.

Where the FTE column shows no number, ``fte_symbol`` says why: ``k`` a positive shortage that
rounds to 0 FTE (methods.md §3.2), ``z`` a model-based row (the model estimates a rate only),
``x`` an FTE too imprecise to publish (its own quality class F). A model-based row shows its own
quality class, from its RMSE (``tekort_stats.quality.classify_model_rate``), never the direct
estimate's.

Every number is rounded half up here, and ``nl_number`` (the one Dutch number formatter,
``tekort.charts.numbers``) rounds half up again before it formats: Django's ``number_format``
cuts decimals off (57.6 with 0 decimals is "57"), it does not round.
"""

from django.urls import reverse

from tekort.publications import vocabulary
from tekort_stats.quality import CLASS_E, classify_model_rate
from tekort_stats.rounding import round_half_up, round_to_base

FTE_BASE = 5  # areas and tables
HEADLINE_FTE_BASE = 100  # the national headline text
SYMBOL_ROUNDS_TO_ZERO = "k"
SYMBOL_NOT_APPLICABLE = "z"
SYMBOL_NOT_AVAILABLE = "x"


def percentage(rate: float | None) -> float | None:
    return None if rate is None else round_half_up(rate * 100.0, 1)


def whole_percentage(fraction: float | None) -> int | None:
    """A share as a whole percentage, half up: 0.576 -> 58 (an int, never "58.0")."""
    return None if fraction is None else int(round_half_up(fraction * 100.0, 0))


def fte(value: float | None, base: int = FTE_BASE) -> int | None:
    return None if value is None else round_to_base(value, base)


def rounds_to_zero(cell) -> bool:
    """A positive shortage FTE that shows as 0 once rounded to 5: the symbol ``k``."""
    return cell.fte is not None and cell.fte > 0 and fte(cell.fte) == 0


def model_quality(cell) -> str | None:
    """A model-based row's own quality class (from its RMSE); None for a direct row."""
    if not cell.is_model_based or cell.se_rate is None:
        return None
    return str(classify_model_rate(cell.se_rate))


def flags(cell, *, provisional: bool) -> list[str]:
    """GSS shorthand for one cell: its own symbol (c, x, u or e), then u (a model-based row of
    class E), e, k, p, r."""
    out = [cell.symbol] if cell.symbol else []
    if model_quality(cell) == CLASS_E and "u" not in out:
        out.append("u")
    if cell.is_model_based and "e" not in out:
        out.append("e")
    if rounds_to_zero(cell):
        out.append(SYMBOL_ROUNDS_TO_ZERO)
    if provisional and cell.rate is not None:
        out.append("p")
    if cell.is_revised:
        out.append("r")
    return out


def _fte_figures(cell) -> dict:
    """The FTE, its interval and, where the FTE column shows no number, the symbol why."""
    none = {"fte": None, "fte_ci_low": None, "fte_ci_high": None}
    if cell.rate is None:
        return {**none, "fte_symbol": None}  # the row's own symbol says it all
    if cell.is_model_based:
        return {**none, "fte_symbol": SYMBOL_NOT_APPLICABLE}
    if cell.fte is None:
        return {**none, "fte_symbol": SYMBOL_NOT_AVAILABLE}
    low = fte(max(cell.ci_fte_low, 0.0)) if cell.ci_fte_low is not None else None
    high = fte(cell.ci_fte_high) if cell.ci_fte_high is not None else None
    if rounds_to_zero(cell):
        # "0 (0-0)" beside a positive rate would say "no shortage": show [k], and the interval
        # only when it reaches a multiple of 5
        keep = high is not None and high > 0
        return {
            "fte": None,
            "fte_ci_low": low if keep else None,
            "fte_ci_high": high if keep else None,
            "fte_symbol": SYMBOL_ROUNDS_TO_ZERO,
        }
    return {"fte": fte(cell.fte), "fte_ci_low": low, "fte_ci_high": high, "fte_symbol": None}


def public_cell(cell, *, provisional: bool) -> dict:
    """The public record of one ReleaseCell (rounded; None where nothing is shown)."""
    shown = cell.rate is not None
    return {
        "function": cell.function,
        "breakdown": cell.breakdown,
        "domain": cell.domain,
        "label": vocabulary.domain_label(cell.domain),
        "measure": cell.measure,
        "model_based": cell.is_model_based,
        "percentage": percentage(cell.rate) if shown else None,
        "ci_low": percentage(cell.ci_low) if shown else None,
        "ci_high": percentage(cell.ci_high) if shown else None,
        **_fte_figures(cell),
        "n_responding": cell.n_responding,
        "n_frame": cell.n_frame,
        "response_rate": whole_percentage(cell.response_rate),
        "response_rate_formatie": whole_percentage(cell.response_rate_formatie),
        "quality_class": model_quality(cell) or cell.quality_class or None,
        "flags": flags(cell, provisional=provisional),
        "methodology": reverse(
            "publications:methodology-page", args=[vocabulary.method_page(cell.method_id)]
        ),
    }


def flag_text(flag_list) -> str:
    return " ".join(f"[{f}]" for f in flag_list)
