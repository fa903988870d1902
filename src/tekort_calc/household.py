"""Typed inputs: a teacher's job and household, validatable from a flat dict of strings.

``Household.from_form({"fte": "0,6", "monthly_salary_fulltime": "5000", ...})`` returns a
:class:`Household` or raises :class:`ValidationError` whose ``errors`` maps each bad field
name to a Dutch message that names the field. The form field names are listed in FIELDS.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from .money import ZERO
from .numbers import (
    AMBIGUOUS,
    NOT_WHOLE,
    TOO_LONG,
    NumberError,
    parse_amount,
    parse_decimal,
    parse_integer,
)

SECTORS = ("po", "vo")
SCALES = ("LB", "LC", "LD", "LE")
CHILDCARE_TYPES = ("geen", "dagopvang", "bso", "gastouder")
HOUSING = ("koop", "huur", "anders")
BONUS_KINDS = ("geen", "vast", "percentage")
MAX_CHILDREN = 4
FTE_MIN, FTE_MAX = Decimal("0.05"), Decimal("1.2")

YES = {"ja", "j", "yes", "true", "1", "on", "waar"}
NO = {"nee", "n", "no", "false", "0", "off", "", "onwaar"}


class ValidationError(ValueError):
    """Invalid input; ``errors`` maps field name -> Dutch message naming that field."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


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


def number_message(error: NumberError) -> str:
    """The Dutch message for a value ``tekort_calc.numbers`` could not read."""
    shown = error.text if len(error.text) <= 32 else error.text[:32] + "…"
    if error.code == TOO_LONG:
        return f"'{shown}' is te lang of te groot voor dit veld."
    if error.code == AMBIGUOUS:
        return (
            f"'{shown}' kan op twee manieren gelezen worden; bedoel je {error.suggestion}? "
            "Schrijf een punt tussen de duizendtallen en een komma voor de centen."
        )
    if error.code == NOT_WHOLE:
        return "vul een heel getal in."
    return f"'{shown}' is geen getal."


def validation_errors(h: Household) -> dict[str, str]:
    """Errors in a constructed Household (field name -> Dutch message)."""
    e: dict[str, str] = {}
    if not (FTE_MIN <= h.fte <= FTE_MAX):
        e["fte"] = "fte: vul een deeltijdfactor in tussen 0,05 en 1,2."
    if h.sector not in SECTORS:
        e["sector"] = "sector: kies po of vo."
    if h.monthly_salary_fulltime is None:
        if h.scale is None or h.step is None:
            e["monthly_salary_fulltime"] = (
                "monthly_salary_fulltime: vul een voltijds maandsalaris in, of kies schaal en trede."
            )
        elif h.scale not in SCALES:
            e["scale"] = "scale: kies LB, LC, LD of LE."
        elif not 1 <= h.step <= 12:
            e["step"] = "step: de trede moet tussen 1 en 12 liggen."
    elif not (Decimal(500) <= h.monthly_salary_fulltime <= Decimal(20000)):
        e["monthly_salary_fulltime"] = (
            "monthly_salary_fulltime: het voltijds maandsalaris moet tussen € 500 en € 20.000 liggen."
        )
    if h.partner_income < 0 or h.partner_income > Decimal(1_000_000):
        e["partner_income"] = (
            "partner_income: het inkomen van de partner moet tussen 0 en 1.000.000 liggen."
        )
    if h.partner_income > 0 and not h.has_partner:
        e["partner_income"] = (
            "partner_income: vul alleen een partnerinkomen in als je een partner hebt."
        )
    if len(h.children) > MAX_CHILDREN:
        e["children"] = f"children: maximaal {MAX_CHILDREN} kinderen."
    for i, c in enumerate(h.children, start=1):
        if not 0 <= c.age <= 17:
            e[f"child_{i}_age"] = (
                f"child_{i}_age: de leeftijd van kind {i} moet tussen 0 en 17 liggen."
            )
        if c.childcare not in CHILDCARE_TYPES:
            e[f"child_{i}_childcare"] = (
                f"child_{i}_childcare: kies geen, dagopvang, bso of gastouder voor kind {i}."
            )
        if not ZERO <= c.childcare_hours_per_day <= 24:
            e[f"child_{i}_hours_per_day"] = (
                f"child_{i}_hours_per_day: uren opvang per dag voor kind {i} moet tussen 0 en 24 liggen."
            )
        if not ZERO <= c.childcare_price_per_hour <= 50:
            e[f"child_{i}_price_per_hour"] = (
                f"child_{i}_price_per_hour: de uurprijs voor kind {i} moet tussen € 0 en € 50 liggen."
            )
    if not ZERO <= h.childcare_days_covered <= 5:
        e["childcare_days_covered"] = (
            "childcare_days_covered: het aantal dagen zonder betaalde opvang moet tussen 0 en 5 liggen."
        )
    if h.housing not in HOUSING:
        e["housing"] = "housing: kies koop, huur of anders."
    if not ZERO <= h.rent <= 5000:
        e["rent"] = "rent: de kale huur per maand moet tussen € 0 en € 5.000 liggen."
    if h.rent > 0 and h.housing != "huur":
        e["rent"] = "rent: vul alleen een huur in bij woonsituatie huur."
    if h.assets < 0:
        e["assets"] = "assets: het vermogen kan niet negatief zijn."
    b = h.bonus
    if b.kind not in BONUS_KINDS:
        e["bonus_kind"] = "bonus_kind: kies geen, vast of percentage."
    if b.amount < 0 or b.amount > 100_000:
        e["bonus_amount"] = "bonus_amount: het bonusbedrag moet tussen € 0 en € 100.000 liggen."
    if not ZERO <= b.percentage <= 1:
        e["bonus_percentage"] = "bonus_percentage: het bonuspercentage moet tussen 0 en 100 liggen."
    if not ZERO <= b.threshold_fte <= FTE_MAX:
        e["bonus_threshold_fte"] = (
            "bonus_threshold_fte: de drempel moet tussen 0 en 1,2 fte liggen."
        )
    return e


FIELDS = (
    "fte monthly_salary_fulltime sector scale step top_of_scale apply_cao_rises partner "
    "partner_income partner_insured childcare_days_covered housing rent assets bonus_kind "
    "bonus_amount bonus_percentage bonus_threshold_fte bonus_pensionable"
).split() + [
    f"child_{i}_{name}"
    for i in range(1, MAX_CHILDREN + 1)
    for name in ("age", "childcare", "hours_per_day", "price_per_hour")
]


def parse_form(data: dict[str, str]) -> Household:
    """Build a Household from a flat dict of strings (a form or query string).

    Numbers are read by ``tekort_calc.numbers``: euro amounts the Dutch way ("45.000" is
    45,000 euros, "4.800,50", "4800.50"; "4,800" is refused as ambiguous), fractions with a
    decimal comma or point ("0,6"), whole numbers for age and trede. Percentages
    (bonus_percentage) are in percent ("10" = 10%).
    """
    errors: dict[str, str] = {}
    raw = {k: ("" if v is None else str(v).strip()) for k, v in data.items()}
    unknown = sorted(set(raw) - set(FIELDS))
    for name in unknown:
        errors[name] = f"{name}: onbekend veld."

    def read(name: str, parse, default, required: bool = False):
        text = raw.get(name, "")
        if text == "":
            if required:
                errors[name] = f"{name}: dit veld is verplicht."
            return default
        try:
            return parse(text)
        except NumberError as error:
            errors[name] = f"{name}: {number_message(error)}"
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
        errors[name] = f"{name}: kies ja of nee."
        return default

    def choice(name: str, options: tuple[str, ...], default: str) -> str:
        text = raw.get(name, "")
        if text == "":
            return default
        if text not in options:
            errors[name] = f"{name}: kies een van {', '.join(options)}."
            return default
        return text

    fte = number("fte", required=True)
    children = []
    for i in range(1, MAX_CHILDREN + 1):
        if raw.get(f"child_{i}_age", "") == "":
            for extra in ("childcare", "hours_per_day", "price_per_hour"):
                if raw.get(f"child_{i}_{extra}", "") not in ("", "geen", "0"):
                    errors[f"child_{i}_age"] = f"child_{i}_age: vul de leeftijd van kind {i} in."
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
    )
    if not errors or fte is not None:
        for name, message in validation_errors(household).items():
            errors.setdefault(name, message)
    if errors:
        raise ValidationError(errors)
    return household
