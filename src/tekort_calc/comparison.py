"""``compare(before, after)``: the net gain of a change and the marginal pressure per component.

net gain            = Δ household disposable income (per year and per month)
net per extra hour  = Δ disposable / Δ hours (FTE × the 1,659-hour normjaartaak)
kept fraction       = Δ disposable / Δ gross pay of the teacher
marginal pressure   = −Δ component / Δ gross pay, per non-pay component (tax, credits,
                      pension, each toeslag, childcare); they add up to 1 − kept fraction.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .money import ZERO, cents, fmt_eur, fmt_num, fmt_pct
from .result import Result

PAY_GROUP = "loon"


@dataclass(frozen=True)
class ComponentChange:
    key: str
    label: str
    before: Decimal
    after: Decimal
    group: str

    @property
    def delta(self) -> Decimal:
        return self.after - self.before


@dataclass(frozen=True)
class Comparison:
    before: Result
    after: Result
    changes: tuple[ComponentChange, ...]

    @property
    def gain(self) -> Decimal:
        return self.after.total - self.before.total

    @property
    def gain_per_month(self) -> Decimal:
        return cents(self.gain / 12)

    @property
    def gross_change(self) -> Decimal:
        return self.after.teacher_gross - self.before.teacher_gross

    @property
    def extra_hours(self) -> Decimal:
        return self.after.hours_per_year - self.before.hours_per_year

    @property
    def net_per_extra_hour(self) -> Decimal | None:
        if not self.extra_hours:
            return None
        return cents(self.gain / self.extra_hours)

    @property
    def kept_fraction(self) -> Decimal | None:
        if not self.gross_change:
            return None
        return self.gain / self.gross_change

    @property
    def payslip_gain(self) -> Decimal:
        """Change of the regular monthly payslip's net (no toeslagen, no IACK)."""
        return self.after.payslip.net - self.before.payslip.net

    def marginal_pressure(self) -> dict[str, Decimal]:
        """key -> share of the extra gross pay that the component takes (negative = adds)."""
        if not self.gross_change:
            return {}
        return {
            c.key: -c.delta / self.gross_change
            for c in self.changes
            if c.group != PAY_GROUP and c.delta
        }

    @property
    def total_marginal_pressure(self) -> Decimal | None:
        kept = self.kept_fraction
        return None if kept is None else 1 - kept

    def explain(self) -> str:
        lines = [
            f"Bruto gaat het loon {fmt_eur(self.gross_change)} per jaar omhoog; het huishouden "
            f"houdt {fmt_eur(self.gain)} per jaar over ({fmt_eur(self.gain_per_month)} per maand)."
        ]
        if self.net_per_extra_hour is not None:
            lines.append(
                f"Dat is {fmt_eur(self.net_per_extra_hour)} netto per extra gewerkt uur "
                f"({fmt_num(self.extra_hours)} uur per jaar)."
            )
        pressure = self.marginal_pressure()
        for c in self.changes:
            if c.key in pressure:
                lines.append(
                    f"{c.label}: {fmt_eur(c.delta)} ({fmt_pct(pressure[c.key], 1)} van de extra bruto)."
                )
        return "\n".join(lines)


def compare(before: Result, after: Result) -> Comparison:
    keys: dict[str, tuple[str, str]] = {}
    for c in (*before.components, *after.components):
        keys.setdefault(c.key, (c.label, c.group))
    changes = tuple(
        ComponentChange(key, label, before.amount(key), after.amount(key), group)
        for key, (label, group) in keys.items()
    )
    return Comparison(before, after, changes)


__all__ = ["Comparison", "ComponentChange", "compare", "ZERO"]
