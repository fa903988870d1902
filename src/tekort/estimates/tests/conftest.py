"""Fixtures of the estimates tests."""

import pytest

from tekort.conftest import module_transaction, wants_real_register
from tekort.submissions import demo
from tekort.submissions.models import Round
from tekort.tests.small_register import narrow_register


@pytest.fixture(scope="module")
def demo_rounds(request, django_db_setup, django_db_blocker):
    """Demo registrations of every round (seed 3), made once for the module that asks, on the
    small register (``narrow_register``) unless the module is marked ``real_register``."""
    with module_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            if not wants_real_register(request.node):
                narrow_register()
            demo.generate(seed=3)
        yield


@pytest.fixture
def latest_round(demo_rounds, db):
    """The demo's latest round."""
    return Round.objects.order_by("-peildatum").first()
