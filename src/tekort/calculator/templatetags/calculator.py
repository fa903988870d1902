"""Dutch number formatting for the calculator templates (the core's own formatting rules)."""

from decimal import Decimal

from django import template

from tekort_calc.money import cents, fmt_eur, fmt_num, fmt_pct

register = template.Library()


@register.filter
def eur(value) -> str:
    return "" if value is None else fmt_eur(Decimal(value))


@register.filter
def eur_month(value) -> str:
    """A yearly amount as euros per month."""
    return "" if value is None else fmt_eur(cents(Decimal(value) / 12))


@register.filter
def pct(value) -> str:
    return "" if value is None else fmt_pct(Decimal(value), 1)


@register.filter
def num(value) -> str:
    return "" if value is None else fmt_num(Decimal(value))
