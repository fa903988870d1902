"""The policy view (issue 10, item 4): what a proposed more-hours bonus does for a set of typical
households — the presets × salaries at the bottom and top of scale LB × one extra day at three
starting points — and the distribution of net gain and marginal pressure over them."""

import statistics
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from tekort.calculator.outcome import fraction, per_month
from tekort_calc import PRESETS, Bonus, Household, Result, calculate, compare, preset
from tekort_calc.money import cents

D = Decimal
SALARIES = (("LB", 1), ("LB", 12))  # the cao anchors in the parameter files (po)
STEPS = ((D("0.4"), D("0.6")), (D("0.6"), D("0.8")), (D("0.8"), D("1.0")))


@dataclass(frozen=True)
class PolicyRow:
    preset: str
    preset_label: str
    salary_label: str
    fte_from: Decimal
    fte_to: Decimal
    gross_change: Decimal  # per year, with the bonus
    gain_without: Decimal  # per year
    gain_with: Decimal
    pressure_without: Decimal | None
    pressure_with: Decimal | None
    net_per_extra_hour_with: Decimal | None
    bonus_gross: Decimal  # per year at fte_to
    bonus_kept: Decimal

    @property
    def gain_without_per_month(self) -> Decimal:
        return per_month(self.gain_without)

    @property
    def gain_with_per_month(self) -> Decimal:
        return per_month(self.gain_with)

    @property
    def bonus_kept_fraction(self) -> Decimal | None:
        return self.bonus_kept / self.bonus_gross if self.bonus_gross else None

    def as_dict(self) -> dict:
        return {
            "preset": self.preset,
            "salary": self.salary_label,
            "fte_from": str(self.fte_from),
            "fte_to": str(self.fte_to),
            "gross_change": str(self.gross_change),
            "gain_without_bonus": str(self.gain_without),
            "gain_with_bonus": str(self.gain_with),
            "gain_without_bonus_per_month": str(self.gain_without_per_month),
            "gain_with_bonus_per_month": str(self.gain_with_per_month),
            "marginal_pressure_without_bonus": fraction(self.pressure_without),
            "marginal_pressure_with_bonus": fraction(self.pressure_with),
            "net_per_extra_hour_with_bonus": (
                None if self.net_per_extra_hour_with is None else str(self.net_per_extra_hour_with)
            ),
            "bonus_gross": str(self.bonus_gross),
            "bonus_kept": str(self.bonus_kept),
            "bonus_kept_fraction": fraction(self.bonus_kept_fraction),
        }


@dataclass(frozen=True)
class Spread:
    """Minimum, quartiles and maximum of one measure over the households."""

    key: str
    values: tuple[Decimal, ...]

    @property
    def summary(self) -> tuple[Decimal, Decimal, Decimal, Decimal, Decimal]:
        v = sorted(self.values)
        q1, med, q3 = statistics.quantiles(v, n=4, method="inclusive")
        return v[0], q1, med, q3, v[-1]


@dataclass(frozen=True)
class Policy:
    year: int
    bonus: Bonus
    rows: tuple[PolicyRow, ...]

    def spreads(self) -> dict[str, Spread]:
        def spread(key, values):
            values = tuple(v for v in values if v is not None)
            return Spread(key, values) if values else None

        out = {
            "gain_without_per_month": spread(
                "gain_without_per_month", (r.gain_without_per_month for r in self.rows)
            ),
            "gain_with_per_month": spread(
                "gain_with_per_month", (r.gain_with_per_month for r in self.rows)
            ),
            "pressure_without": spread("pressure_without", (r.pressure_without for r in self.rows)),
            "pressure_with": spread("pressure_with", (r.pressure_with for r in self.rows)),
            "bonus_kept_fraction": spread(
                "bonus_kept_fraction", (r.bonus_kept_fraction for r in self.rows)
            ),
        }
        return {k: v for k, v in out.items() if v is not None}

    def as_dict(self) -> dict:
        b = self.bonus
        return {
            "year": self.year,
            "bonus": {
                "kind": b.kind,
                "amount": str(b.amount),
                "percentage": str(b.percentage),
                "threshold_fte": str(b.threshold_fte),
                "pensionable": b.pensionable,
            },
            "households": [r.as_dict() for r in self.rows],
            "distribution": {
                key: dict(zip(QUANTILES, (_json_value(key, x) for x in s.summary), strict=True))
                for key, s in self.spreads().items()
            },
        }


QUANTILES = ("min", "q1", "median", "q3", "max")


def _json_value(key: str, value: Decimal) -> str:
    """Money (per month) in cents, shares as fractions with four decimals."""
    return str(cents(value)) if key.endswith("per_month") else fraction(value)


@lru_cache(maxsize=512)
def _calculate(household: Household, year: int) -> Result:
    return calculate(household, year)


def typical_households(year: int):
    """(preset key, label, salary label, household at FTE 1) for every typical household."""
    for key, p in PRESETS.items():
        for scale, step in SALARIES:
            h = replace(
                preset(key, "1"),
                monthly_salary_fulltime=None,
                scale=scale,
                step=step,
                top_of_scale=step == 12,
            )
            yield key, p.label, f"{scale} trede {step}", h


@lru_cache(maxsize=16)
def evaluate(bonus: Bonus, year: int) -> Policy:
    rows = []
    for key, label, salary_label, base in typical_households(year):
        for fte_from, fte_to in STEPS:
            plain_from = _calculate(base.with_fte(fte_from), year)
            plain_to = _calculate(base.with_fte(fte_to), year)
            bonus_from = _calculate(base.with_fte(fte_from).with_bonus(bonus), year)
            bonus_to = _calculate(base.with_fte(fte_to).with_bonus(bonus), year)
            without = compare(plain_from, plain_to)
            with_bonus = compare(bonus_from, bonus_to)
            kept = compare(plain_to, bonus_to)  # = tekort_calc.bonus_kept(base at fte_to)
            rows.append(
                PolicyRow(
                    key,
                    label,
                    salary_label,
                    fte_from,
                    fte_to,
                    with_bonus.gross_change,
                    without.gain,
                    with_bonus.gain,
                    without.total_marginal_pressure,
                    with_bonus.total_marginal_pressure,
                    with_bonus.net_per_extra_hour,
                    cents(kept.gross_change),
                    kept.gain,
                )
            )
    return Policy(year, bonus, tuple(rows))
