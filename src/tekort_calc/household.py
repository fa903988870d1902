"""Typed inputs: a teacher's job and household, validatable from a flat dict of strings.

``Household.from_form({"fte": "0,6", "monthly_salary_fulltime": "5000", ...})`` returns a
:class:`Household` or raises :class:`ValidationError` whose ``errors`` maps each bad field
name to a typed :class:`FieldError` (field, code, parameters); the caller says it in its own
words and language. The form field names are listed in FIELDS.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from .money import ZERO
from .numbers import NumberError, parse_amount, parse_decimal, parse_integer
from .workweek import DAYS_FULLTIME, parse_birth_date, parse_days, parse_fte

SECTORS = ("po", "vo")
SCALES = ("LB", "LC", "LD", "LE")
CHILDCARE_TYPES = ("geen", "dagopvang", "bso", "gastouder")
HOUSING = ("koop", "huur", "anders")
BONUS_KINDS = ("geen", "vast", "percentage")
MAX_CHILDREN = 4
FTE_MIN, FTE_MAX = Decimal("0.05"), Decimal("1.2")
AGE_MIN, AGE_MAX = 15, 100  # age on 1 January of the year
BIRTH_DATE_MIN, BIRTH_DATE_MAX = date(1900, 1, 1), date(2012, 12, 31)

YES = {"ja", "j", "yes", "true", "1", "on", "waar"}
NO = {"nee", "n", "no", "false", "0", "off", "", "onwaar"}


# codes of FieldError, besides the codes of tekort_calc.numbers.NumberError (too_long,
# not_a_number, ambiguous, not_whole; parameters "text" and "suggestion")
REQUIRED = "required"  # nothing entered where a value is needed (monthly_salary_fulltime:
# no salary and no scale and step)
UNKNOWN_FIELD = "unknown_field"
NOT_YES_NO = "not_yes_no"
INVALID_CHOICE = "invalid_choice"  # "options": the allowed values
OUT_OF_RANGE = "out_of_range"  # "min", "max" (percentages in percent)
NEGATIVE = "negative"
ONLY_WITH = "only_with"  # a value that needs another choice ("partner", "housing")
TOO_MANY = "too_many"  # "max"
NO_SALARY_DATA = "no_salary_data"  # "sector", "scale" (and "step", "steps" for a trede)


@dataclass(frozen=True)
class FieldError:
    """One invalid input: the form ``field`` it belongs to, a ``code`` saying what is wrong and
    the ``params`` a message needs (bounds, options, the text typed, the child's number ``n``).
    No message: the caller words it in its own language."""

    field: str
    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def __str__(self) -> str:
        details = ", ".join(f"{k}={v!s:.40}" for k, v in self.params.items())
        return f"{self.field}: {self.code}" + (f" ({details})" if details else "")


def number_error(name: str, error: NumberError, **params) -> FieldError:
    """The FieldError for a value ``tekort_calc.numbers`` could not read."""
    return FieldError(
        name, error.code, {"text": error.text, "suggestion": error.suggestion, **params}
    )


class ValidationError(ValueError):
    """Invalid input; ``errors`` maps field name -> :class:`FieldError` (one per field)."""

    def __init__(self, errors: Iterable[FieldError] | Mapping[str, FieldError]):
        items = errors.values() if isinstance(errors, Mapping) else errors
        self.errors: dict[str, FieldError] = {}
        for error in items:
            if not isinstance(error, FieldError):
                raise TypeError(f"ValidationError takes FieldErrors, not {error!r}")
            self.errors.setdefault(error.field, error)
        super().__init__("; ".join(str(e) for e in self.errors.values()))


@dataclass(frozen=True)
class Child:
    age: int
    childcare: str = "geen"  # one of CHILDCARE_TYPES
    childcare_hours_per_day: Decimal = ZERO  # hours of care per day the parent works
    childcare_price_per_hour: Decimal = ZERO  # the provider's hourly price


@dataclass(frozen=True)
class Bonus:
    """A more-hours bonus: a fixed gross amount per year, or a percentage of the salary earned
    by the hours above a threshold (both only when the FTE is at least the threshold)."""

    kind: str = "geen"  # one of BONUS_KINDS
    amount: Decimal = ZERO  # "vast": gross euros per year
    percentage: Decimal = ZERO  # "percentage": fraction, e.g. 0.10 for 10%
    threshold_fte: Decimal = ZERO
    pensionable: bool = False


NO_BONUS = Bonus()


@dataclass(frozen=True)
class Household:
    fte: Decimal
    monthly_salary_fulltime: Decimal | None = None  # full-time salary on 1 January of the year
    sector: str = "po"
    scale: str | None = None  # LB..LE, used when no salary is entered
    step: int | None = None  # trede
    top_of_scale: bool = False
    apply_cao_rises: bool = True  # apply the dated cao rises within the year
    has_partner: bool = False
    partner_income: Decimal = ZERO  # partner's taxable wage (fiscaal loon) per year
    partner_insured: bool = True  # partner has Dutch health insurance (zorgtoeslag)
    children: tuple[Child, ...] = ()
    childcare_days_covered: Decimal = ZERO  # workdays per week without paid childcare
    housing: str = "koop"
    rent: Decimal = ZERO  # kale huur per month
    assets: Decimal = ZERO  # vermogen (box 3 assets) of the household
    bonus: Bonus = field(default=NO_BONUS)
    # the AOW age (issue 19): a date of birth, or else an age on 1 January of the year; without
    # either the calculation assumes under the AOW age and says so (Result.assumptions)
    birth_date: date | None = None
    age: int | None = None
    partner_age: int | None = None
    partner_days: Decimal | None = None  # the partner's working days a week now (split.py)

    def with_fte(self, fte: Decimal) -> Household:
        return replace(self, fte=Decimal(fte))

    def with_bonus(self, bonus: Bonus) -> Household:
        return replace(self, bonus=bonus)

    @property
    def persons(self) -> int:
        return 1 + int(self.has_partner) + len(self.children)

    def validate(self) -> None:
        errors = validation_errors(self)
        if errors:
            raise ValidationError(errors)

    @classmethod
    def from_form(cls, data: dict[str, str]) -> Household:
        return parse_form(data)


def validation_errors(h: Household) -> dict[str, FieldError]:
    """Errors in a constructed Household (field name -> FieldError)."""
    e: dict[str, FieldError] = {}

    def add(name: str, code: str, **params) -> None:
        e[name] = FieldError(name, code, params)

    def bounds(low, high) -> dict:
        return {"min": Decimal(low), "max": Decimal(high)}

    if not (FTE_MIN <= h.fte <= FTE_MAX):
        add("fte", OUT_OF_RANGE, **bounds(FTE_MIN, FTE_MAX))
    if h.sector not in SECTORS:
        add("sector", INVALID_CHOICE, options=SECTORS)
    if h.monthly_salary_fulltime is None:
        if h.scale is None or h.step is None:
            add("monthly_salary_fulltime", REQUIRED)
        elif h.scale not in SCALES:
            add("scale", INVALID_CHOICE, options=SCALES)
        elif not 1 <= h.step <= 12:
            add("step", OUT_OF_RANGE, **bounds(1, 12))
    elif not (Decimal(500) <= h.monthly_salary_fulltime <= Decimal(20000)):
        add("monthly_salary_fulltime", OUT_OF_RANGE, **bounds(500, 20000))
    if h.partner_income < 0 or h.partner_income > Decimal(1_000_000):
        add("partner_income", OUT_OF_RANGE, **bounds(0, 1_000_000))
    if h.partner_income > 0 and not h.has_partner:
        add("partner_income", ONLY_WITH, needs="partner")
    if len(h.children) > MAX_CHILDREN:
        add("children", TOO_MANY, max=MAX_CHILDREN)
    for i, c in enumerate(h.children, start=1):
        if not 0 <= c.age <= 17:
            add(f"child_{i}_age", OUT_OF_RANGE, n=i, **bounds(0, 17))
        if c.childcare not in CHILDCARE_TYPES:
            add(f"child_{i}_childcare", INVALID_CHOICE, n=i, options=CHILDCARE_TYPES)
        if not ZERO <= c.childcare_hours_per_day <= 24:
            add(f"child_{i}_hours_per_day", OUT_OF_RANGE, n=i, **bounds(0, 24))
        if not ZERO <= c.childcare_price_per_hour <= 50:
            add(f"child_{i}_price_per_hour", OUT_OF_RANGE, n=i, **bounds(0, 50))
    if not ZERO <= h.childcare_days_covered <= 5:
        add("childcare_days_covered", OUT_OF_RANGE, **bounds(0, 5))
    if h.housing not in HOUSING:
        add("housing", INVALID_CHOICE, options=HOUSING)
    if not ZERO <= h.rent <= 5000:
        add("rent", OUT_OF_RANGE, **bounds(0, 5000))
    if h.rent > 0 and h.housing != "huur":
        add("rent", ONLY_WITH, needs="housing", value="huur")
    if h.assets < 0:
        add("assets", NEGATIVE)
    b = h.bonus
    if b.kind not in BONUS_KINDS:
        add("bonus_kind", INVALID_CHOICE, options=BONUS_KINDS)
    if b.amount < 0 or b.amount > 100_000:
        add("bonus_amount", OUT_OF_RANGE, **bounds(0, 100_000))
    if not ZERO <= b.percentage <= 1:
        add("bonus_percentage", OUT_OF_RANGE, **bounds(0, 100))  # in percent, as typed
    if not ZERO <= b.threshold_fte <= FTE_MAX:
        add("bonus_threshold_fte", OUT_OF_RANGE, **bounds(0, FTE_MAX))
    if h.birth_date is not None and not BIRTH_DATE_MIN <= h.birth_date <= BIRTH_DATE_MAX:
        add(
            "birth_date",
            OUT_OF_RANGE,
            min=f"{BIRTH_DATE_MIN:%d-%m-%Y}",
            max=f"{BIRTH_DATE_MAX:%d-%m-%Y}",
        )
    if h.age is not None and not AGE_MIN <= h.age <= AGE_MAX:
        add("age", OUT_OF_RANGE, **bounds(AGE_MIN, AGE_MAX))
    if h.partner_age is not None and not AGE_MIN <= h.partner_age <= AGE_MAX:
        add("partner_age", OUT_OF_RANGE, **bounds(AGE_MIN, AGE_MAX))
    elif h.partner_age is not None and not h.has_partner:
        add("partner_age", ONLY_WITH, needs="partner")
    if h.partner_days is not None and not ZERO <= h.partner_days <= DAYS_FULLTIME:
        add("partner_days", OUT_OF_RANGE, **bounds(0, DAYS_FULLTIME))
    elif h.partner_days is not None and not h.has_partner:
        add("partner_days", ONLY_WITH, needs="partner")
    return e


FIELDS = (
    "fte monthly_salary_fulltime sector scale step top_of_scale apply_cao_rises partner "
    "partner_income partner_insured childcare_days_covered housing rent assets bonus_kind "
    "bonus_amount bonus_percentage bonus_threshold_fte bonus_pensionable "
    "birth_date age partner_age partner_days"
).split() + [
    f"child_{i}_{name}"
    for i in range(1, MAX_CHILDREN + 1)
    for name in ("age", "childcare", "hours_per_day", "price_per_hour")
]


def child_number(name: str) -> dict[str, int]:
    """{"n": 2} for a field of child 2 ("child_2_age"), else {}."""
    parts = name.split("_")
    return {"n": int(parts[1])} if parts[0] == "child" and parts[1].isdigit() else {}


def parse_form(data: dict[str, str]) -> Household:
    """Build a Household from a flat dict of strings (a form or query string).

    Numbers are read by ``tekort_calc.numbers``: euro amounts the Dutch way ("45.000" is
    45,000 euros, "4.800,50", "4800.50"; "4,800" is refused as ambiguous), fractions with a
    decimal comma or point ("0,6"; the FTE also as days or hours a week, "4 dagen", "32 uur",
    see workweek.py), whole numbers for age and trede, a date of birth as "17-03-1958".
    Percentages
    (bonus_percentage) are in percent ("10" = 10%).
    """
    errors: dict[str, FieldError] = {}
    raw = {k: ("" if v is None else str(v).strip()) for k, v in data.items()}
    unknown = sorted(set(raw) - set(FIELDS))
    for name in unknown:
        errors[name] = FieldError(name, UNKNOWN_FIELD)

    def read(name: str, parse, default, required: bool = False):
        text = raw.get(name, "")
        if text == "":
            if required:
                errors[name] = FieldError(name, REQUIRED)
            return default
        try:
            return parse(text)
        except NumberError as error:
            errors[name] = number_error(name, error, **child_number(name))
            return default

    def number(name: str, default: Decimal | None = ZERO, required: bool = False):
        return read(name, parse_decimal, default, required)

    def amount(name: str, default: Decimal | None = ZERO):
        return read(name, parse_amount, default)

    def integer(name: str, default: int | None = None):
        return read(name, parse_integer, default)

    def flag(name: str, default: bool) -> bool:
        text = raw.get(name, "").lower()
        if name not in raw:
            return default
        if text in YES:
            return True
        if text in NO:
            return False
        errors[name] = FieldError(name, NOT_YES_NO)
        return default

    def choice(name: str, options: tuple[str, ...], default: str) -> str:
        text = raw.get(name, "")
        if text == "":
            return default
        if text not in options:
            errors[name] = FieldError(
                name, INVALID_CHOICE, {"options": options, **child_number(name)}
            )
            return default
        return text

    fte = read("fte", parse_fte, ZERO, required=True)  # "0,8", "4 dagen" or "32 uur"
    children = []
    for i in range(1, MAX_CHILDREN + 1):
        if raw.get(f"child_{i}_age", "") == "":
            for extra in ("childcare", "hours_per_day", "price_per_hour"):
                if raw.get(f"child_{i}_{extra}", "") not in ("", "geen", "0"):
                    errors[f"child_{i}_age"] = FieldError(f"child_{i}_age", REQUIRED, {"n": i})
            continue
        children.append(
            Child(
                age=integer(f"child_{i}_age", 0),
                childcare=choice(f"child_{i}_childcare", CHILDCARE_TYPES, "geen"),
                childcare_hours_per_day=number(f"child_{i}_hours_per_day"),
                childcare_price_per_hour=amount(f"child_{i}_price_per_hour"),
            )
        )
    bonus_percentage = number("bonus_percentage")
    household = Household(
        fte=fte if fte is not None else Decimal(1),
        monthly_salary_fulltime=amount("monthly_salary_fulltime", default=None),
        sector=choice("sector", SECTORS, "po"),
        scale=raw.get("scale") or None,
        step=integer("step"),
        top_of_scale=flag("top_of_scale", False),
        apply_cao_rises=flag("apply_cao_rises", True),
        has_partner=flag("partner", False),
        partner_income=amount("partner_income"),
        partner_insured=flag("partner_insured", True),
        children=tuple(children),
        childcare_days_covered=number("childcare_days_covered"),
        housing=choice("housing", HOUSING, "koop"),
        rent=amount("rent"),
        assets=amount("assets"),
        bonus=Bonus(
            kind=choice("bonus_kind", BONUS_KINDS, "geen"),
            amount=amount("bonus_amount"),
            percentage=bonus_percentage / 100,
            threshold_fte=number("bonus_threshold_fte"),
            pensionable=flag("bonus_pensionable", False),
        ),
        birth_date=read("birth_date", parse_birth_date, None),
        age=integer("age"),
        partner_age=integer("partner_age"),
        partner_days=read("partner_days", parse_days, None),
    )
    if not errors or fte is not None:
        for name, error in validation_errors(household).items():
            errors.setdefault(name, error)
    if errors:
        raise ValidationError(errors)
    return household
