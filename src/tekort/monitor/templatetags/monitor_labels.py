"""Dutch labels for the register's coded values (kind, theme, status class, unit), file sizes,
who judged a status, and due dates (overdue, open since)."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from tekort.charts.numbers import nl_number
from tekort.monitor import overdue
from tekort.monitor.models import Deadline, Kind, StatusClass, Theme

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
    number = nl_number(value, decimals)
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
    return f"{nl_number(megabytes, 1, grouping=False)} MB"


@register.filter
def judged_by(status):
    """Who judged a status class: always the compiler; approved by a named staff member, or taken
    over unchanged from the compiled source data at import."""
    if status.state != "approved":
        return _("compiler's judgement, draft: not yet approved")
    if status.approved_by_id:
        name = status.approved_by.get_full_name() or status.approved_by.get_username()
        return _("compiler's judgement, approved by %(name)s") % {"name": name}
    return _("compiler's judgement, taken over from the source data at import")


def _today():
    return timezone.localdate()


@register.filter
def deadline_of(item):
    return overdue.deadline_of(item)


@register.filter
def overdue_today(item):
    return overdue.is_overdue(item, _today())


@register.filter
def overdue_at_letter(status):
    """Whether the item was overdue on the date of the letter that gives this status."""
    return overdue.is_overdue(status.item, status.letter.date, status.status_class)


@register.filter
def open_since(item):
    return overdue.open_since(item)


@register.filter
def due_label(deadline):
    """'uiterlijk 30 november 2024' (the period's last day)."""
    if deadline is None:
        return ""
    return _("by %(date)s") % {"date": date_format(deadline.due_date, "j F Y")}


@register.filter
def precision_label(value):
    return _label(Deadline.Precision, value)
