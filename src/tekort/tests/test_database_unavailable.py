"""A broken database connection is a Dutch 503 with Retry-After in the site's layout (or JSON
for the API), never a server error; other database errors stay 500s."""

import pytest
from django.db import IntegrityError, InterfaceError, OperationalError
from django.test import Client
from django.urls import include, path

from tekort.tests.failing_views import raising

connection_lost = raising(OperationalError, "server closed the connection unexpectedly")
connection_closed = raising(InterfaceError, "connection already closed")
constraint_broken = raising(IntegrityError, "duplicate key value violates unique constraint")

urlpatterns = [
    path("test-db/verloren/", connection_lost),
    path("test-db/gesloten/", connection_closed),
    path("test-db/gesloten.json", connection_closed),
    path("test-db/dubbel/", constraint_broken),
    path("", include("tekort.urls")),
]


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.fixture(autouse=True)
def these_urls(settings):
    settings.ROOT_URLCONF = __name__


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/test-db/verloren/", "/test-db/gesloten/"])
def test_a_lost_connection_is_a_dutch_503_in_the_layout(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="nl")
    text = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "private, no-store"
    assert '<nav aria-label="Hoofdmenu">' in text
    assert "<h1>Tijdelijk niet beschikbaar</h1>" in text
    assert "De database was niet bereikbaar. Er is niets opgeslagen; probeer het opnieuw." in text


@pytest.mark.django_db
def test_the_api_gets_the_503_as_json(client):
    response = client.get("/test-db/gesloten.json", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 503
    assert response.json() == {
        "detail": "De database was niet bereikbaar. Er is niets opgeslagen; probeer het opnieuw."
    }


@pytest.mark.django_db
def test_other_database_errors_stay_server_errors(client):
    response = client.get("/test-db/dubbel/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 500
