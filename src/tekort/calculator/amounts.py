"""Money amounts as Dutch users type them: "4.800", "4.800,50", "4800,50", "4800", "€ 4.800,-".

The separators are Django's Dutch number format (``get_format(..., lang="nl")``): a dot
followed by exactly three digits groups thousands, a comma separates the cents. A single dot
followed by one or two digits ("4800.50", as a machine or an English keyboard writes it) is a
decimal point, as Django's own ``sanitize_separators`` reads it. Whatever else could be read two
ways ("4,800": four thousand eight hundred, or four euros eighty?) or is not a number is refused
with a Dutch message, never guessed.

Django's ``sanitize_separators`` is not used for the grouping itself: it only groups when the
site-wide ``USE_THOUSAND_SEPARATOR`` is on (which would change how every page prints numbers),
and even then it reads "4,800" silently as 4.8 and drops misplaced dots ("4.80.0").
Fractional fields (FTE, hours, percentages) do not come here: the core reads those, a dot or a
comma being the decimal separator.
"""

import re
from decimal import Decimal
from functools import cache

from django import forms
from django.utils.formats import get_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

NOTATION = "nl"  # the calculator's notation, whatever the language of the page
CURRENCY = "€"
SPACE_GROUP = re.compile(r"(?<=\d)\s(?=\d{3}(?!\d))")  # "4 800": a space between the thousands


class AmountError(ValueError):
    """Not a Dutch amount; ``message`` says why, in the UI language."""

    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    dec = re.escape(get_format("DECIMAL_SEPARATOR", lang=NOTATION))
    group = re.escape(get_format("THOUSAND_SEPARATOR", lang=NOTATION))
    size = int(get_format("NUMBER_GROUPING", lang=NOTATION))
    cents = rf"(?:{dec}(?P<cents>\d{{1,2}})|{dec}--?)?"  # "4.800,50" or "4.800,-"
    dutch = re.compile(
        rf"(?P<sign>-?)(?P<units>[1-9]\d{{0,{size - 1}}}(?:{group}\d{{{size}}})+|\d+){cents}"
    )
    point = re.compile(r"(?P<sign>-?)(?P<units>\d+)\.(?P<cents>\d{1,2})")
    ambiguous = re.compile(rf"-?[1-9]\d{{0,{size - 1}}}{dec}\d{{{size}}}")
    return dutch, point, ambiguous


def parse_amount(text: str) -> Decimal:
    """The amount in ``text`` (euro sign and spaces allowed); AmountError when not one."""
    group = get_format("THOUSAND_SEPARATOR", lang=NOTATION)
    cleaned = SPACE_GROUP.sub(group, text.strip().removeprefix(CURRENCY).strip())
    dutch, point, ambiguous = _patterns()
    match = dutch.fullmatch(cleaned) or point.fullmatch(cleaned)
    if match is None:
        if ambiguous.fullmatch(cleaned):
            units, _sep, rest = cleaned.partition(get_format("DECIMAL_SEPARATOR", lang=NOTATION))
            raise AmountError(
                format_lazy(
                    _(
                        "'{text}' can be read two ways. Did you mean {grouped}? Write a dot "
                        "between the thousands and a comma only before the cents, for example "
                        "4.800,50."
                    ),
                    text=text,
                    grouped=f"{units}{group}{rest}",
                )
            )
        raise AmountError(
            format_lazy(
                _(
                    "'{text}' is not an amount. Write for example 4.800 or 4.800,50: "
                    "a dot between the thousands, a comma before the cents."
                ),
                text=text,
            )
        )
    units = match["units"].replace(group, "")
    cents = f".{match['cents']}" if match["cents"] else ""
    return Decimal(f"{match['sign']}{units}{cents}")


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
