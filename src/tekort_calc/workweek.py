"""Days and hours a week as an alternative to the part-time factor (FTE), and dates of birth.

The conversion rule (an assumption, shown with every result that uses it): a full-time job
(1 FTE) is a working week of five days of eight hours. Source: the cao po and the cao vo count
a full-time job as the normjaartaak of 1,659 hours a year, which is 40 hours a week over five
working days (Kaderbesluit rechtspositie PO art. 1(e); calculator.md §1); so one day a week is
0.2 FTE ("3 days → 5 days" = 0.6 → 1.0 FTE) and eight hours a week is one day. A school that
counts a "dag" differently (some count 0.2 FTE as 8.3 hours) gives a slightly different FTE:
enter the FTE of the appointment then.

Texts are read by ``tekort_calc.numbers`` (bounded before conversion), with a unit word:

* :func:`parse_fte` — "0,8" (an FTE), "4 dagen" / "4 dag" / "4d" (days a week),
  "32 uur" / "32u" (hours a week);
* :func:`parse_days` — days a week: "4", "4,5 dagen", or "36 uur" (→ 4.5 days);
* :func:`parse_birth_date` — "17-03-1958", "17/3/1958" or "1958-03-17".
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from .numbers import MAX_LENGTH, TOO_LONG, NumberError, parse_decimal

DAYS_FULLTIME = Decimal(5)  # working days in a full-time week (1 FTE)
HOURS_PER_DAY = Decimal(8)  # hours in a working day (40-hour full-time week)
ASSUMPTION = (
    "Een volledige baan (1 fte) is een werkweek van 5 dagen van 8 uur: 1 dag per week is "
    "0,2 fte (cao po en cao vo: normjaartaak 1.659 uur = 40 uur per week)."
)

NOT_A_DATE = "not_a_date"  # a FieldError code: the text is no date of birth
UNIT = re.compile(r"^(?P<number>.*?)\s*(?P<unit>dagen|dag|d|uren|uur|u)\.?$", re.IGNORECASE)
DATE_NL = re.compile(r"(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})")
DATE_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")


def _split(text: str) -> tuple[str, str]:
    """(number text, "d" / "u" / "") for a value with an optional unit word."""
    text = str(text).strip()
    if len(text) > MAX_LENGTH:
        raise NumberError(TOO_LONG, text)
    match = UNIT.match(text)
    if match is None:
        return text, ""
    return match["number"], match["unit"][0].lower()


def _number(number: str, text: str) -> Decimal:
    try:
        return parse_decimal(number)
    except NumberError as error:  # name the whole text typed, unit included
        raise NumberError(error.code, text, error.suggestion) from None


def days_to_fte(days: Decimal) -> Decimal:
    return days / DAYS_FULLTIME


def fte_to_days(fte: Decimal) -> Decimal:
    return fte * DAYS_FULLTIME


def parse_fte(text: str) -> Decimal:
    """An FTE, or days or hours a week converted to an FTE; NumberError when not a number."""
    number, unit = _split(text)
    value = _number(number, str(text).strip())
    if unit == "d":
        return days_to_fte(value)
    if unit == "u":
        return days_to_fte(value / HOURS_PER_DAY)
    return value


def parse_days(text: str) -> Decimal:
    """Days a week ("4", "4 dagen"), or hours a week ("32 uur") converted to days."""
    number, unit = _split(text)
    value = _number(number, str(text).strip())
    return value / HOURS_PER_DAY if unit == "u" else value


def parse_birth_date(text: str) -> date:
    """A date of birth, day first ("17-03-1958") or ISO ("1958-03-17"); NumberError with
    code NOT_A_DATE when it is none (too long: TOO_LONG)."""
    text = str(text).strip()
    if len(text) > MAX_LENGTH:
        raise NumberError(TOO_LONG, text)
    match = DATE_NL.fullmatch(text) or DATE_ISO.fullmatch(text)
    if match is None:
        raise NumberError(NOT_A_DATE, text)
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        raise NumberError(NOT_A_DATE, text) from None
