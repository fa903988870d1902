"""Which rounds a view offers and the round a request chose (``?peildatum=YYYY-MM-DD``).

Where a round's region and nation figures come from (its current release, or for the ministry
its latest run) is ``tekort.dashboards.estimate_figures``."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tekort.publications.models import Release
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


def published(rounds: QuerySet[Round]) -> QuerySet[Round]:
    """The rounds that have a current (published, not superseded) release."""
    return rounds.filter(Exists(Release.objects.current().filter(round=OuterRef("pk"))))
