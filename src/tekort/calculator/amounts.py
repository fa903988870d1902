"""Money amounts as Dutch users type them: "4.800", "4.800,50", "4800,50", "4800", "€ 4.800,-".

The separators are the Dutch number format: a dot
followed by exactly three digits groups thousands, a comma separates the cents. A single dot
followed by one or two digits ("4800.50", as a machine or an English keyboard writes it) is a
decimal point, as Django's own ``sanitize_separators`` reads it. Whatever else could be read two
ways ("4,800": four thousand eight hundred, or four euros eighty?) or is not a number is refused
with a Dutch message, never guessed.

The reading itself is the core's one Dutch number parser (``tekort_calc.numbers``, which checks
length and characters before converting, so no input is slow or overflows); this module only
says its typed errors in the UI language. Django's ``sanitize_separators`` is not used: it only
groups when the site-wide ``USE_THOUSAND_SEPARATOR`` is on, and even then it reads "4,800"
silently as 4.8 and drops misplaced dots ("4.80.0"). Fractional fields (FTE, hours,
percentages) are read by the same module (``parse_decimal``), a dot or a comma being the
decimal separator.
"""

from decimal import Decimal

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from tekort_calc import numbers


class AmountError(ValueError):
    """Not a Dutch amount; ``message`` says why, in the UI language."""

    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


def number_message(error: numbers.NumberError):
    """What a typed ``tekort_calc.numbers.NumberError`` means, in the UI language."""
    text = error.text if len(error.text) <= numbers.MAX_LENGTH else error.text[:32] + "…"
    if error.code == numbers.TOO_LONG:
        return format_lazy(_("'{text}' is too long or too large for this field."), text=text)
    if error.code == numbers.AMBIGUOUS:
        return format_lazy(
            _(
                "'{text}' can be read two ways. Did you mean {grouped}? Write a dot "
                "between the thousands and a comma only before the cents, for example "
                "4.800,50."
            ),
            text=text,
            grouped=error.suggestion,
        )
    if error.code == numbers.NOT_WHOLE:
        return _("enter a whole number.")
    return format_lazy(
        _(
            "'{text}' is not an amount. Write for example 4.800 or 4.800,50: "
            "a dot between the thousands, a comma before the cents."
        ),
        text=text,
    )


def parse_amount(text: str) -> Decimal:
    """The amount in ``text`` (euro sign and spaces allowed); AmountError when not one."""
    try:
        return numbers.parse_amount(text)
    except numbers.NumberError as error:
        raise AmountError(number_message(error)) from error


class AmountField(forms.CharField):
    """A text field for euros; its cleaned value is the amount as a plain string ("4800.50"),
    which the core reads unchanged; empty stays empty."""

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return text
        try:
            amount = parse_amount(text)
        except AmountError as error:
            raise forms.ValidationError(
                format_lazy("{label}: {message}", label=self.label, message=error.message),
                code="amount",
            ) from error
        return f"{amount:f}"
