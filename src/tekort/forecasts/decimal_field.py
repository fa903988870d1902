"""A form field for numbers typed the Dutch way: "0,1" is 0.1, never 1 or 01.

An ``<input type="number">`` hands the server whatever the browser made of the text: in a Dutch
browser "0,1" may arrive as "01" and a +10 % lever silently ran as +100 %. This field is a text
input (``inputmode="decimal"``: a phone shows the number keyboard with a comma) read by the
calculator's reader of Dutch numbers (``tekort_calc.numbers``, a framework-free core): one
decimal comma or point for fractions, thousands grouped with dots for amounts and whole numbers.
What it cannot read for certain gets a Dutch message and is never guessed: "0.1.1", "1,2,3",
letters, and a number with a leading zero such as "01" (a comma that got lost).
"""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tekort_calc import numbers

LEADING_ZERO = re.compile(r"^-?0\d")  # "01", "-05": a decimal comma that got lost

KINDS = {
    "decimal": numbers.parse_decimal,  # fractions: "0,1", "0.1", "10"
    "amount": numbers.parse_amount,  # euros: "1.000.000", "2500,50"
    "integer": numbers.parse_amount,  # whole numbers, grouped like amounts: "1.000"
}


class DecimalInput(forms.TextInput):
    """A text input for a Dutch number: the number keyboard on a phone, any separator typed."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


def dutch_text(value: Decimal | int | float) -> str:
    """A number as the field shows it: a decimal comma, no grouping, no exponent."""
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(str(value)).normalize(), "f")
    return text.replace(".", ",")


class DutchDecimalField(forms.Field):
    """A number typed the Dutch way (see the module docstring); ``kind`` is "decimal" (a
    :class:`~decimal.Decimal`), "amount" (euros, a Decimal) or "integer" (an int)."""

    widget = DecimalInput
    default_error_messages = {
        "invalid": _("Enter a number, with a decimal comma if needed (for example 0,1)."),
        "leading_zero": _(
            "“%(value)s” starts with a zero: did you mean %(suggestion)s? Use a decimal comma."
        ),
        "ambiguous": _("“%(value)s” can be read two ways; write %(suggestion)s or use a comma."),
        "not_whole": _("Enter a whole number (without decimals)."),
        "too_long": _("This number is too long."),
        "min_value": _("Enter a number of at least %(limit)s."),
        "max_value": _("Enter a number of at most %(limit)s."),
    }

    def __init__(self, *, kind="decimal", min_value=None, max_value=None, **kwargs):
        if kind not in KINDS:
            raise ValueError(kind)
        self.kind, self.min_value, self.max_value = kind, min_value, max_value
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return dutch_text(value)
        return value

    def to_python(self, value):
        text = str(value if value is not None else "").strip()
        if text in self.empty_values:
            return None
        if LEADING_ZERO.match(text):
            suggestion = text.replace("0", "0,", 1)
            raise ValidationError(
                self.error_messages["leading_zero"],
                code="leading_zero",
                params={"value": text, "suggestion": suggestion},
            )
        try:
            number = KINDS[self.kind](text)
        except numbers.NumberError as error:
            code = error.code if error.code in self.error_messages else "invalid"
            params = {"value": text, "suggestion": error.suggestion}
            raise ValidationError(self.error_messages[code], code=code, params=params) from None
        if self.kind == "integer":
            if number != number.to_integral_value():
                raise ValidationError(self.error_messages["not_whole"], code="not_whole")
            return int(number)
        return number

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value < Decimal(str(self.min_value)):
            raise ValidationError(
                self.error_messages["min_value"],
                code="min_value",
                params={"limit": dutch_text(self.min_value)},
            )
        if self.max_value is not None and value > Decimal(str(self.max_value)):
            raise ValidationError(
                self.error_messages["max_value"],
                code="max_value",
                params={"limit": dutch_text(self.max_value)},
            )
