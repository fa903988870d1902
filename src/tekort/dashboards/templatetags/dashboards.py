"""Rendering a table cell exactly as tekort.dashboards.tables.display gives it."""

from django import template
from django.utils.html import format_html

from tekort.dashboards.tables import Symbol, display

register = template.Library()


@register.filter
def cells(table, row):
    """The row's (value, column) pairs in column order."""
    return list(zip(table.values(row), table.columns, strict=True))


@register.simple_tag
def cell(value, column):
    text = display(value, column)
    if isinstance(value, Symbol) and value.meaning:
        return format_html('<abbr title="{}">{}</abbr>', value.meaning, text)
    return text
