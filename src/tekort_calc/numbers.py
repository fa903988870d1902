"""The one reader of numbers typed the Dutch way: every numeric field of the calculator, the
raming's scenario form (``tekort.forecasts.decimal_field``) and the FTE fields of the
registration form and upload (``tekort.submissions.figures.parse_fte``) read through it.

The text is checked *before* anything is converted: at most ``MAX_LENGTH`` characters, only
digits, separators, a minus sign, a euro sign and spaces (so no exponent, ``inf`` or ``nan``), and
at most ``MAX_DIGITS`` digits before the separator. Only then is it turned into a
:class:`~decimal.Decimal`, which is therefore always small and cheap: no input can cost more
than a normal request, overflow, or build a huge integer.

Three readings:

* :func:`parse_amount` — euros: a dot before exactly three digits groups thousands, a comma
  separates the cents: ``4.800``, ``4.800,50``, ``4800,50``, ``4800``, ``€ 4.800,-``, ``4 800``;
  a lone point before one or two digits is a decimal point (``4800.50``). What can be read two
  ways (``4,800``) or is no amount (``4.80.0``) is refused, never guessed.
* :func:`parse_decimal` — fractions (FTE, hours, days, percentages): one decimal comma or point
  (``0,6``, ``0.6``, ``10``); before a decimal comma, dots may group the thousands
  (``1.234,5``). A lone point is always the decimal point, as a spreadsheet or an English
  keyboard writes it: ``4.800`` is 4,8, never 4800 (known limit: an FTE typed with a thousands
  dot and no decimals reads as a fraction; the range checks of each field catch most of these,
  and amounts, where thousands are common, use :func:`parse_amount`). No exponent (``1e3``).
* :func:`parse_integer` — whole numbers (age, trede): ``3`` or ``3,0``; ``3,5`` is refused.

Errors are typed (:class:`NumberError` with a ``code``), not messages: the caller says it in
its own words and language.
"""

from __future__ import annotations

import re
from decimal import Decimal

MAX_LENGTH = 32  # characters, spaces and euro sign included
MAX_DIGITS = 12  # digits before the decimal separator (a trillion euros is plenty)
MAX_DECIMALS = 6  # digits after it

# codes of NumberError
TOO_LONG = "too_long"
NOT_A_NUMBER = "not_a_number"
AMBIGUOUS = "ambiguous"
NOT_WHOLE = "not_whole"

ALLOWED = re.compile(r"[0-9.,\-€\s]*")
SPACES = re.compile(r"\s+")
SPACE_GROUP = re.compile(r"(?<=\d)\s(?=\d{3}(?!\d))")  # "4 800": a space between the thousands
AMOUNT = re.compile(
    r"(?P<sign>-?)(?P<units>[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,(?P<cents>\d{1,2})|,--?)?"
)
POINT_CENTS = re.compile(r"(?P<sign>-?)(?P<units>\d+)\.(?P<cents>\d{1,2})")
AMBIGUOUS_AMOUNT = re.compile(r"-?[1-9]\d{0,2},\d{3}")
FRACTION = re.compile(r"(?P<sign>-?)(?P<units>\d+)(?:[.,](?P<decimals>\d+))?")
GROUPED_FRACTION = re.compile(r"(?P<sign>-?)(?P<units>[1-9]\d{0,2}(?:\.\d{3})+),(?P<decimals>\d+)")
INTEGER = re.compile(r"(?P<sign>-?)(?P<units>\d+)")


class NumberError(ValueError):
    """``text`` is not a number of the kind asked for; ``code`` says why (TOO_LONG,
    NOT_A_NUMBER, AMBIGUOUS, NOT_WHOLE); ``suggestion`` is the grouped reading of an
    ambiguous amount ("4.800" for "4,800")."""

    def __init__(self, code: str, text: str, suggestion: str = ""):
        self.code = code
        self.text = text
        self.suggestion = suggestion
        super().__init__(f"{code}: {text[:MAX_LENGTH]!r}")


def _checked(text: str) -> str:
    """The text without surrounding spaces, if it may be read at all (length, characters)."""
    text = str(text).strip()
    if len(text) > MAX_LENGTH:
        raise NumberError(TOO_LONG, text)
    if not ALLOWED.fullmatch(text):
        raise NumberError(NOT_A_NUMBER, text)
    return text


def _decimal(sign: str, units: str, decimals: str | None, text: str) -> Decimal:
    units = units.lstrip("0") or "0"
    if len(units) > MAX_DIGITS or len(decimals or "") > MAX_DECIMALS:
        raise NumberError(TOO_LONG, text)
    value = Decimal(f"{sign}{units}.{decimals}" if decimals else f"{sign}{units}")
    return value if value else Decimal(0)  # no "-0"


def parse_amount(text: str) -> Decimal:
    """Euros, the Dutch way (see the module docstring); NumberError when not an amount."""
    text = _checked(text)
    cleaned = SPACE_GROUP.sub(".", text.removeprefix("€").strip())
    match = AMOUNT.fullmatch(cleaned) or POINT_CENTS.fullmatch(cleaned)
    if match is None:
        if AMBIGUOUS_AMOUNT.fullmatch(cleaned):
            raise NumberError(AMBIGUOUS, text, cleaned.replace(",", "."))
        raise NumberError(NOT_A_NUMBER, text)
    return _decimal(match["sign"], match["units"].replace(".", ""), match["cents"], text)


def parse_decimal(text: str) -> Decimal:
    """A fraction with one decimal comma or point ("0,6", "0.6", "10", "1.234,5")."""
    text = _checked(text)
    cleaned = SPACES.sub("", text)
    match = FRACTION.fullmatch(cleaned) or GROUPED_FRACTION.fullmatch(cleaned)
    if match is None:
        raise NumberError(NOT_A_NUMBER, text)
    return _decimal(match["sign"], match["units"].replace(".", ""), match["decimals"], text)


def parse_integer(text: str) -> int:
    """A whole number ("3")."""
    text = _checked(text)
    cleaned = SPACES.sub("", text)
    match = INTEGER.fullmatch(cleaned)
    if match is None:
        fraction = FRACTION.fullmatch(cleaned)
        if fraction and set(fraction["decimals"] or "0") == {"0"}:  # "3,0"
            return int(_decimal(fraction["sign"], fraction["units"], None, text))
        if fraction:
            raise NumberError(NOT_WHOLE, text)
        raise NumberError(NOT_A_NUMBER, text)
    return int(_decimal(match["sign"], match["units"], None, text))
