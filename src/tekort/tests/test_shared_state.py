"""Many processes, one truth: nothing read from the database is kept per process.

Another process's change is made here with ``QuerySet.update`` (no signal reaches this process);
the next request of this process must see it at once.
"""

import os
from decimal import Decimal

import pytest
from django.core.cache.backends.redis import RedisCache
from django.core.signals import request_started
from django.db import close_old_connections
from django.test import override_settings

from tekort.publications import maps, vocabulary
from tekort.registry import schoolweging
from tekort.registry.models import Location, Municipality, MunicipalityBoundary, Sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def keep_test_connection():
    """request_started also closes old connections, which on PostgreSQL would end the
    transaction the test runs in (Django's test client disconnects it the same way)."""
    request_started.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)


def test_a_renamed_municipality_shows_in_the_next_request(keep_test_connection):
    request_started.send(sender=None)
    assert vocabulary.value_label("municipality_code", "GM0363") == "Amsterdam"
    Municipality.objects.filter(code="GM0363").update(name="Mokum")  # by another process
    request_started.send(sender=None)
    assert vocabulary.value_label("municipality_code", "GM0363") == "Mokum"
    assert vocabulary.domain_label("municipality_code=GM0363") == "Mokum"


def test_names_are_read_once_per_request(keep_test_connection, django_assert_num_queries):
    request_started.send(sender=None)
    # one query per kind of name: provinces, labour-market regions, municipalities, vo subjects
    with django_assert_num_queries(4):
        for _ in range(5):
            assert vocabulary.value_label("province", "PV27") == "Noord-Holland"


def test_changed_schoolweging_values_change_the_cut_points_at_once():
    before = schoolweging.national_cut_points()
    bao = Location.objects.filter(
        sector=Sector.BAO, schoolweging__isnull=False, schoolweging_is_demo=False
    )
    lowest = list(bao.order_by("schoolweging", "code").values_list("pk", flat=True)[:2000])
    bao.filter(pk__in=lowest).update(schoolweging=Decimal("40.0"))  # by another process
    after = schoolweging.national_cut_points()
    values = bao.values_list("schoolweging", flat=True)
    assert after == schoolweging.tertile_cut_points([float(v) for v in values])
    assert after != before


def test_new_boundaries_change_the_map_shapes_at_once():
    before, _ = maps.areas("municipality_code")
    square = {
        "type": "Polygon",
        "coordinates": [[[4.9, 52.3], [5.0, 52.3], [5.0, 52.4], [4.9, 52.3]]],
    }
    assert (
        MunicipalityBoundary.objects.filter(municipality_id="GM0363").update(geometry=square) == 1
    )
    after, _ = maps.areas("municipality_code")  # no per-process copy of the old shapes
    changed = {a.code for a in after} ^ {a.code for a in before} | {
        a.code for a, b in zip(after, before, strict=True) if a.path != b.path
    }
    assert "GM0363" in changed


REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"


@pytest.mark.redis
def test_two_processes_share_the_redis_cache():
    """Two cache clients stand for two web processes: a key one deletes is gone for the other."""
    one, other = (RedisCache(REDIS_URL, {"KEY_PREFIX": "tekort-test"}) for _ in range(2))
    one.set("publications:state", "before", 60)
    assert other.get("publications:state") == "before"
    other.delete("publications:state")  # publish() in the other process
    assert one.get("publications:state") is None


@pytest.mark.redis
def test_cut_points_are_kept_in_redis_for_every_process():
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "tekort-test",
        }
    }
    with override_settings(CACHES=caches):
        cuts = schoolweging.national_cut_points()
        other = RedisCache(REDIS_URL, {"KEY_PREFIX": "tekort-test"})
        key = f"registry:schoolweging-cuts:{schoolweging._values_version()}"
        assert other.get(key) == cuts
        other.delete(key)
