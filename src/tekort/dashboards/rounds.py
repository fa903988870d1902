"""Which rounds a view offers, the round a request chose (``?peildatum=YYYY-MM-DD``) and the
estimates of a round (its latest finished run; a later step switches to published releases)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tekort.estimates.models import EstimateRun
from tekort.submissions.models import Round


def opened_rounds(today: date | None = None) -> QuerySet[Round]:
    """Rounds that have opened: a board sees its own registrations from the first day."""
    today = today or timezone.localdate()
    return Round.objects.filter(opens_on__lte=today).order_by("peildatum")


def closed_rounds(today: date | None = None) -> QuerySet[Round]:
    """Rounds past their last day (a reopening included): regions see only settled figures, so
    that comparing two visits cannot isolate one late registration by difference."""
    today = today or timezone.localdate()
    return Round.objects.filter(
        Q(reopened_until__isnull=True) | Q(reopened_until__lt=today), closes_on__lt=today
    ).order_by("peildatum")


def all_rounds() -> QuerySet[Round]:
    return Round.objects.order_by("peildatum")


def chosen_round(request, rounds: QuerySet[Round]) -> Round | None:
    """The round of ``?peildatum=``, else the latest offered; 404 for a round not offered."""
    text = request.GET.get("peildatum", "").strip()
    if not text:
        return rounds.order_by("-peildatum").first()
    try:
        peildatum = date.fromisoformat(text)
    except ValueError as exc:
        raise Http404 from exc
    found = rounds.filter(peildatum=peildatum).first()
    if found is None:
        raise Http404
    return found


def latest_run(round_: Round) -> EstimateRun | None:
    return (
        round_.estimate_runs.filter(status=EstimateRun.Status.DONE)
        .order_by("-finished_at", "-pk")
        .first()
    )


def latest_runs(rounds) -> dict[int, EstimateRun]:
    """The latest finished run per round id."""
    runs = {}
    for run in EstimateRun.objects.filter(
        round__in=list(rounds), status=EstimateRun.Status.DONE
    ).order_by("finished_at", "pk"):
        runs[run.round_id] = run
    return runs
