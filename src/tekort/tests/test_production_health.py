"""/gezondheid/ (live) and /gereed/ (ready: database and cache), for load balancers."""

from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client

REDIS_NOBODY_LISTENS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


def broken_database():
    return mock.patch.object(
        connection, "cursor", side_effect=OperationalError("server closed the connection")
    )


@pytest.mark.django_db
def test_live_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/gezondheid/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    with broken_database():
        assert client.get("/gezondheid/").status_code == 200


@pytest.mark.django_db
def test_ready_when_database_and_cache_answer(client):
    response = client.get("/gereed/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok"},
        "failed": [],
    }


@pytest.mark.django_db
def test_not_ready_names_the_database_when_it_is_unreachable(client):
    with broken_database():
        response = client.get("/gereed/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "unreachable (OperationalError)", "cache": "ok"},
        "failed": ["database"],
    }


@pytest.mark.django_db
def test_not_ready_names_the_cache_when_redis_is_unreachable(client, settings):
    settings.CACHES = REDIS_NOBODY_LISTENS
    response = client.get("/gereed/")
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["cache"]
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"] == "unreachable (ConnectionError)"


@pytest.mark.django_db
def test_both_failures_are_named(client, settings):
    settings.CACHES = REDIS_NOBODY_LISTENS
    with broken_database():
        response = client.get("/gereed/")
    assert response.status_code == 503
    assert response.json()["failed"] == ["cache", "database"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/gezondheid/", "/gereed/"])
def test_health_has_no_session_no_csrf_and_no_cache(url):
    client = Client(enforce_csrf_checks=True)
    response = client.post(url)  # a probe may use any method; CSRF does not apply
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert "csrftoken" not in response.cookies
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_is_exempt_from_the_https_redirect_that_other_pages_get(settings):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    assert client.get("/gezondheid/").status_code == 200
    assert client.get("/gereed/").status_code == 200
    redirect = client.get("/scholen/")
    assert redirect.status_code == 301
    assert redirect["Location"] == "https://testserver/scholen/"
