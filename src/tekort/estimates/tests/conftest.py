"""Fixtures of the estimates tests."""

import pytest

from tekort.submissions import demo
from tekort.submissions.models import Round


@pytest.fixture
def latest_round(db):
    """The demo's latest round (demo registrations of every round, seed 3)."""
    demo.generate(seed=3)
    return Round.objects.order_by("-peildatum").first()
