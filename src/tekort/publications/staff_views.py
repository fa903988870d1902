"""Analysts' pages: publish a finished estimate run as a release; preview unpublished runs."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tekort.estimates.models import EstimateRun
from tekort.publications import charts, vocabulary
from tekort.publications.headline import build_headline
from tekort.publications.models import Release
from tekort.publications.publishing import PublishError, publish, releasable_cells
from tekort.publications.summaries import headline_summaries


class PublishForm(forms.Form):
    run = forms.ModelChoiceField(
        queryset=EstimateRun.objects.none(),
        label=gettext_lazy("Estimate run"),
        empty_label=None,
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=Release.Status.choices, initial="voorlopig"
    )
    note = forms.CharField(
        label=gettext_lazy("Release note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=True,
        help_text=gettext_lazy("What this version is, and for a revision what changed and why."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["run"].queryset = (
            EstimateRun.objects.filter(status=EstimateRun.Status.DONE, releases__isnull=True)
            .select_related("round")
            .order_by("-round__peildatum", "-started_at")
        )


def publish_page(request):
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            release = publish(
                form.cleaned_data["run"],
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                user=request.user,
            )
        except PublishError as exc:
            form.add_error("run", str(exc))
        else:
            messages.success(request, _("Published: %(slug)s") % {"slug": release.slug})
            return redirect("publications:release", slug=release.slug)
    releases = Release.objects.select_related("round", "superseded_by")[:50]
    return render(request, "publications/publish.html", {"form": form, "releases": releases})


def preview(request, pk):
    """An unpublished run as its release would show it (same protection, not stored)."""
    run = get_object_or_404(EstimateRun.objects.select_related("round"), pk=pk)
    if run.status != EstimateRun.Status.DONE:
        raise Http404
    draft = Release(round=run.round, version=0, slug="concept", run=run, status="voorlopig")
    head = build_headline(draft, releasable_cells(run))
    return render(
        request,
        "publications/preview.html",
        {
            "run": run,
            "head": head,
            "sector_chart": charts.bar_chart(head["by_sector"]),
            "summaries": headline_summaries(head),
            "legend": vocabulary.SYMBOLS,
        },
    )
