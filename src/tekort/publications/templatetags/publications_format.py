"""Template filters for published figures: Dutch numbers and the GSS flags."""

from django import template

from tekort.charts.numbers import nl_number
from tekort.publications.presentation import flag_text
from tekort.publications.vocabulary import ALL_MEASURES

register = template.Library()


def _absent(value) -> bool:
    """None, or the empty string a template gets for a key the record does not have (a
    headline frozen before the key existed): nothing to show."""
    return value is None or value == ""


@register.filter
def pct(value):
    """5.9 -> '5,9%'; None or absent -> ''."""
    return "" if _absent(value) else f"{nl_number(value)}%"


@register.filter
def num(value, decimals=1):
    return "" if _absent(value) else nl_number(value, int(decimals))


@register.filter
def whole(value):
    return "" if _absent(value) else nl_number(value, 0)


@register.filter
def flags(value):
    return flag_text(value or [])


@register.filter
def measure_label(code):
    return ALL_MEASURES.get(code, code)


@register.filter
def isodate(value):
    """'2025-10-01' -> date(2025, 10, 1), for the date filter; anything else unchanged."""
    import datetime

    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return value


@register.filter
def signed(value):
    """0.3 -> '+0,3', -0.3 -> '−0,3', 0 -> '0,0' (a change in percentage points)."""
    if value is None:
        return ""
    text = nl_number(abs(value))
    return f"+{text}" if value > 0 else f"−{text}" if value < 0 else text
