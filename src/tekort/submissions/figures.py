"""The figures of one registration as values, and how typed text becomes them.

Both the form and the board upload parse with ``parse_fte`` and ``parse_pupils``, so that a number
means the same whichever channel it came through ("0,6" and "0.6" are the same FTE). An FTE's
text is read by the one reader of Dutch numbers, ``tekort_calc.numbers.parse_decimal`` (which the
calculator and the raming read with too): one decimal comma or point, thousands dots only
before a decimal comma ("1.234,5"), no exponent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import ClassVar, Self

from django.utils.translation import gettext as _

from tekort.submissions.questions import (
    CELLS,
    FTE_FIELDS,
    HIDDEN_CELLS,
    SCHOOL_LEADER_FIELDS,
    SUBJECT_FIELDS,
)
from tekort.submissions.subject_answers import NOT_GIVEN
from tekort_calc import numbers

ZERO = Decimal("0.00")
TWO_PLACES = Decimal("0.01")
LARGEST_FTE = Decimal("1000000")
LARGEST_PUPILS_DIGITS = 7


class ParseError(ValueError):
    """A value that is not a number of the expected kind; the message is for the user."""


def parse_fte(text, *, required: bool = False) -> Decimal | None:
    """An FTE with at most two decimals, ≥ 0; empty is None (or an error when required)."""
    if isinstance(text, Decimal):
        value = text
    else:
        text = ("" if text is None else str(text)).strip()
        if not text:
            if required:
                raise ParseError(_("This field is required."))
            return None
        try:
            value = numbers.parse_decimal(text)
        except numbers.NumberError as error:
            raise ParseError(_fte_message(error)) from None
    if not value.is_finite():
        raise ParseError(_("Enter a number, for example 12.5."))
    if value < 0:
        raise ParseError(_("FTE cannot be negative."))
    # Before quantize: 1e26 or 1e5000 cannot be quantized to two places (InvalidOperation).
    if value >= LARGEST_FTE:
        raise ParseError(_("This number is far too large."))
    if value != value.quantize(TWO_PLACES):
        raise ParseError(_("Use at most two decimals."))
    return value.quantize(TWO_PLACES) + ZERO  # + ZERO: -0 becomes 0.00


def _fte_message(error: numbers.NumberError) -> str:
    if error.code != numbers.TOO_LONG:
        return _("Enter a number, for example 12.5.")
    text = error.text.replace(" ", "").lstrip("-")
    units = text.split(",")[0].replace(".", "") if "," in text else text.split(".")[0]
    if len(text) > numbers.MAX_LENGTH or len(units.lstrip("0")) > numbers.MAX_DIGITS:
        return _("This number is far too large.")
    return _("Use at most two decimals.")  # a spreadsheet's 0.30000000000000004


def parse_pupils(text) -> int | None:
    text = ("" if text is None else str(text)).strip()
    if not text:
        return None
    if text.endswith(".0"):  # spreadsheets write whole numbers as floats
        text = text[:-2]
    # ASCII digits only: "²" and other Unicode digits pass str.isdigit() but not int().
    if not (text.isascii() and text.isdigit()):
        raise ParseError(_("Enter a whole number of pupils (0 or more)."))
    if len(text.lstrip("0")) > LARGEST_PUPILS_DIGITS:
        raise ParseError(_("This number is far too large."))
    return int(text)


@dataclass(kw_only=True)
class ShortageCells:
    """What a location's and a board's school-leader figures share: the formatie and the four
    shortage cells in FTE (``fte_fields``, in form order), and a remark."""

    fte_fields: ClassVar[tuple[str, ...]] = SCHOOL_LEADER_FIELDS

    formatie: Decimal
    regulier_openstaand: Decimal = ZERO
    regulier_verborgen: Decimal = ZERO
    vervanging_openstaand: Decimal = ZERO
    vervanging_verborgen: Decimal = ZERO
    remark: str = ""

    @property
    def shortage(self) -> Decimal:
        return sum((getattr(self, c) for c in CELLS), ZERO)

    def model_values(self) -> dict:
        """The values as registration fields."""
        values = {name: getattr(self, name) for name in self.fte_fields}
        values["remark"] = self.remark
        return values

    def snapshot(self) -> dict:
        """The values as JSON-ready strings, for versions and receipts."""
        values = self.model_values()
        for name in self.fte_fields:
            values[name] = fte_text(values[name])
        return values

    @classmethod
    def from_parsed(cls, ftes: dict, **more) -> Self:
        """The figures of parsed input: an FTE field left empty (None or absent) is 0 (``more``:
        the other fields)."""
        return cls(**{name: ftes.get(name) or ZERO for name in cls.fte_fields}, **more)

    @classmethod
    def from_registration(cls, registration, **more) -> Self:
        """The figures a stored registration holds (``more``: the subclass's other fields)."""
        return cls(
            **{name: getattr(registration, name) for name in cls.fte_fields},
            remark=registration.remark,
            **more,
        )

    @classmethod
    def from_snapshot(cls, values: dict, **more) -> Self:
        """The figures of a snapshot's values, or of a registration's as ``.values()`` reads
        them (``more``: the subclass's other fields)."""
        return cls(
            **{name: Decimal(values[name]) for name in cls.fte_fields},
            remark=values.get("remark", ""),
            **more,
        )


@dataclass(kw_only=True)
class Figures(ShortageCells):
    """One location's answers for one round."""

    fte_fields: ClassVar[tuple[str, ...]] = FTE_FIELDS

    long_leave: Decimal = ZERO
    pupils: int | None = None
    # cell ("regulier"/"vervanging") -> code -> FTE; zero entries are left out.
    hidden_measures: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    other_measure: str = ""
    # vo only (issue 20): "" not given, "per_vak" (``subjects`` filled in), "totaal" (total only)
    subject_answer: str = ""
    # subject code -> SUBJECT_FIELDS -> FTE; subjects with only zeros are left out.
    subjects: dict[str, dict[str, Decimal]] = field(default_factory=dict)

    def model_values(self) -> dict:
        """The values as Registration fields (hidden measures and subjects as strings in JSON)."""
        values = super().model_values()
        values.update(
            pupils=self.pupils,
            other_measure=self.other_measure,
            hidden_measures=measures_as_json(self.hidden_measures),
            subject_answer=self.subject_answer,
            subjects=subjects_as_json(self.subjects),
        )
        return values

    @classmethod
    def from_registration(cls, registration) -> Figures:
        return super().from_registration(
            registration,
            pupils=registration.pupils,
            other_measure=registration.other_measure,
            hidden_measures=measures_from_json(registration.hidden_measures),
            subject_answer=registration.subject_answer,
            subjects=subjects_from_json(registration.subjects),
        )

    @classmethod
    def from_snapshot(cls, values: dict) -> Figures:
        """As ShortageCells.from_snapshot; a snapshot made before the per-subject questions
        (issue 20) has no subject answer."""
        return super().from_snapshot(
            values,
            pupils=values["pupils"],
            other_measure=values["other_measure"],
            hidden_measures=measures_from_json(values["hidden_measures"] or {}),
            subject_answer=values.get("subject_answer", NOT_GIVEN),
            subjects=subjects_from_json(values.get("subjects")),
        )


def fte_text(value) -> str:
    """An FTE as text with two decimals ("0.60"); fast for values already at two places."""
    text = str(value)
    dot = text.find(".")
    if dot != -1 and len(text) - dot == 3 and "E" not in text:
        return text
    return f"{Decimal(text):.2f}"


def measures_as_json(measures: dict) -> dict:
    """Hidden FTE per code as JSON-ready text, zero entries and empty cells left out."""
    out = {}
    for cell in sorted(measures):
        if cell not in HIDDEN_CELLS:
            continue
        codes = {
            code: fte_text(fte) for code, fte in sorted(measures[cell].items()) if Decimal(fte)
        }
        if codes:
            out[cell] = codes
    return out


def measures_from_json(data: dict) -> dict[str, dict[str, Decimal]]:
    return {
        cell: {code: Decimal(fte) for code, fte in codes.items()} for cell, codes in data.items()
    }


def subjects_as_json(subjects: dict) -> dict:
    """Per subject code the formatie and the four cells as text; all-zero subjects left out."""
    out = {}
    for code in sorted(subjects):
        values = subjects[code]
        if any(Decimal(values.get(name) or 0) for name in SUBJECT_FIELDS):
            out[code] = {name: fte_text(Decimal(values.get(name) or 0)) for name in SUBJECT_FIELDS}
    return out


def subjects_from_json(data: dict) -> dict[str, dict[str, Decimal]]:
    return {
        code: {name: Decimal(values.get(name) or 0) for name in SUBJECT_FIELDS}
        for code, values in (data or {}).items()
    }


def snapshot(values: dict) -> dict:
    """Model values as strings: what a version stores and a receipt shows."""
    out = {}
    for name, value in values.items():
        if isinstance(value, Decimal):
            out[name] = fte_text(value)
        elif name == "hidden_measures":
            out[name] = measures_as_json(value) if value else {}
        elif name == "subjects":
            out[name] = subjects_as_json(value) if value else {}
        else:
            out[name] = value
    return out


class SchoolLeaderFigures(ShortageCells):
    """One board's school-leader answers for one round."""
