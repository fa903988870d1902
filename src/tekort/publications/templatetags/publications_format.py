"""Template filters for published figures: Dutch numbers and the GSS flags."""

from django import template

from tekort.publications.presentation import flag_text, nl_number
from tekort.publications.vocabulary import MEASURES

register = template.Library()


@register.filter
def pct(value):
    """5.9 -> '5,9%'; None -> ''."""
    return "" if value is None else f"{nl_number(value)}%"


@register.filter
def num(value, decimals=1):
    return "" if value is None else nl_number(value, int(decimals))


@register.filter
def whole(value):
    return "" if value is None else nl_number(value, 0)


@register.filter
def flags(value):
    return flag_text(value or [])


@register.filter
def measure_label(code):
    return MEASURES.get(code, code)
