"""Fixtures of the estimates tests."""

import pytest

from tekort.conftest import module_transaction
from tekort.submissions import demo
from tekort.submissions.models import Round


@pytest.fixture(scope="module")
def demo_rounds(django_db_setup, django_db_blocker):
    """Demo registrations of every round (seed 3), made once for the module that asks."""
    with module_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            demo.generate(seed=3)
        yield


@pytest.fixture
def latest_round(demo_rounds, db):
    """The demo's latest round."""
    return Round.objects.order_by("-peildatum").first()
