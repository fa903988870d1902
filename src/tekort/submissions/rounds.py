"""Rounds: the ministry creates them; they open and close by schedule; reopening is logged."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from tekort.registry.models import PO_SECTORS
from tekort.submissions.models import QuestionSet, Round, RoundEvent
from tekort.submissions.questions import DEFAULT_VERSION, DEFINITIONS_2025_1


def default_question_set() -> QuestionSet:
    question_set, _ = QuestionSet.objects.get_or_create(
        version=DEFAULT_VERSION,
        defaults={
            "sectors": list(PO_SECTORS),
            "definitions": DEFINITIONS_2025_1,
        },
    )
    return question_set


def question_set_of(round_: Round) -> QuestionSet:
    if round_.question_set_id:
        return round_.question_set
    return QuestionSet.objects.filter(version=round_.question_set_version).first() or (
        default_question_set()
    )


def create_round(
    *,
    peildatum: date,
    opens_on: date,
    closes_on: date,
    sectors: list[str],
    question_set: QuestionSet | None = None,
    user=None,
) -> Round:
    if closes_on < opens_on:
        raise ValueError("closes_on before opens_on")
    question_set = question_set or default_question_set()
    with transaction.atomic():
        round_ = Round.objects.create(
            peildatum=peildatum,
            opens_on=opens_on,
            closes_on=closes_on,
            sectors=sectors,
            question_set=question_set,
            question_set_version=question_set.version,
        )
        RoundEvent.objects.create(
            round=round_,
            kind=RoundEvent.Kind.CREATED,
            user=user,
            details={
                "opens_on": opens_on.isoformat(),
                "closes_on": closes_on.isoformat(),
                "sectors": sectors,
                "question_set": question_set.version,
            },
        )
    return round_


def reopen(round_: Round, *, until: date, reason: str, user=None) -> Round:
    """Reopen a closed round until ``until``: what was registered stays; the reason is logged."""
    reason = reason.strip()
    if not reason:
        raise ValueError("a reopening needs a reason")
    if until < timezone.localdate():
        raise ValueError("a reopening must last until today or later")
    with transaction.atomic():
        previous = round_.last_day
        round_.reopened_until = until
        round_.save(update_fields=["reopened_until"])
        RoundEvent.objects.create(
            round=round_,
            kind=RoundEvent.Kind.REOPENED,
            reason=reason,
            user=user,
            details={"previous_last_day": previous.isoformat(), "until": until.isoformat()},
        )
    return round_


def current_rounds(today: date | None = None):
    """Rounds open today, latest peildatum first."""
    today = today or timezone.localdate()
    return [r for r in Round.objects.order_by("-peildatum") if r.is_open(today)]
