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

    def headline(self) -> str:
        """One Dutch sentence for the change of gross pay and of the household's net income,
        in whichever direction (more, less or the same)."""
        gross, gain, month = self.gross_change, self.gain, self.gain_per_month
        if not gross and not gain:
            return "Het brutoloon en het netto inkomen van het huishouden blijven gelijk."
        if gross > 0:
            pay = f"Bruto gaat het loon {fmt_eur(gross)} per jaar omhoog"
        elif gross < 0:
            pay = f"Bruto gaat het loon {fmt_eur(-gross)} per jaar omlaag"
        else:
            pay = "Het brutoloon blijft gelijk"
        if gain > 0:
            net = f"het huishouden houdt {fmt_eur(gain)} per jaar over ({fmt_eur(month)} per maand)"
        elif gain < 0:
            net = (
                f"het huishouden gaat er netto {fmt_eur(-gain)} per jaar op achteruit "
                f"({fmt_eur(-month)} per maand)"
            )
        else:
            net = "het netto inkomen van het huishouden blijft gelijk"
        return f"{pay}; {net}."

    def per_hour_sentence(self) -> str | None:
        """The net per hour worked more or less; None when the hours stay the same."""
        per_hour, hours = self.net_per_extra_hour, self.extra_hours
        if per_hour is None:
            return None
        if hours > 0:
            return (
                f"Dat is {fmt_eur(per_hour)} netto per extra gewerkt uur "
                f"({fmt_num(hours)} uur per jaar)."
            )
        return (
            f"Dat is {fmt_eur(per_hour)} netto per uur dat je minder werkt "
            f"({fmt_num(-hours)} uur per jaar minder)."
        )

    def explain(self) -> str:
        lines = [self.headline()]
        if (per_hour := self.per_hour_sentence()) is not None:
            lines.append(per_hour)
        pressure = self.marginal_pressure()
        of = (
            "van de extra bruto"
            if self.gross_change > 0
            else "van het bruto dat je minder verdient"
        )
        for c in self.changes:
            if c.key in pressure:
                lines.append(f"{c.label}: {fmt_eur(c.delta)} ({fmt_pct(pressure[c.key], 1)} {of}).")
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
