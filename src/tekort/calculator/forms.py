"""The calculator's forms. Validation of the household is the core's (``Household.from_form``);
the forms only carry Dutch labels and help texts and put the core's messages on the fields."""

from datetime import date

from django import forms
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from tekort.calculator import core_errors
from tekort.calculator.amounts import AmountField
from tekort_calc import (
    FieldError,
    Household,
    ValidationError,
    available_years,
    load_parameters,
    numbers,
    pay,
)
from tekort_calc.household import (
    BONUS_KINDS,
    FIELDS,
    FTE_MAX,
    FTE_MIN,
    MAX_CHILDREN,
    OUT_OF_RANGE,
    SECTORS,
)
from tekort_calc.workweek import parse_fte

YES_NO = [("ja", _("yes")), ("nee", _("no"))]
CHILDCARE = [
    ("geen", _("no paid childcare")),
    ("dagopvang", _("day care (dagopvang)")),
    ("bso", _("out-of-school care (bso)")),
    ("gastouder", _("childminder (gastouder)")),
]
CHILDREN_SHOWN = 2  # children 3 and 4 sit in a collapsed "more children" group


def year_choices():
    return [(str(y), str(y)) for y in available_years()]


def default_year(today: date | None = None) -> str:
    """The current calendar year, or the latest year with parameters before it (the first
    one if the calendar is before them all)."""
    years = available_years()
    current = (today or date.today()).year
    earlier = [y for y in years if y <= current]
    return str(max(earlier) if earlier else min(years))


def with_year(data):
    """The bound data with the default year filled in when the link has none, so the page
    shows (and the live update and the share link send) the year it computed for."""
    if data is not None and not data.get("year"):
        data = data.copy()
        data["year"] = default_year()
    return data


def text(label, help_text="", field=forms.CharField, **kwargs):
    return field(
        label=label,
        help_text=help_text,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        **kwargs,
    )


def amount(label, help_text="", **kwargs):
    """A euro amount, typed the Dutch way (see amounts.py)."""
    return text(label, help_text, field=AmountField, **kwargs)


def choice(label, choices, help_text=""):
    return forms.ChoiceField(label=label, choices=choices, required=False, help_text=help_text)


def scale_tables() -> dict[tuple[int, str], dict[str, tuple[int, ...]]]:
    """{(year, sector): {scale: treden}} from the salary tables of the parameter files."""
    out = {}
    for year in available_years():
        p = load_parameters(year)
        for sector in SECTORS:
            out[year, sector] = {s: pay.scale_steps(p, sector, s) for s in pay.scales(p, sector)}
    return out


def scale_choices():
    """Every scale with a salary table in some year and sector, in alphabetical order."""
    found = {scale for tables in scale_tables().values() for scale in tables}
    return [("", _("(not used: salary entered)"))] + [(s, s) for s in sorted(found)]


def steps_help():
    """Which treden the tables hold (e.g. "LB, LC, LD, LE: trede 1 to 12")."""
    ranges: dict[tuple[int, int], set[str]] = {}
    for tables in scale_tables().values():
        for scale, steps in tables.items():
            ranges.setdefault((steps[0], steps[-1]), set()).add(scale)
    return "; ".join(
        str(
            format_lazy(
                _("{scales}: step {first} to {last}"),
                scales=", ".join(sorted(names)),
                first=first,
                last=last,
            )
        )
        for (first, last), names in sorted(ranges.items())
    )


class CoreErrorsMixin:
    """Puts the core's typed errors on their fields, worded by ``core_errors`` after the
    field's label ("Deeltijdfactor nu (fte): vul een deeltijdfactor in tussen 0,05 en 1,2.")."""

    def add_core_errors(self, errors: dict[str, FieldError]) -> None:
        for name, error in errors.items():
            if name in self.errors:  # the field's own message (e.g. not an amount) says it
                continue
            if name in self.fields:
                self.add_error(name, f"{self.fields[name].label}: {core_errors.message(error)}")
            else:
                self.add_error(None, f"{name}: {core_errors.message(error)}")

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor id or "", message) for the error summary at the top of the form."""
        out = [("", str(m)) for m in self.non_field_errors()]
        for name, messages in self.errors.items():
            if name in self.fields:
                out.extend((self[name].id_for_label, str(m)) for m in messages)
        return out


class CalculatorForm(CoreErrorsMixin, forms.Form):
    """All inputs of the more-hours calculator; the field names are the core's FIELDS plus
    ``fte_to`` (the part-time factor after the change) and ``year``."""

    year = forms.ChoiceField(
        label=_("Tax year"), choices=year_choices, required=False, initial=default_year
    )
    fte = text(
        _("Part-time factor now (FTE)"),
        _(
            "1 is a full-time job of 1,659 hours a year; three days a week is 0.6. You may also "
            "type days or hours a week: “3 dagen” or “24 uur” (a full-time week is 5 days of "
            "8 hours)."
        ),
    )
    fte_to = text(
        _("Part-time factor after the change (FTE)"),
        _("For example 1 for five days a week, or 0.8 for four; or type “4 dagen”."),
    )
    monthly_salary_fulltime = amount(
        _("Full-time gross monthly salary (€)"),
        _(
            "The salary for a full-time job on 1 January, without holiday pay or year-end bonus. "
            "Leave it empty to use scale and step instead."
        ),
    )
    sector = choice(
        _("Sector"), [("po", _("primary education (po)")), ("vo", _("secondary education (vo)"))]
    )
    scale = choice(
        _("Salary scale"),
        scale_choices,
        _(
            "Only used when no salary is entered: the salary then follows the cao tables of "
            "the year, every step and every change of table."
        ),
    )
    step = text(_("Step (trede)"), lazy(steps_help, str)())
    top_of_scale = forms.BooleanField(
        label=_("I am in the highest step of my scale"),
        required=False,
        help_text=_(
            "Only used with a salary you enter yourself; with scale and step the table shows "
            "whether it is the top step. Teachers in po below the top step receive the October "
            "allowance."
        ),
    )
    apply_cao_rises = choice(_("Include the collective pay rises of the year"), YES_NO)
    partner = forms.BooleanField(label=_("I have a partner (toeslagpartner)"), required=False)
    partner_income = amount(
        _("Partner's gross income per year (€)"),
        _(
            "Your partner's taxable wage (fiscaal loon) for the year; leave empty without a partner."
        ),
    )
    partner_insured = choice(_("My partner has Dutch health insurance"), YES_NO)
    partner_days = text(
        _("Partner's working days a week"),
        _(
            "For example 4, or “32 uur”. Needed to compare ways of splitting your working days; "
            "the income above is for these days."
        ),
    )
    partner_age = text(
        _("Partner's age on 1 January"),
        _("Only matters past the AOW age (67 in 2025 and 2026)."),
    )
    birth_date = forms.CharField(
        label=_("Your date of birth"),
        help_text=_(
            "For example 17-03-1959. Only used for the AOW age: past it you pay less tax. "
            "Leave empty (and the age too) to be counted as under the AOW age."
        ),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "bday"}),
    )
    age = text(
        _("Or: your age on 1 January"),
        _("Instead of the date of birth; a date of birth is more precise in the year you turn 67."),
    )
    housing = choice(
        _("Housing"),
        [("koop", _("owner-occupied home")), ("huur", _("rented home")), ("anders", _("other"))],
    )
    rent = amount(
        _("Basic rent per month (€)"),
        _("Only for a rented home: the rent without service charges (kale huur)."),
    )
    assets = amount(
        _("Savings and investments of the household (€)"),
        _("Above the asset limits there are no allowances (toeslagen)."),
    )
    childcare_days_covered = text(
        _("Working days a week without paid childcare"),
        _("For example days on which a partner or grandparent looks after the children."),
    )
    bonus_kind = choice(
        _("More-hours bonus from the school board"),
        [
            ("geen", _("none")),
            ("vast", _("a fixed amount per year")),
            ("percentage", _("a percentage over the hours above a threshold")),
        ],
    )
    bonus_amount = amount(_("Bonus per year, gross (€)"), _("For a fixed bonus."))
    bonus_percentage = text(
        _("Bonus percentage (%)"),
        _("For a percentage bonus: the share of the salary for the hours above the threshold."),
    )
    bonus_threshold_fte = text(
        _("Bonus from (FTE)"), _("The bonus applies from this part-time factor on.")
    )
    bonus_pensionable = forms.BooleanField(
        label=_("The bonus counts for the pension"), required=False
    )

    field_order = ["year", "fte", "fte_to"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(with_year(data), *args, **kwargs)
        for i in range(1, MAX_CHILDREN + 1):
            self.fields[f"child_{i}_age"] = text(
                format_lazy(_("Age of child {n}"), n=i),
                _("Leave empty if there is no such child.") if i == 1 else "",
            )
            self.fields[f"child_{i}_childcare"] = choice(
                format_lazy(_("Childcare for child {n}"), n=i), CHILDCARE
            )
            self.fields[f"child_{i}_hours_per_day"] = text(
                format_lazy(_("Hours of childcare per working day, child {n}"), n=i)
            )
            self.fields[f"child_{i}_price_per_hour"] = amount(
                format_lazy(_("Price per hour of childcare, child {n} (€)"), n=i)
            )
        self.fields["fte"].initial = "0,6"
        self.fields["fte_to"].initial = "1"
        self.fields["monthly_salary_fulltime"].initial = "5000"
        self.household: Household | None = None

    # groups for the template: (legend, field names)
    def groups(self):
        child_fields = [
            [f"child_{i}_{n}" for n in ("age", "childcare", "hours_per_day", "price_per_hour")]
            for i in range(1, MAX_CHILDREN + 1)
        ]
        groups = {
            "change": [self[n] for n in ("fte", "fte_to", "year")],
            # the calculator page shows these with the change, before the result
            "essential": [self["monthly_salary_fulltime"]],
            "job": [
                self[n]
                for n in (
                    "sector",
                    "scale",
                    "step",
                    "top_of_scale",
                    "apply_cao_rises",
                    "birth_date",
                    "age",
                )
            ],
            "household": [
                self[n]
                for n in (
                    "partner",
                    "partner_income",
                    "partner_days",
                    "partner_age",
                    "partner_insured",
                    "housing",
                    "rent",
                    "assets",
                )
            ],
            "children": [[self[n] for n in group] for group in child_fields[:CHILDREN_SHOWN]],
            "more_children": [[self[n] for n in group] for group in child_fields[CHILDREN_SHOWN:]],
            "more_children_open": any(
                self.data.get(n) or n in self.errors
                for group in child_fields[CHILDREN_SHOWN:]
                for n in group
                if not n.endswith("childcare")
            ),
            "childcare": [self["childcare_days_covered"]],
            "bonus": [
                self[n]
                for n in (
                    "bonus_kind",
                    "bonus_amount",
                    "bonus_percentage",
                    "bonus_threshold_fte",
                    "bonus_pensionable",
                )
            ],
        }
        # the calculator page folds everything after the result into "more details": open when
        # one of those inputs has an error, so the error summary's link reaches its field
        folded = ("job", "household", "childcare", "bonus")
        groups["more_open"] = any(
            field.errors
            for field in [
                *(f for name in folded for f in groups[name]),
                *(f for child in groups["children"] + groups["more_children"] for f in child),
            ]
        )
        return groups

    def clean_step(self):
        """Notes the message for a trede the salary table of the chosen year, sector and scale
        does not hold, naming the valid ones; it replaces the core's error on the trede (see
        add_core_errors). A salary entered directly needs no trede."""
        text = self.cleaned_data.get("step") or ""
        self.step_range_message = None
        if not text or self.data.get("monthly_salary_fulltime"):
            return text
        try:
            step = numbers.parse_integer(text)
        except numbers.NumberError:
            return text  # the core says why it is not a number
        year = int(self.cleaned_data.get("year") or default_year())
        sector = self.cleaned_data.get("sector") or "po"
        scale = self.cleaned_data.get("scale")
        steps = scale_tables().get((year, sector), {}).get(scale)
        if steps and step not in steps:
            self.step_range_message = format_lazy(
                _("choose a step from {first} to {last} for scale {scale} ({sector}, {year})."),
                first=steps[0],
                last=steps[-1],
                scale=scale,
                sector=sector,
                year=year,
            )
        return text

    def add_core_errors(self, errors) -> None:
        if "step" in errors and getattr(self, "step_range_message", None):
            self.add_error("step", f"{self.fields['step'].label}: {self.step_range_message}")
        super().add_core_errors(errors)

    def clean(self):
        data = super().clean()
        core = {}
        for name in FIELDS:
            value = data.get(name)
            if value is True:
                core[name] = "ja"
            elif value not in (None, "", False):
                core[name] = value
        try:
            self.household = Household.from_form(core)
        except ValidationError as e:
            self.add_core_errors(e.errors)
        fte_to = None
        if data.get("fte_to"):
            try:
                fte_to = parse_fte(data["fte_to"])  # "0,8", "4 dagen" or "32 uur"
            except numbers.NumberError:
                fte_to = None
        if not data.get("fte_to"):
            required = str(_("this field is required."))
            self.add_error("fte_to", f"{self.fields['fte_to'].label}: {required}")
        elif fte_to is None or not FTE_MIN <= fte_to <= FTE_MAX:
            out_of_range = FieldError("fte", OUT_OF_RANGE, {"min": FTE_MIN, "max": FTE_MAX})
            self.add_error(
                "fte_to", f"{self.fields['fte_to'].label}: {core_errors.message(out_of_range)}"
            )
        data["fte_to"] = fte_to
        data["year"] = int(data.get("year") or default_year())
        return data


class PolicyForm(CoreErrorsMixin, forms.Form):
    """A proposed more-hours bonus design, for the policy view."""

    year = forms.ChoiceField(
        label=_("Tax year"), choices=year_choices, required=False, initial=default_year
    )
    bonus_kind = forms.ChoiceField(
        label=_("Kind of bonus"),
        choices=[
            ("vast", _("a fixed amount per year")),
            ("percentage", _("a percentage over the hours above a threshold")),
        ],
        required=False,
        initial="vast",
    )
    bonus_amount = amount(_("Bonus per year, gross (€)"), _("For a fixed bonus."), initial="1200")
    bonus_percentage = text(
        _("Bonus percentage (%)"),
        _("For a percentage bonus: the share of the salary for the hours above the threshold."),
        initial="10",
    )
    bonus_threshold_fte = text(
        _("Bonus from (FTE)"),
        _("The bonus applies from this part-time factor on."),
        initial="0,8",
    )
    bonus_pensionable = forms.BooleanField(
        label=_("The bonus counts for the pension"), required=False
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(with_year(data), *args, **kwargs)
        self.bonus = None

    def clean(self):
        data = super().clean()
        core = {"fte": "1", "monthly_salary_fulltime": "5000"}
        for name in ("bonus_kind", "bonus_amount", "bonus_percentage", "bonus_threshold_fte"):
            if data.get(name):
                core[name] = data[name]
        core.setdefault("bonus_kind", "vast")
        if data.get("bonus_pensionable"):
            core["bonus_pensionable"] = "ja"
        if core["bonus_kind"] not in BONUS_KINDS:
            core.pop("bonus_kind")
        try:
            self.bonus = Household.from_form(core).bonus
        except ValidationError as e:
            self.add_core_errors(e.errors)
        data["year"] = int(data.get("year") or default_year())
        return data

    def defaults(self) -> dict[str, str]:
        """The initial values as query parameters (for an unsubmitted page)."""
        return {
            name: str(field.initial() if callable(field.initial) else field.initial)
            for name, field in self.fields.items()
            if field.initial not in (None, False)
        }
