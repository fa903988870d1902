"""URL kwargs of the policy monitor for the authorisation matrix (tekort/tests/test_authz_matrix)."""

import datetime

from conftest import find_shared_data_dir


def _imported():
    from tekort.monitor.importer import PolicyImporter
    from tekort.monitor.models import Letter

    if not Letter.objects.filter(pk="l2024-06").exists():
        PolicyImporter(find_shared_data_dir() / "policy").run()


def _item(side):
    _imported()
    return "motie-27923-451-peters" if side.name == "own" else "motie-29544-1135"


def _letter(side):
    _imported()
    return "l2024-06" if side.name == "own" else "l2022-12"


def _planned_letter(side):
    from tekort.monitor.models import Letter

    _imported()
    month = 1 if side.name == "own" else 2
    letter, _created = Letter.objects.get_or_create(
        pk=f"l2099-0{month}",
        defaults={
            "date": datetime.date(2099, month, 1),
            "date_precision": "day",
            "title": "Geplande brief",
            "is_planned": True,
        },
    )
    return letter.pk


def _draft_status(side):
    from tekort.monitor.models import Status

    letter = _planned_letter(side)
    status, _created = Status.objects.get_or_create(
        pk=f"ms-motie-27923-484@{letter}",
        defaults={
            "item_id": "motie-27923-484",
            "letter_id": letter,
            "text": "Concepttekst.",
            "status_class": "lopend",
        },
    )
    return status.pk


def _indicator(side):
    _imported()
    return "registration.response_rate" if side.name == "own" else "zij_instroom.count"


KWARGS = {
    "indicator_key": _indicator,
    "item_id": _item,
    "letter_id": _letter,
    "planned_letter_id": _planned_letter,
    "status_id": _draft_status,
}
