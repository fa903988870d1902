"""Forms of the policy monitor: the list's filters, and staff's status, link and letter forms."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tekort.monitor.models import Deadline, Figure, Indicator, Kind, Letter, StatusClass, Theme
from tekort.monitor.querysets import letter_years, submitters


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    status = forms.ChoiceField(label=_("Latest status"), required=False)
    year = forms.TypedChoiceField(label=_("Year of a letter"), required=False, coerce=int)
    submitter = forms.ChoiceField(label=_("Submitter"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("all"))]
        self.fields["q"].widget = forms.TextInput(attrs={"type": "search"})
        self.fields["kind"].choices = everything + list(Kind.choices)
        self.fields["theme"].choices = everything + sorted(Theme.choices, key=lambda c: str(c[1]))
        self.fields["status"].choices = everything + list(StatusClass.choices)
        self.fields["year"].choices = everything + [(y, str(y)) for y in letter_years()]
        self.fields["submitter"].choices = everything + [(n, n) for n in submitters()]


class StatusForm(forms.Form):
    letter = forms.ModelChoiceField(
        label=_("Letter"),
        queryset=Letter.objects.filter(is_planned=True),
        help_text=_("Only a planned (not yet sent) letter can get a new status."),
    )
    status_class = forms.ChoiceField(
        label=pgettext_lazy("policy monitor", "Status"), choices=StatusClass.choices
    )
    text = forms.CharField(
        label=_("Status text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        help_text=_("The text as it will appear in the annex's 'Stand van zaken' column."),
    )


class LinkForm(forms.Form):
    indicators = forms.ModelMultipleChoiceField(
        label=_("Indicators"),
        queryset=Indicator.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    figures = forms.ModelMultipleChoiceField(
        label=_("Figures from the letters"),
        queryset=Figure.objects.select_related("letter").order_by("id"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class PlanLetterForm(forms.Form):
    date = forms.DateField(
        label=_("Date of the letter"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Must be later than the last letter."),
    )
    title = forms.CharField(label=_("Title"), max_length=300)


class LetterChoiceField(forms.ModelChoiceField):
    """Two annexes share the title "Bijlage 1 – stand van zaken …": the label starts with the
    letter's date (one letter per month: its id is `lYYYY-MM`), so every option is unique."""

    def label_from_instance(self, letter):
        fmt = "j F Y" if letter.date_precision == Letter.Precision.DAY else "F Y"
        return f"{date_format(letter.date, fmt)} – {letter.title}"


class AnnexForm(forms.Form):
    letter = LetterChoiceField(label=_("Letter"), queryset=Letter.objects.none())

    def __init__(self, *args, letters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["letter"].queryset = letters


class DeadlineForm(forms.Form):
    due_date = forms.DateField(
        label=_("Due date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The last day of the period in which the item is due."),
    )
    precision = forms.ChoiceField(label=_("Precision"), choices=Deadline.Precision.choices)
    note = forms.CharField(
        label=_("Where the date comes from"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example the letter and its words, or why the date read from the text was wrong."
        ),
    )


class OverdueForm(forms.Form):
    datum = forms.DateField(
        label=_("Overdue on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a valid date, for example 2026-12-06.")},
    )
