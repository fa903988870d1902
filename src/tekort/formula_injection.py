"""Neutralising spreadsheet formulas in what tekort exports (CSV and XLSX files).

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a
formula by Excel and LibreOffice (``=HYPERLINK(…)``, ``+cmd|…``, ``@SUM(…)``): text an uploader or
the register put there would run on the reader's machine. Following OWASP ("CSV Injection"), such
a cell is written with a single quote in front, which spreadsheets show as text. Numbers are
written as numbers and left alone, and so is text that is just a number (``-3.5``, ``-1e-05``: the
CSV writers of the calculator and the dashboards format numbers as text); only other text is
changed (``-2+3`` and ``-cmd`` are).

Used by every CSV and XLSX export: the uitvraag's (error file, response list, template), the
downloads of publications and dashboards, the monitor's, the raming's, the calculator's and the
audit log's (``src/tekort/tests/test_export_injection.py`` sends hostile text through each).
"""

import re
from collections.abc import Iterable

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


def neutralise(value):
    """The value as it may go into a spreadsheet cell: text starting with a trigger gets a
    leading single quote; anything else is returned unchanged."""
    if isinstance(value, str) and value.startswith(TRIGGERS) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralise_row(values: Iterable) -> list:
    return [neutralise(v) for v in values]


def csv_cell(value):
    """The value as it may go into a CSV written with ``lineterminator="\\n"``: neutralised, and a
    carriage return inside text written as a line feed. Python 3.11's csv module quotes a field
    only for the characters of its own line terminator, so a bare CR would stay unquoted and a
    spreadsheet would start a new row there (``"abc\\r=1"``: a row starting with a formula)."""
    value = neutralise(value)
    if isinstance(value, str) and "\r" in value:
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value
