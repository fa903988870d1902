"""Dutch error pages in the site's layout, served by Django's own handlers (DEBUG off).

A test URL configuration puts views that fail on purpose in front of tekort's URLs.
"""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import include, path

from tekort.tests.failing_views import raising

fails = raising(ZeroDivisionError, "deliberately failing view")
refuses = raising(PermissionDenied)
suspicious = raising(SuspiciousOperation, "deliberately suspicious request")

urlpatterns = [
    path("test-fout/500/", fails),
    path("test-fout/403/", refuses),
    path("test-fout/400/", suspicious),
    path("", include("tekort.urls")),
]

MENU = '<nav aria-label="Hoofdmenu">'


def assert_site_page(response, status: int, heading: str, sentence: str):
    text = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert '<html lang="nl">' in text
    assert MENU in text
    assert f"<h1>{heading}</h1>" in text
    assert sentence in text
    assert '<a class="skip-link" href="#inhoud">' in text


@pytest.fixture
def client_without_raising():
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_an_unknown_address_is_a_dutch_404_in_the_layout(client):
    response = client.get("/bestaat-niet/")
    assert_site_page(response, 404, "Pagina niet gevonden", "Op dit adres staat geen pagina.")
    assert "<title>Pagina niet gevonden · " in response.content.decode()


@pytest.mark.django_db
def test_a_refusal_is_a_dutch_403_in_the_layout(client, settings):
    settings.ROOT_URLCONF = __name__
    response = client.get("/test-fout/403/")
    assert_site_page(response, 403, "Geen toegang", "U hebt geen toegang tot deze pagina.")


@pytest.mark.django_db
def test_a_bad_request_is_a_dutch_400_in_the_layout(client, settings):
    settings.ROOT_URLCONF = __name__
    response = client.get("/test-fout/400/")
    assert_site_page(response, 400, "Ongeldig verzoek", "De site kon dit verzoek niet verwerken.")


@pytest.mark.django_db
def test_a_failing_view_is_a_dutch_500_in_the_layout(client_without_raising, settings):
    settings.ROOT_URLCONF = __name__
    response = client_without_raising.get("/test-fout/500/")
    assert_site_page(response, 500, "Er ging iets mis", "Er is aan onze kant een fout opgetreden.")
    assert "ZeroDivisionError" not in response.content.decode()
    assert "deliberately failing view" not in response.content.decode()


@pytest.mark.django_db
def test_the_429_page_for_rate_limits_is_dutch_and_in_the_layout(rf: RequestFactory):
    request = rf.get("/cijfers/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    with_wait = render_to_string("429.html", {"retry_after": 30}, request=request)
    assert MENU in with_wait
    assert "<h1>Te veel verzoeken</h1>" in with_wait
    assert "Probeer het over 30 seconden opnieuw." in with_wait
    one_second = render_to_string("429.html", {"retry_after": 1}, request=request)
    assert "Probeer het over 1 seconde opnieuw." in one_second
    without = render_to_string("429.html", {}, request=request)
    assert "Probeer het over een minuut opnieuw." in without


@pytest.mark.django_db
def test_a_form_without_its_csrf_token_is_a_dutch_403_in_the_layout():
    response = Client(enforce_csrf_checks=True).post("/account/aanmelden/", {"x": "1"})
    assert_site_page(
        response,
        403,
        "Het formulier is verlopen",
        "Ga terug, laad de pagina opnieuw en verstuur het formulier nog eens.",
    )
    assert "CSRF verification failed" not in response.content.decode()
