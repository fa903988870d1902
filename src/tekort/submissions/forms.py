"""The location form and the school-leader form (one page each), and the small forms of rounds,
uploads and reminders."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tekort.registry import shortage_cells
from tekort.registry.models import PO_SECTORS, Sector
from tekort.submissions.figures import (
    ZERO,
    Figures,
    ParseError,
    SchoolLeaderFigures,
    parse_fte,
    parse_pupils,
)
from tekort.submissions.questions import (
    FIELD_LABELS,
    FTE_FIELDS,
    HIDDEN_CELLS,
    MEASURES,
    SCHOOL_LEADER_FIELDS,
    SCHOOL_LEADER_LABELS,
    SUBJECT_FIELDS,
    measure_codes,
)
from tekort.submissions.subject_answers import PER_SUBJECT, TOTAL_ONLY
from tekort.submissions.upload import size_limit

SUBMIT, DRAFT = "submit", "draft"
SUBJECT_PREFIX = "vak__"

# The short column headers of the per-subject table (the form's labels name the subject too).
SUBJECT_FIELD_LABELS = {"formatie": _("Formatie"), **shortage_cells.LABELS}


def measure_field(cell: str, code: str) -> str:
    return f"{cell}__{code}"


def subject_field(code: str, name: str) -> str:
    """The input of one subject's formatie or cell: ``vak__NE__formatie``."""
    return f"{SUBJECT_PREFIX}{code}__{name}"


class FiguresForm(forms.Form):
    """What the location form and the school-leader form share: text inputs (so that "0,6" and
    "0.6" both work) parsed by the same rules as the upload, the version the user edited, the
    confirmation of soft warnings, and the parsed ``figures`` once the form is valid."""

    version = forms.IntegerField(
        label=_("Version of the figures"), widget=forms.HiddenInput, min_value=0
    )
    confirm_warnings = forms.BooleanField(
        required=False, label=_("I have checked these figures: they are correct.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Errors of a group of fields (the split per measure), shown at the group's fieldset.
        self.group_errors: dict[str, list[str]] = {}
        self.figures: Figures | SchoolLeaderFigures | None = None

    @property
    def has_errors(self) -> bool:
        return self.is_bound and bool(self.errors or self.group_errors)

    def add_issues(self, issues) -> None:
        """Put the intake's hard errors on the field they are about, else on the group of fields
        (fieldset) they name, else on the form as a whole."""
        for issue in issues:
            if issue.field in self.fields:
                self.add_error(issue.field, issue.message)
            elif issue.field:
                self.group_errors.setdefault(issue.field, []).append(issue.message)
            else:
                self.add_error(None, issue.message)

    def parse_ftes(self, data: dict, names) -> dict:
        """The FTE fields ``names`` parsed (formatie required); a bad one is an error at its field."""
        values = {}
        for name in names:
            try:
                values[name] = parse_fte(data.get(name), required=name == "formatie")
            except ParseError as exc:
                self.add_error(name, str(exc))
        return values


class RegistrationForm(FiguresForm):
    """One location's figures, with the hidden FTE per emergency measure of its sector; a vo
    location also answers per subject (issue 20): "per subject" with a row of inputs per subject
    asked on the round's peildatum (``subjects``, registry.VoSubject), or "total only"."""

    def __init__(self, *args, sector: str, subjects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sector = sector
        self.codes = measure_codes(sector)
        self.subjects = list(subjects) if sector == Sector.VO else []
        for name in FTE_FIELDS:
            self.fields[name] = forms.CharField(
                label=FIELD_LABELS[name], required=False, max_length=12
            )
        for cell in HIDDEN_CELLS:
            for code in self.codes:
                self.fields[measure_field(cell, code)] = forms.CharField(
                    label=MEASURES[code], required=False, max_length=12
                )
        self.fields["other_measure"] = forms.CharField(
            label=FIELD_LABELS["other_measure"], required=False, max_length=300
        )
        self.fields["pupils"] = forms.CharField(
            label=FIELD_LABELS["pupils"], required=False, max_length=7
        )
        self.fields["remark"] = forms.CharField(
            label=FIELD_LABELS["remark"], required=False, max_length=2000, widget=forms.Textarea
        )
        if self.subjects:
            self.fields["subject_answer"] = forms.ChoiceField(
                label=_("Do you give the figures per subject?"),
                choices=[
                    (PER_SUBJECT, _("Yes, per subject")),
                    (TOTAL_ONLY, _("No, the total only (not per subject)")),
                ],
                required=False,
                widget=forms.RadioSelect,
            )
        for subject in self.subjects:
            for name in SUBJECT_FIELDS:
                self.fields[subject_field(subject.code, name)] = forms.CharField(
                    label=_("%(subject)s: %(cell)s (FTE)")
                    % {"subject": subject.name, "cell": SUBJECT_FIELD_LABELS[name]},
                    required=False,
                    max_length=12,
                )

    @property
    def is_vo(self) -> bool:
        return bool(self.subjects)

    def subject_rows(self):
        """Per subject: the subject and its five bound inputs (formatie, the four cells)."""
        return [
            (subject, [self[subject_field(subject.code, name)] for name in SUBJECT_FIELDS])
            for subject in self.subjects
        ]

    def subject_headers(self):
        return [SUBJECT_FIELD_LABELS[name] for name in SUBJECT_FIELDS]

    def add_issues(self, issues) -> None:
        """As FiguresForm's, with the per-subject errors at their place: a subject's own error at
        its row (its formatie input), the sums and the rest at the table."""
        rest = []
        for issue in issues:
            target = issue.field.split(":", 1)[1] if issue.field.startswith("subjects:") else None
            if target and subject_field(target, "formatie") in self.fields:
                self.add_error(subject_field(target, "formatie"), issue.message)
            elif issue.field.startswith("subjects"):
                self.group_errors.setdefault("subjects", []).append(issue.message)
            else:
                rest.append(issue)
        super().add_issues(rest)

    def draft_data(self) -> tuple[dict, int] | None:
        """What to keep as a draft (the typed text, unchecked) and the version it started from;
        None when even that cannot be kept (a version that is not a number, a NUL character):
        then the form carries the errors."""
        data = {k: v for k, v in self.data.items() if k in self.fields}
        if self.errors.get("version") or any("\x00" in v for v in data.values()):
            return None
        return data, self.cleaned_data["version"]

    def measure_rows(self, cell: str):
        return [self[measure_field(cell, code)] for code in self.codes]

    def clean(self):
        data = super().clean()
        values = self.parse_ftes(data, FTE_FIELDS)
        measures: dict = {}
        for cell in HIDDEN_CELLS:
            for code in self.codes:
                name = measure_field(cell, code)
                try:
                    value = parse_fte(data.get(name))
                except ParseError as exc:
                    self.add_error(name, str(exc))
                    continue
                if value:
                    measures.setdefault(cell, {})[code] = value
        try:
            pupils = parse_pupils(data.get("pupils"))
        except ParseError as exc:
            self.add_error("pupils", str(exc))
            pupils = None
        subjects = self._parse_subjects(data)
        if not self.errors:
            self.figures = Figures.from_parsed(
                values,
                pupils=pupils,
                remark=data.get("remark", ""),
                other_measure=data.get("other_measure", ""),
                hidden_measures=measures,
                subject_answer=data.get("subject_answer", "") if self.is_vo else "",
                subjects=subjects,
            )
        return data

    def _parse_subjects(self, data: dict) -> dict:
        """The subjects with anything typed in (an empty input is 0 in a row that has one);
        outside vo, per-subject input that was posted anyway is refused, never ignored."""
        if not self.is_vo:
            posted = [
                key
                for key, value in self.data.items()
                if (key == "subject_answer" or key.startswith(SUBJECT_PREFIX)) and value.strip()
            ]
            if posted:
                self.add_error(None, _("Figures per subject are asked of vo locations only."))
            return {}
        subjects: dict = {}
        for subject in self.subjects:
            names = {name: subject_field(subject.code, name) for name in SUBJECT_FIELDS}
            if not any((data.get(field) or "").strip() for field in names.values()):
                continue
            row = {}
            for name, field in names.items():
                try:
                    row[name] = parse_fte(data.get(field)) or ZERO
                except ParseError as exc:
                    self.add_error(field, str(exc))
            subjects[subject.code] = row
        return subjects


def initial_from(figures: Figures | None, *, pupils: int | None, version: int) -> dict:
    """Initial values: a registration's figures, or only last round's formatie and DUO pupils."""
    initial = {"version": version, "pupils": pupils if pupils is not None else ""}
    if figures is None:
        return initial
    for name in FTE_FIELDS:
        initial[name] = f"{getattr(figures, name):.2f}"
    for cell, codes in figures.hidden_measures.items():
        for code, fte in codes.items():
            initial[measure_field(cell, code)] = f"{fte:.2f}"
    initial["other_measure"] = figures.other_measure
    initial["remark"] = figures.remark
    initial["subject_answer"] = figures.subject_answer
    for code, values in figures.subjects.items():
        for name, fte in values.items():
            initial[subject_field(code, name)] = f"{fte:.2f}"
    if figures.pupils is not None:
        initial["pupils"] = figures.pupils
    return initial


class SchoolLeaderForm(FiguresForm):
    """A board's school leaders: formatie and the four cells, parsed like the location form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in SCHOOL_LEADER_FIELDS:
            self.fields[name] = forms.CharField(
                label=SCHOOL_LEADER_LABELS[name], required=False, max_length=12
            )
        self.fields["remark"] = forms.CharField(
            label=SCHOOL_LEADER_LABELS["remark"],
            required=False,
            max_length=2000,
            widget=forms.Textarea,
        )

    def clean(self):
        data = super().clean()
        values = self.parse_ftes(data, SCHOOL_LEADER_FIELDS)
        if not self.errors:
            self.figures = SchoolLeaderFigures.from_parsed(values, remark=data.get("remark", ""))
        return data


def school_leader_initial(figures: SchoolLeaderFigures | None, *, version: int) -> dict:
    initial = {"version": version}
    if figures is not None:
        initial.update({name: f"{getattr(figures, name):.2f}" for name in SCHOOL_LEADER_FIELDS})
        initial["remark"] = figures.remark
    return initial


class RoundForm(forms.Form):
    peildatum = forms.DateField(
        label=_("Peildatum"), widget=forms.DateInput(attrs={"type": "date"})
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(
        label=_("Closes on (last day)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"),
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=list(PO_SECTORS),
    )

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The round must close after it opens."))
        return data


class ReopenForm(forms.Form):
    until = forms.DateField(
        label=_("Open until (last day)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Why is the round reopened?"), widget=forms.Textarea)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Filled-in template (XLSX or CSV)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = size_limit.help_text()

    def clean_file(self):
        file = self.cleaned_data["file"]
        if size_limit.too_large(file.size):
            raise forms.ValidationError(size_limit.message())
        return file


class ConfirmUploadForm(forms.Form):
    confirm_warnings = forms.BooleanField(
        required=False, label=_("I have checked the rows with warnings: they are correct.")
    )
    overwrite_conflicts = forms.BooleanField(
        required=False,
        label=_("Also overwrite what locations submitted themselves (conflicts)."),
    )


def describe(form: forms.Form, hints: dict[str, str]) -> None:
    """Link every input to its hint and its errors (aria-describedby), mark invalid ones."""
    for name, field in form.fields.items():
        if isinstance(field.widget, forms.HiddenInput):
            continue
        bound = form[name]
        ids = []
        if hints.get(name):
            ids.append(f"{bound.auto_id}-hint")
        if form.is_bound and bound.errors:
            ids.append(f"{bound.auto_id}-error")
            field.widget.attrs["aria-invalid"] = "true"
        if ids:
            field.widget.attrs["aria-describedby"] = " ".join(ids)
        if name in FTE_FIELDS or "__" in name:  # the measures' and the subjects' inputs
            field.widget.attrs.update(inputmode="decimal", autocomplete="off", size="8")
        if name == "pupils":
            field.widget.attrs.update(inputmode="numeric", autocomplete="off", size="8")
