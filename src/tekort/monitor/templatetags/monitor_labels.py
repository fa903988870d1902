"""Dutch labels for the register's coded values (kind, theme, status class, unit) and file sizes."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from tekort.monitor.models import Kind, StatusClass, Theme

register = template.Library()

UNITS = {
    "%": "%",
    "EUR": _("euro"),
    "persons": _("persons"),
    "count": _("count"),
    "years": _("years"),
    "months": _("months"),
    "days": _("days"),
    "hours": _("hours"),
    "minutes": _("minutes"),
    "lesuren": _("lesuren"),
    "ratio": _("ratio"),
}


def _label(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value or ""


@register.filter
def status_label(value):
    return _label(StatusClass, value)


@register.filter
def kind_label(value):
    return _label(Kind, value)


@register.filter
def theme_label(value):
    return _label(Theme, value)


@register.filter
def unit_label(value):
    return UNITS.get(value, value)


@register.filter
def figure_value(figure):
    """A figure's value in Dutch notation with its unit: '2.285 personen', '12,4%', '€ 430.000.000'."""
    value = figure.value.normalize()
    decimals = max(0, -value.as_tuple().exponent)
    number = number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    if figure.unit == "%":
        return f"{number}%"
    if figure.unit == "EUR":
        return f"€ {number}"
    return f"{number} {unit_label(figure.unit)}"


@register.filter
def file_size(size):
    """A download's size as Dutch government sites give it: '84 kB', '1,2 MB' (rounded up)."""
    kilobytes = -(-size // 1000)
    if kilobytes < 1000:
        return f"{kilobytes} kB"
    megabytes = -(-size // 100_000) / 10
    return f"{number_format(megabytes, decimal_pos=1, use_l10n=True)} MB"
