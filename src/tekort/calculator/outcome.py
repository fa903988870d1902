"""One calculator answer: the household before and after the change, their comparison and the
curve of net income over FTE — and the same as a JSON-ready dict (the API shape is documented
in docs/calculator-pages.md)."""

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from tekort.calculator.unverified import UnverifiedValue, describe, json_value
from tekort_calc import Comparison, Curve, Household, Result, calculate, compare, curve
from tekort_calc.money import cents

CURVE_FROM, CURVE_TO, CURVE_STEPS = Decimal("0.2"), Decimal("1.2"), 21  # every 0.05 FTE
FRACTION = Decimal("0.0001")


def per_month(amount: Decimal) -> Decimal:
    return cents(amount / 12)


def fraction(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(FRACTION))


@dataclass(frozen=True)
class ComponentRow:
    key: str
    label: str
    group: str
    before: Decimal  # per year
    after: Decimal
    pressure: Decimal | None  # share of the extra gross pay this component takes
    explanation_before: str
    explanation_after: str

    @property
    def delta(self) -> Decimal:
        return self.after - self.before

    @property
    def delta_per_month(self) -> Decimal:
        return per_month(self.delta)


@dataclass
class Outcome:
    household: Household  # before the change
    fte_to: Decimal
    year: int
    before: Result
    after: Result
    comparison: Comparison

    @cached_property
    def curve(self) -> Curve:
        return curve(self.household, self.year, CURVE_FROM, CURVE_TO, CURVE_STEPS)

    @cached_property
    def rows(self) -> list[ComponentRow]:
        pressure = self.comparison.marginal_pressure()
        rows = []
        for change in self.comparison.changes:
            rows.append(
                ComponentRow(
                    change.key,
                    change.label,
                    change.group,
                    change.before,
                    change.after,
                    pressure.get(change.key),
                    _explanation(self.before, change.key),
                    _explanation(self.after, change.key),
                )
            )
        return rows

    @cached_property
    def unverified(self):
        seen = {}
        for p in (*self.before.unverified, *self.after.unverified):
            seen.setdefault(p.key, p)
        return list(seen.values())

    @cached_property
    def unverified_values(self) -> list[UnverifiedValue]:
        """The same, said in the page's language (label, value in Dutch notation, why)."""
        return [describe(p) for p in self.unverified]

    @property
    def warnings(self) -> list[str]:
        """The core's warnings, then its assumptions (AOW age), each once."""
        return list(
            dict.fromkeys(
                (
                    *self.before.warnings,
                    *self.after.warnings,
                    *self.before.assumptions,
                    *self.after.assumptions,
                )
            )
        )

    @property
    def summary(self) -> list[str]:
        """The core's own summary sentences (gain; net per extra hour)."""
        lines = self.comparison.explain().splitlines()
        return [lines[0], *(line for line in lines[1:2] if line.startswith("Dat is"))]

    @cached_property
    def curve_summary(self) -> dict:
        """First and last point and the step with the highest marginal pressure."""
        points = self.curve.points
        pressure = self.curve.marginal_pressure()
        steps = [
            (p, a, b)
            for p, a, b in zip(pressure, points[:-1], points[1:], strict=True)
            if p is not None
        ]
        top = max(steps, key=lambda s: s[0]) if steps else (None, points[0], points[-1])
        return {
            "first": points[0],
            "last": points[-1],
            "first_per_month": per_month(points[0].disposable),
            "last_per_month": per_month(points[-1].disposable),
            "top_pressure": top[0],
            "top_from": top[1].fte,
            "top_to": top[2].fte,
        }

    @property
    def gross_change_per_month(self) -> Decimal:
        return per_month(self.comparison.gross_change)


def _explanation(result: Result, key: str) -> str:
    try:
        return result.component(key).explanation
    except KeyError:
        return ""


def compute(household: Household, fte_to: Decimal, year: int) -> Outcome:
    """Raises tekort_calc.ValidationError when the core cannot compute (e.g. unknown trede)."""
    before = calculate(household, year)
    after = calculate(household.with_fte(fte_to), year)
    return Outcome(household, fte_to, year, before, after, compare(before, after))


def result_json(result: Result) -> dict:
    return {
        **result.as_dict(),
        "fte": str(result.household.fte),
        "hours_per_year": str(result.hours_per_year),
        "teacher_net_per_month": str(result.teacher_net_per_month),
        "teacher_gross_per_month": str(per_month(result.teacher_gross)),
    }


def outcome_json(o: Outcome, inputs: dict[str, str]) -> dict:
    c = o.comparison
    return {
        "year": o.year,
        "inputs": inputs,
        "before": result_json(o.before),
        "after": result_json(o.after),
        "comparison": {
            "gain": str(c.gain),
            "gain_per_month": str(c.gain_per_month),
            "gross_change": str(c.gross_change),
            "gross_change_per_month": str(o.gross_change_per_month),
            "extra_hours": str(c.extra_hours),
            "net_per_extra_hour": None
            if c.net_per_extra_hour is None
            else str(c.net_per_extra_hour),
            "kept_fraction": fraction(c.kept_fraction),
            "total_marginal_pressure": fraction(c.total_marginal_pressure),
            "payslip_gain": str(c.payslip_gain),
            "changes": [
                {
                    "key": r.key,
                    "label": r.label,
                    "group": r.group,
                    "before": str(r.before),
                    "after": str(r.after),
                    "delta": str(r.delta),
                    "delta_per_month": str(r.delta_per_month),
                    "marginal_pressure": fraction(r.pressure),
                    "explanation_before": r.explanation_before,
                    "explanation_after": r.explanation_after,
                }
                for r in o.rows
            ],
            "explanation": c.explain(),
        },
        "warnings": o.warnings,
        "unverified": [
            {
                "key": p.key,
                "value": json_value(p.value),
                "source": p.source,
                "note": p.note,
                "label": d.label,
                "value_text": d.value,
                "why": d.why,
            }
            for p, d in zip(o.unverified, o.unverified_values, strict=True)
        ],
    }


CURVE_COLUMNS = [
    "fte",
    "hours_per_year",
    "teacher_gross",
    "teacher_net",
    "disposable",
    "teacher_net_per_month",
    "disposable_per_month",
    "net_per_extra_hour",
    "marginal_pressure",
]


def curve_rows(cv: Curve) -> list[dict]:
    """One dict per point; the last two columns describe the step from the previous point."""
    per_hour = [None, *cv.net_per_extra_hour()]
    pressure = [None, *cv.marginal_pressure()]
    rows = []
    for pt, ph, mp in zip(cv.points, per_hour, pressure, strict=True):
        rows.append(
            {
                "fte": str(pt.fte.normalize()),
                "hours_per_year": str(pt.result.hours_per_year),
                "teacher_gross": str(pt.gross),
                "teacher_net": str(pt.teacher_net),
                "disposable": str(pt.disposable),
                "teacher_net_per_month": str(per_month(pt.teacher_net)),
                "disposable_per_month": str(per_month(pt.disposable)),
                "net_per_extra_hour": None if ph is None else str(ph),
                "marginal_pressure": fraction(mp),
            }
        )
    return rows
