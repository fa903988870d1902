"""Analyst pages: start an estimate run in the background and follow its progress."""

from django import forms
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from tekort.estimates.models import EstimateRun
from tekort.estimates.run import DEFAULT_BOOTSTRAP, DEFAULT_SEED
from tekort.estimates.task_queue import pending_estimate_tasks
from tekort.estimates.tasks import estimate_round_task
from tekort.page_twins import json_answer
from tekort.submissions.models import Round


class RunForm(forms.Form):
    round = forms.ModelChoiceField(
        queryset=Round.objects.order_by("-peildatum"), label=_("Round"), empty_label=None
    )
    seed = forms.IntegerField(label=_("Seed of the bootstrap"), initial=DEFAULT_SEED)
    n_bootstrap = forms.IntegerField(
        label=_("Bootstrap replicates"), initial=DEFAULT_BOOTSTRAP, min_value=0, max_value=5000
    )


def run_list(request):
    form = RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        estimate_round_task.enqueue(
            form.cleaned_data["round"].pk,
            form.cleaned_data["seed"],
            form.cleaned_data["n_bootstrap"],
            request.user.pk,
        )
        return redirect("estimates:runs")
    runs = EstimateRun.objects.select_related("round")[:50]
    return render(
        request,
        "estimates/runs.html",
        {"form": form, "runs": runs, "pending": pending_estimate_tasks()},
    )


def pending_json(request):
    """The queued and running estimate tasks, for the runs page to follow without reloading."""
    return json_answer({"tasks": [task.as_dict() for task in pending_estimate_tasks()]})


def run_status_json(request, pk):
    """One run's progress, for the runs page to follow (a run has no page of its own)."""
    run = get_object_or_404(EstimateRun, pk=pk)
    return json_answer(
        {
            "id": run.pk,
            "round": run.round.peildatum.isoformat(),
            "status": run.status,
            "progress": run.progress,
            "method_version": run.method_version,
            "inputs_fingerprint": run.inputs_fingerprint,
            "results_fingerprint": run.results_fingerprint,
            "cells": run.cells.count(),
        }
    )
