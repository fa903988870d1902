"""Public pages that scale with a CDN: gzip, Cache-Control, one cache entry per real query, and
rate limits per address answered with the Dutch 429 page."""

import gzip
import time

import pytest
from django.test import override_settings
from django.urls import reverse

from tekort.accounts.models import Role
from tekort.accounts.testing import sign_in
from tekort.accounts.tests.factories import RoleFactory, UserFactory
from tekort.cache_headers import PUBLIC_MAX_AGE
from tekort.publications.frozen import known_parameters
from tekort.rate_limits import RULES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_release")]
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip"}


@pytest.fixture(autouse=True)
def steady_clock(monkeypatch):
    """The limits count in fixed windows: a test whose requests straddle a window's edge (30
    downloads take seconds on a busy machine) would see its count restart. Hold the limiter's
    clock 10 s into a fresh window."""
    from types import SimpleNamespace

    from tekort import rate_limits

    start = (time.time() // 3600) * 3600 + 10
    monkeypatch.setattr(rate_limits, "time", SimpleNamespace(time=lambda: start))


def test_the_map_is_compressed_for_the_public_and_cacheable(client, release):
    plain = client.get("/kaart/")
    packed = client.get("/kaart/", **GZIP)
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 4
    assert packed["Cache-Control"] == f"public, max-age={PUBLIC_MAX_AGE}"
    assert "Accept-Encoding" in packed["Vary"]


def test_a_frozen_release_keeps_its_own_longer_lifetime(client, release):
    response = client.get(reverse("publications:release-json", args=[release.slug]), **GZIP)
    assert response["Cache-Control"] == "public, max-age=3600"
    assert response["ETag"] == f"W/{release.etag}"  # weak once gzipped, as Django makes it
    url = reverse("publications:release-json", args=[release.slug])
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"], **GZIP).status_code == 304


def test_a_download_is_cacheable_by_a_cdn(client, release):
    response = client.get(reverse("publications:release-cells-csv", args=[release.slug]))
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]


def test_a_page_with_a_csrf_token_is_neither_compressed_nor_shared(client):
    response = client.get("/account/wachtwoord-vergeten/", **GZIP)
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert not response.has_header("Content-Encoding")
    assert response["Cache-Control"] == "private, no-store"


def test_signed_in_pages_are_private_and_not_compressed(client, release):
    user = UserFactory()
    RoleFactory(user=user, kind=Role.Kind.ANALYST)
    sign_in(client, user)
    for url in ("/kaart/", "/schattingen/"):
        response = client.get(url, **GZIP)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url
        assert not response.has_header("Content-Encoding"), url


def test_a_random_query_string_neither_bypasses_nor_fills_the_page_cache(
    client, release, django_assert_num_queries
):
    first = client.get("/kaart/?level=province")
    with django_assert_num_queries(0):  # served from the page cache
        again = client.get("/kaart/?utm_source=x&level=province&cachebuster=93847")
    assert again.content == first.content
    query = known_parameters(
        client.get("/").wsgi_request.GET.__class__("b=2&zz=1&a=1&a=3"), ["a", "b"]
    )
    assert query.urlencode() == "a=1&a=3&b=2"


@override_settings(TEKORT_RATE_LIMITS=True)
def test_too_many_downloads_from_one_address_get_the_dutch_429(client, release):
    limit = next(rule for rule in RULES if rule.name == "download").limit
    url = reverse("publications:release-coping-csv", args=[release.slug])  # a small download
    for _ in range(limit):
        assert client.get(url, REMOTE_ADDR="192.0.2.10").status_code == 200
    refused = client.get(url, REMOTE_ADDR="192.0.2.10")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Te veel verzoeken" in refused.content.decode()
    assert client.get(url, REMOTE_ADDR="192.0.2.11").status_code == 200  # another address


@override_settings(TEKORT_RATE_LIMITS=True)
def test_the_calculator_json_answers_429_in_json(client):
    limit = next(rule for rule in RULES if rule.name == "calculator").limit
    url = reverse("calculator:curve-json")
    statuses = [client.get(url, REMOTE_ADDR="192.0.2.20").status_code for _ in range(limit + 1)]
    assert statuses[-1] == 429 and 429 not in statuses[:-1]
    refused = client.get(url, REMOTE_ADDR="192.0.2.20")
    body = refused.json()
    assert body["error"] == "Te veel verzoeken"
    assert body["retry_after"] == int(refused["Retry-After"])


@override_settings(TEKORT_RATE_LIMITS=True)
def test_password_reset_requests_are_limited_per_address(client):
    url = "/account/wachtwoord-vergeten/"
    for _ in range(5):
        response = client.post(url, {"email": "iemand@example.nl"}, REMOTE_ADDR="192.0.2.30")
        assert response.status_code == 302
    refused = client.post(url, {"email": "iemand@example.nl"}, REMOTE_ADDR="192.0.2.30")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) <= 15 * 60
    assert client.get(url, REMOTE_ADDR="192.0.2.30").status_code == 200  # the form itself


@override_settings(TEKORT_RATE_LIMITS=True)
def test_searches_are_limited_and_the_limit_is_per_window(client):
    from tekort import rate_limits

    rule = next(rule for rule in RULES if rule.name == "search")
    for _ in range(rule.limit):
        assert rate_limits.hit(rule, "192.0.2.40", now=1_000_020.0) is None
    assert (
        rate_limits.hit(rule, "192.0.2.40", now=1_000_030.0) == 50
    )  # its window ends at 1_000_080
    assert rate_limits.hit(rule, "192.0.2.40", now=1_000_081.0) is None  # the next window
