"""Results: the step-by-step breakdown whose components add up to the total exactly."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from .household import Household
from .money import ZERO, cents, fmt_eur
from .parameters import Parameter

GROUPS = ("loon", "pensioen", "belasting", "partner", "toeslagen", "kosten")


@dataclass(frozen=True)
class Component:
    key: str
    label: str  # Dutch
    amount: Decimal  # per year, in cents; positive adds to the household's disposable income
    explain_text: str | Callable[[], str] = field(repr=False)  # Dutch; may be built lazily
    group: str = ""

    @property
    def explanation(self) -> str:
        """The component in words (Dutch)."""
        text = self.explain_text
        return text() if callable(text) else text


@dataclass(frozen=True)
class Payslip:
    """A regular month's payslip (no holiday pay / year-end bonus in that month)."""

    gross: Decimal
    pension: Decimal
    table_wage: Decimal
    wage_tax: Decimal
    net: Decimal


@dataclass(frozen=True)
class Result:
    household: Household
    year: int
    parameters_version: str
    components: tuple[Component, ...]
    teacher_gross: Decimal  # salary + holiday pay + year-end bonus + allowances + bonus
    teacher_net: Decimal  # teacher_gross − pension − tax
    pension_premium: Decimal
    fiscal_wage: Decimal
    payslip: Payslip
    warnings: tuple[str, ...] = ()
    unverified: tuple[Parameter, ...] = field(default=())
    hours_per_year: Decimal = ZERO
    assumptions: tuple[str, ...] = ()  # Dutch: what the result takes for granted (AOW age…)

    @property
    def total(self) -> Decimal:
        """Household disposable income per year (after childcare costs, before rent)."""
        return sum((c.amount for c in self.components), ZERO)

    @property
    def per_month(self) -> Decimal:
        return cents(self.total / 12)

    @property
    def teacher_net_per_month(self) -> Decimal:
        return cents(self.teacher_net / 12)

    def component(self, key: str) -> Component:
        for c in self.components:
            if c.key == key:
                return c
        raise KeyError(key)

    def amount(self, key: str) -> Decimal:
        for c in self.components:
            if c.key == key:
                return c.amount
        return ZERO

    def explain(self) -> str:
        """The breakdown in words (Dutch), one line per component, then the total."""
        lines = [f"{c.label}: {fmt_eur(c.amount)} — {c.explanation}" for c in self.components]
        lines.append(
            f"Besteedbaar inkomen huishouden: {fmt_eur(self.total)} per jaar "
            f"({fmt_eur(self.per_month)} per maand)."
        )
        lines.extend(f"Let op: {w}" for w in self.warnings)
        lines.extend(f"Aanname: {a}" for a in self.assumptions)
        return "\n".join(lines)

    def as_dict(self) -> dict:
        """JSON-friendly (amounts as strings)."""
        return {
            "year": self.year,
            "parameters_version": self.parameters_version,
            "total": str(self.total),
            "per_month": str(self.per_month),
            "teacher_gross": str(self.teacher_gross),
            "teacher_net": str(self.teacher_net),
            "components": [
                {
                    "key": c.key,
                    "label": c.label,
                    "group": c.group,
                    "amount": str(c.amount),
                    "explanation": c.explanation,
                }
                for c in self.components
            ],
            "payslip": {k: str(v) for k, v in vars(self.payslip).items()},
            "warnings": list(self.warnings),
            "assumptions": list(self.assumptions),
            "unverified": [
                {"key": p.key, "value": str(p.value), "source": p.source} for p in self.unverified
            ],
        }
