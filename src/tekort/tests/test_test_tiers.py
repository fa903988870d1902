"""The tiers of the suite (docs/architecture.md, "Tests"): which tests the PostgreSQL run leaves to
the SQLite run, and the small register the demo rounds are made on."""

from types import SimpleNamespace

import pytest

from tekort.conftest import pytest_collection_modifyitems, touches_database
from tekort.tests.small_register import SMALL_REGISTER_PROVINCES, narrow_register


class Item(SimpleNamespace):
    """As much of a collected pytest item as the tiers read."""

    def get_closest_marker(self, name):
        return getattr(pytest.mark, name) if name in self.marks else None


def _items():
    return [
        Item(name="plain", marks=(), fixturenames=["client", "settings"]),
        Item(name="marked", marks=("django_db",), fixturenames=["client"]),
        Item(name="db fixture", marks=(), fixturenames=["db"]),
        Item(name="live server", marks=(), fixturenames=["live_server"]),
        Item(name="sweep without database", marks=("sweep",), fixturenames=["client"]),
    ]


def test_a_test_touches_the_database_by_its_mark_or_a_database_fixture():
    assert [touches_database(i) for i in _items()] == [False, True, True, True, False]


def test_the_postgresql_run_drops_only_what_the_sqlite_run_runs(monkeypatch):
    deselected = []
    config = SimpleNamespace(
        hook=SimpleNamespace(pytest_deselected=lambda items: deselected.extend(items))
    )
    items = _items()
    monkeypatch.delenv("TEKORT_DATABASE_TESTS_ONLY", raising=False)
    pytest_collection_modifyitems(config, items)  # without the setting: everything runs
    assert len(items) == 5 and deselected == []

    monkeypatch.setenv("TEKORT_DATABASE_TESTS_ONLY", "1")
    pytest_collection_modifyitems(config, items)
    assert [i.name for i in deselected] == ["plain"]
    # a sweep runs on PostgreSQL only, so it stays even without a database
    assert [i.name for i in items] == [
        "marked",
        "db fixture",
        "live server",
        "sweep without database",
    ]


@pytest.mark.django_db
def test_the_small_register_keeps_two_provinces_whole_and_nothing_else():
    from tekort.registry.models import Board, Institution, Location

    inside = Location.objects.filter(municipality__province__name__in=SMALL_REGISTER_PROVINCES)
    before = set(inside.values_list("pk", flat=True))
    assert 500 < len(before) < Location.objects.count() / 5
    narrow_register()
    assert set(Location.objects.values_list("pk", flat=True)) == before
    assert set(Location.objects.values_list("sector", flat=True)) >= {"bao", "sbo", "vo"}
    assert not Institution.objects.filter(locations__isnull=True).exists()
    assert not Board.objects.filter(locations__isnull=True, institutions__isnull=True).exists()
