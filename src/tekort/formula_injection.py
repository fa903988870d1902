"""Neutralising spreadsheet formulas in what tekort exports (CSV and XLSX files).

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a
formula by Excel and LibreOffice (``=HYPERLINK(…)``, ``+cmd|…``, ``@SUM(…)``): text an uploader or
the register put there would run on the reader's machine. Following OWASP ("CSV Injection"), such
a cell is written with a single quote in front, which spreadsheets show as text. Numbers are
written as numbers and left alone; only text is changed.

Used by every export of the uitvraag (error file, response list, template); the downloads of
publications and dashboards can use the same two functions.
"""

from collections.abc import Iterable

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value as it may go into a spreadsheet cell: text starting with a trigger gets a
    leading single quote; anything else is returned unchanged."""
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value


def neutralise_row(values: Iterable) -> list:
    return [neutralise(v) for v in values]
