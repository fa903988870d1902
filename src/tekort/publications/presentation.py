"""What the public sees of a cell: rounded half-up from unrounded values (methods.md §3.3 R4).

One function, ``public_cell``, turns a stored release cell into the record every page, download
and API response shows: percentages with one decimal, FTE to the nearest 5 (areas), response as
a whole percentage, the GSS flags. A cell without a value yields ``None`` for every value field;
there is no code path that reads a value of a suppressed cell, because none is stored.
"""

from django.urls import reverse
from django.utils.formats import number_format

from tekort.publications import vocabulary
from tekort_stats.rounding import round_half_up, round_to_base

FTE_BASE = 5  # areas and tables
HEADLINE_FTE_BASE = 100  # the national headline text


def percentage(rate: float | None) -> float | None:
    return None if rate is None else round_half_up(rate * 100.0, 1)


def fte(value: float | None, base: int = FTE_BASE) -> int | None:
    return None if value is None else round_to_base(value, base)


def flags(cell, *, provisional: bool) -> list[str]:
    """GSS shorthand for one cell, in the order c/x, u, e, p, r."""
    out = [cell.symbol] if cell.symbol else []
    if cell.is_model_based and "e" not in out:
        out.append("e")
    if provisional and cell.rate is not None:
        out.append("p")
    if cell.is_revised:
        out.append("r")
    return out


def public_cell(cell, *, provisional: bool) -> dict:
    """The public record of one ReleaseCell (rounded; None where nothing is shown)."""
    shown = cell.rate is not None
    show_fte = cell.fte is not None
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
        "fte": fte(cell.fte) if show_fte else None,
        "fte_ci_low": fte(max(cell.ci_fte_low, 0.0))
        if show_fte and cell.ci_fte_low is not None
        else None,
        "fte_ci_high": fte(cell.ci_fte_high) if show_fte and cell.ci_fte_high is not None else None,
        "n_responding": cell.n_responding,
        "n_frame": cell.n_frame,
        "response_rate": (
            round_half_up(cell.response_rate * 100.0, 0) if cell.response_rate is not None else None
        ),
        "quality_class": cell.quality_class or None,
        "flags": flags(cell, provisional=provisional),
        "methodology": reverse(
            "publications:methodology-page", args=[vocabulary.method_page(cell.method_id)]
        ),
    }


def nl_number(value, decimals: int = 1) -> str:
    """Dutch number text (decimal comma), for templates and text summaries."""
    if value is None:
        return ""
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def flag_text(flag_list) -> str:
    return " ".join(f"[{f}]" for f in flag_list)
