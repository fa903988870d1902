"""The provisional (status U) parameters a result depends on, said in the page's language.

The parameter files keep each value's source and note in English for the maintainers, and
some values are tables (income → percentage, trede → salary). The page shows instead what the
value is, the value itself in Dutch notation, and why it is provisional; the JSON keeps the
source and note for re-use, with the value as plain strings.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from tekort_calc.money import fmt_eur, fmt_num, fmt_pct
from tekort_calc.parameters.loader import Parameter

LABELS = {
    "pension.premium_rate": (
        _("ABP pension premium rate (OP/NP)"),
        _(
            "The final rate for the year has not been found; each percentage point moves the result."
        ),
    ),
    "pension.franchise": (
        _("ABP franchise (the part of the salary without pension premium)"),
        _("Found in secondary sources only; the year it belongs to is not certain."),
    ),
    "huurtoeslag.available": (
        _("Housing benefit (huurtoeslag) for this year"),
        _("The year's official calculation factors were not retrieved, so it is not computed."),
    ),
    "kgb.threshold_partners": (
        _("Income threshold of the child budget (kindgebonden budget) for partners"),
        _("The official amount for this year was not found; this is a placeholder."),
    ),
    "kot.pct_first_child": (
        _("Childcare benefit percentage for the first child, by joint income"),
        _(
            "Only a few points of the official table are known; in between the percentage "
            "is interpolated in a straight line."
        ),
    ),
    "kot.pct_next_child": (
        _("Childcare benefit percentage for the next children, by joint income"),
        _(
            "Only a few points of the official table are known; in between the percentage "
            "is interpolated in a straight line."
        ),
    ),
    "pay.rises_vo": (
        _("Collective pay rises in secondary education (cao vo)"),
        _("The new cao vo is not known yet, so no rise is applied."),
    ),
    "alleenstaande_ouderenkorting.amount": (
        _("Tax credit for single people past the AOW age (alleenstaande-ouderenkorting)"),
        _("The amount for this year was not found; last year's amount is used."),
    ),
}
SCALE_PREFIX = "scales."
GENERIC = _(
    "A provisional value from a secondary source, not yet checked against the official text."
)


@dataclass(frozen=True)
class UnverifiedValue:
    key: str
    label: str
    value: str  # in Dutch notation
    why: str


def _euros(amount: Decimal) -> str:
    return fmt_eur(amount).removesuffix(",00")


def _scalar(value, unit: str) -> str:
    if isinstance(value, bool):
        return str(_("yes")) if value else str(_("not computed"))
    if not isinstance(value, Decimal):
        return str(value)
    if unit == "fraction":
        return fmt_pct(value, 1)
    if unit.startswith("EUR"):
        return _euros(value)
    return fmt_num(value)


def value_text(p: Parameter) -> str:
    """The value as a reader writes it: "24,7%", "€ 17.545", "€ 0: 96,0%; € 56.412: 96,0%; …"."""
    value, unit = p.value, p.unit
    if isinstance(value, tuple):
        if not value:
            return str(_("none"))
        if unit.startswith("trede"):
            return "; ".join(
                str(format_lazy(_("step {step}: {amount}"), step=fmt_num(s), amount=_euros(a)))
                for s, a in value
            )
        if unit.startswith("EUR"):
            return "; ".join(f"{_euros(x)}: {fmt_pct(y, 1)}" for x, y in value)
        if unit.startswith("date"):
            return "; ".join(f"{d}: {fmt_pct(r, 1)}" for d, r in value)
        return "; ".join(
            _scalar(v, "") if not isinstance(v, tuple) else " – ".join(map(str, v)) for v in value
        )
    return _scalar(value, unit)


def describe(p: Parameter) -> UnverifiedValue:
    if p.key in LABELS:
        label, why = LABELS[p.key]
    elif p.key.startswith(SCALE_PREFIX):
        _prefix, sector, scale = p.key.split(".")[:3]  # scales.<sector>.<scale>.<valid from>
        label = format_lazy(_("Salary scale {scale} in {sector}"), scale=scale, sector=sector)
        why = _(
            "Derived from the previous cao with the last known rise; the new cao is not known yet."
        )
    else:
        label, why = p.key, GENERIC
    return UnverifiedValue(p.key, str(label), value_text(p), str(why))


def json_value(value):
    """A parameter value as JSON: strings, and lists for tables."""
    if isinstance(value, tuple):
        return [json_value(v) for v in value]
    if isinstance(value, bool):
        return value
    return str(value)
