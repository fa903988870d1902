"""THE answer to which vo subjects (vakken) are asked on a peildatum, and what they are called.

The list is data (``VoSubject``, loaded by migration 0003 from OCW's published subject list), with
validity dates: a round asks the subjects valid on its peildatum.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from tekort.registry.models import VoSubject


def subjects_on(day: date) -> list[VoSubject]:
    """The subjects asked on ``day``, in the ministry's order."""
    return list(
        VoSubject.objects.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=day)
        )
    )


def codes_on(day: date) -> tuple[str, ...]:
    return tuple(s.code for s in subjects_on(day))


def names() -> dict[str, str]:
    """Every subject's name by code, ended ones included (earlier rounds use them)."""
    return dict(VoSubject.objects.values_list("code", "name"))
