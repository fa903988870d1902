"""How a couple splits its working days: ``split_hours(household, year) -> Split``.

Issue 19 item 4: "3 + 5 days against 4 + 4". The household's total working days a week (the
teacher's FTE × 5 plus the partner's days) stay the same; the teacher's days move up and down
in whole days, the partner's the other way, each between 0 and 5 (the teacher at least
0.25 days, the calculator's smallest FTE). For each split the whole calculation runs
(``calculate``), so the table shows net incomes, toeslagen and childcare costs by the same
rules as the calculator.

Assumptions (also in :attr:`Split.assumptions`, in Dutch):

* a full-time week is five days (workweek.py);
* the partner's income moves with the days in proportion: the partner's yearly income
  divided by the partner's days now, per day;
* paid childcare is needed only on days both parents work, with the days planned to overlap
  as little as possible: max(0, teacher's days + partner's days − 5 − days others cover)
  days a week; "days others cover" (grandparents, …) is what the household entered as
  ``childcare_days_covered`` beyond the partner's days at home, and stays the same.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from .calculation import calculate
from .household import REQUIRED, FieldError, Household, ValidationError
from .money import ZERO, cents, fmt_eur, fmt_num
from .result import Result
from .workweek import ASSUMPTION, DAYS_FULLTIME, days_to_fte, fte_to_days

MIN_TEACHER_DAYS = Decimal("0.25")  # FTE 0.05


@dataclass(frozen=True)
class SplitRow:
    teacher_days: Decimal
    partner_days: Decimal
    care_days: Decimal  # days a week of paid childcare
    result: Result
    current: bool = False
    difference: Decimal = ZERO  # disposable income against the current split, per year

    def _group(self, group: str) -> Decimal:
        return sum((c.amount for c in self.result.components if c.group == group), ZERO)

    @property
    def teacher_net(self) -> Decimal:
        return self.result.teacher_net

    @property
    def partner_net(self) -> Decimal:
        return self._group("partner")

    @property
    def net(self) -> Decimal:
        """Both net incomes from work, per year."""
        return self.teacher_net + self.partner_net

    @property
    def allowances(self) -> Decimal:
        return self._group("toeslagen")

    @property
    def childcare_cost(self) -> Decimal:
        return -self._group("kosten")

    @property
    def total(self) -> Decimal:
        """Household disposable income per year (net + toeslagen − childcare)."""
        return self.result.total

    @property
    def per_month(self) -> Decimal:
        return self.result.per_month

    def as_dict(self) -> dict:
        return {
            "teacher_days": _days(self.teacher_days),
            "partner_days": _days(self.partner_days),
            "teacher_fte": str(self.result.household.fte),
            "care_days": _days(self.care_days),
            "current": self.current,
            "teacher_net": str(self.teacher_net),
            "partner_net": str(self.partner_net),
            "net": str(self.net),
            "allowances": str(self.allowances),
            "childcare_cost": str(self.childcare_cost),
            "total": str(self.total),
            "per_month": str(self.per_month),
            "difference": str(self.difference),
        }


def _days(value: Decimal) -> str:
    """ "3" for 3.0 days, "4.5" for 4.50."""
    return f"{value.normalize():f}"


@dataclass(frozen=True)
class Split:
    household: Household
    year: int
    total_days: Decimal
    partner_income_per_day: Decimal  # per year, for one day a week
    rows: tuple[SplitRow, ...]
    assumptions: tuple[str, ...]

    @property
    def current(self) -> SplitRow:
        return next(r for r in self.rows if r.current)

    @property
    def best(self) -> SplitRow:
        """The split with the highest disposable income (the first one on a tie)."""
        return max(self.rows, key=lambda r: r.total)

    def as_dict(self) -> dict:
        return {
            "year": self.year,
            "total_days": _days(self.total_days),
            "partner_income_per_day": str(self.partner_income_per_day),
            "rows": [r.as_dict() for r in self.rows],
            "best": {
                "teacher_days": _days(self.best.teacher_days),
                "partner_days": _days(self.best.partner_days),
            },
            "assumptions": list(self.assumptions),
        }


def _check(h: Household) -> None:
    errors = []
    if not h.has_partner:
        errors.append(FieldError("partner", REQUIRED))
    if h.partner_days is None or h.partner_days <= 0:
        errors.append(FieldError("partner_days", REQUIRED))
    if h.partner_income <= 0:
        errors.append(FieldError("partner_income", REQUIRED))
    if errors:
        raise ValidationError(errors)


def teacher_day_options(teacher_days: Decimal, total_days: Decimal) -> list[Decimal]:
    """The teacher's days in each split: whole days up and down from now, within the week."""
    low = max(MIN_TEACHER_DAYS, total_days - DAYS_FULLTIME)
    high = min(DAYS_FULLTIME, total_days)
    options = []
    day = teacher_days
    while day - 1 >= low:
        day -= 1
    while day <= high:
        options.append(day)
        day += 1
    return options


def split_hours(h: Household, year: int) -> Split:
    """Every split of the household's working days between teacher and partner, with the
    disposable income of each; raises ValidationError without a partner's days and income."""
    h.validate()
    _check(h)
    teacher_days = fte_to_days(h.fte)
    partner_days = h.partner_days
    total = teacher_days + partner_days
    per_day = h.partner_income / partner_days
    partner_home = min(teacher_days, DAYS_FULLTIME - partner_days)
    others = max(ZERO, h.childcare_days_covered - max(ZERO, partner_home))
    rows = []
    for days in teacher_day_options(teacher_days, total):
        p_days = total - days
        care = max(ZERO, days + p_days - DAYS_FULLTIME - others)
        variant = replace(
            h,
            fte=days_to_fte(days),
            partner_days=p_days,
            partner_income=cents(per_day * p_days),
            childcare_days_covered=min(days, max(ZERO, days - care)),
        )
        rows.append(SplitRow(days, p_days, care, calculate(variant, year), days == teacher_days))
    now = next(r.total for r in rows if r.current)
    rows = [replace(r, difference=r.total - now) for r in rows]
    assumptions = (
        ASSUMPTION,
        f"Het inkomen van je partner verandert naar rato van de werkdagen: "
        f"{fmt_eur(cents(per_day))} per jaar voor elke dag per week "
        f"({fmt_eur(h.partner_income)} bij {fmt_num(partner_days)} dagen).",
        "Betaalde kinderopvang alleen op dagen dat jullie allebei werken, met zo min mogelijk "
        "overlap: leraar + partner − 5 dagen"
        + (f", min {fmt_num(others)} dagen opvang door anderen" if others else "")
        + ".",
        *rows[0].result.assumptions,
    )
    return Split(h, int(year), total, cents(per_day), tuple(rows), assumptions)
