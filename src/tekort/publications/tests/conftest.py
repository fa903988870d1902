"""A published release of the real register: demo registrations → estimate run → publication.

The estimates are computed once per test session and replayed into each test's database
(``computed_rounds`` and ``estimate_runs`` in ``src/tekort/conftest.py``, shared with the leak
test); each test then publishes them with the one write path, so every test starts from a real
release without paying for the estimation.
"""

import pytest

from tekort.publications.publishing import publish


@pytest.fixture
def release(estimate_runs):
    """The latest round published, after the round before it (both provisional: they are demo
    rounds, and demo figures are never final)."""
    earlier, latest = estimate_runs
    publish(earlier, note="Eerdere ronde")
    return publish(latest, note="Eerste publicatie")


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """Pages are cached per publication state; a rolled-back test must not leave its pages."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
