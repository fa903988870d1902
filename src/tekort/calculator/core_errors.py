"""What the core's typed errors (``tekort_calc.FieldError``) say, in the UI language.

The core names the field, a code and the parameters (bounds, options, the text typed, the
child's number); this module picks the sentence for (field, code) and fills it in, with
numbers in Dutch notation. A field without a sentence of its own gets the code's general one,
so a new field of the core always has a clear message.
"""

import re
from decimal import Decimal

from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tekort_calc import FieldError, numbers, workweek
from tekort_calc import household as core

CHILD_FIELD = re.compile(r"child_\d+_(?P<name>\w+)")

# (field, code) -> sentence; fields of a child as "child_<name>" (their number is {n})
MESSAGES = {
    ("fte", core.OUT_OF_RANGE): _("enter a part-time factor between {min} and {max}."),
    ("monthly_salary_fulltime", core.REQUIRED): _(
        "enter a full-time monthly salary, or choose scale and step."
    ),
    ("monthly_salary_fulltime", core.OUT_OF_RANGE): _(
        "the full-time monthly salary must be between € {min} and € {max}."
    ),
    ("step", core.OUT_OF_RANGE): _("the step must be between {min} and {max}."),
    ("scale", core.NO_SALARY_DATA): _(
        "there are no salary data for scale {scale} ({sector}); enter the full-time monthly salary."
    ),
    ("step", core.NO_SALARY_DATA): _(
        "there are no salary data for scale {scale} step {step} (only step {steps}); enter the "
        "full-time monthly salary."
    ),
    ("partner_income", core.OUT_OF_RANGE): _(
        "the partner's income must be between {min} and {max}."
    ),
    ("partner_income", core.ONLY_WITH): _("enter a partner's income only if you have a partner."),
    ("children", core.TOO_MANY): _("at most {max} children."),
    ("child_age", core.REQUIRED): _("enter the age of child {n}."),
    ("child_age", core.OUT_OF_RANGE): _("the age of child {n} must be between {min} and {max}."),
    ("child_childcare", core.INVALID_CHOICE): _("choose {options} for child {n}."),
    ("child_hours_per_day", core.OUT_OF_RANGE): _(
        "hours of childcare per day for child {n} must be between {min} and {max}."
    ),
    ("child_price_per_hour", core.OUT_OF_RANGE): _(
        "the price per hour for child {n} must be between € {min} and € {max}."
    ),
    ("childcare_days_covered", core.OUT_OF_RANGE): _(
        "the number of days without paid childcare must be between {min} and {max}."
    ),
    ("rent", core.OUT_OF_RANGE): _("the basic rent per month must be between € {min} and € {max}."),
    ("rent", core.ONLY_WITH): _("enter a rent only when you rent your home."),
    ("assets", core.NEGATIVE): _("the assets cannot be negative."),
    ("bonus_amount", core.OUT_OF_RANGE): _("the bonus amount must be between € {min} and € {max}."),
    ("bonus_percentage", core.OUT_OF_RANGE): _(
        "the bonus percentage must be between {min} and {max}."
    ),
    ("bonus_threshold_fte", core.OUT_OF_RANGE): _(
        "the threshold must be between {min} and {max} FTE."
    ),
    ("birth_date", workweek.NOT_A_DATE): _(
        "'{text}' is not a date; write day, month and year, for example 17-03-1959."
    ),
    ("birth_date", core.OUT_OF_RANGE): _("the date of birth must lie between {min} and {max}."),
    ("age", core.OUT_OF_RANGE): _("the age must be between {min} and {max}."),
    ("partner_age", core.OUT_OF_RANGE): _("the partner's age must be between {min} and {max}."),
    ("partner_age", core.ONLY_WITH): _("enter a partner's age only if you have a partner."),
    ("partner_days", core.OUT_OF_RANGE): _(
        "the partner's working days must be between {min} and {max} a week."
    ),
    ("partner_days", core.ONLY_WITH): _(
        "enter a partner's working days only if you have a partner."
    ),
    ("partner_days", core.REQUIRED): _(
        "enter your partner's working days a week to compare ways of splitting them."
    ),
    ("partner_income", core.REQUIRED): _(
        "enter your partner's income to compare ways of splitting your working days."
    ),
    ("partner", core.REQUIRED): _("the comparison of splits is for a household with a partner."),
}

# code -> sentence, for every field without its own
GENERAL = {
    core.REQUIRED: _("this field is required."),
    core.UNKNOWN_FIELD: _("unknown field."),
    core.NOT_YES_NO: _("choose yes or no."),
    core.INVALID_CHOICE: _("choose {options}."),
    core.OUT_OF_RANGE: _("the value must be between {min} and {max}."),
    core.NEGATIVE: _("the value cannot be negative."),
    core.ONLY_WITH: _("this value does not fit your other choices."),
    core.TOO_MANY: _("at most {max}."),
    core.NO_SALARY_DATA: _("there are no salary data; enter the full-time monthly salary."),
    numbers.TOO_LONG: _("'{text}' is too long or too large for this field."),
    numbers.NOT_A_NUMBER: _("'{text}' is not a number."),
    numbers.NOT_WHOLE: _("enter a whole number."),
    numbers.AMBIGUOUS: _(
        "'{text}' can be read two ways. Did you mean {grouped}? Write a dot "
        "between the thousands and a comma only before the cents, for example "
        "4.800,50."
    ),
}
UNKNOWN_CODE = _("this value is not valid.")

_NL = str.maketrans(",.", ".,")


def dutch_number(value: Decimal | int) -> str:
    """1000000 -> "1.000.000", Decimal("0.05") -> "0,05"."""
    return f"{value:,}".translate(_NL)


def shown(name: str, value) -> str:
    """A parameter as the sentence shows it: Dutch numbers, options as "a, b or c"."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal | int):
        return dutch_number(value)
    if isinstance(value, tuple | list):
        items = [shown(name, v) for v in value]
        return get_text_list(items, gettext("or")) if name == "options" else ", ".join(items)
    text = str(value)
    return text if len(text) <= numbers.MAX_LENGTH else text[: numbers.MAX_LENGTH] + "…"


class _Params(dict):
    def __missing__(self, key):  # a sentence never fails on a parameter the core left out
        return "…"


def _template(error: FieldError):
    match = CHILD_FIELD.fullmatch(error.field)
    key = f"child_{match['name']}" if match else error.field
    return MESSAGES.get((key, error.code)) or GENERAL.get(error.code) or UNKNOWN_CODE


def message(error: FieldError) -> str:
    """The sentence for ``error`` in the active language, without the field's label."""
    params = _Params((k, shown(k, v)) for k, v in error.params.items())
    if error.code == numbers.AMBIGUOUS:
        params["grouped"] = params.get("suggestion", "")
    return str(_template(error)).format_map(params)
