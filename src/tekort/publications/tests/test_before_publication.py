"""Before anything is published: the public pages say so, and only analysts publish.

These tests need a database without a release, so they live apart from the modules that share
one release per module (``module_release``)."""

import pytest
from django.urls import reverse

from tekort.accounts.models import Role
from tekort.accounts.testing import sign_in
from tekort.publications.models import Release
from tekort.publications.publishing import publish
from tekort.registry.models import Board, Municipality

pytestmark = pytest.mark.django_db


def test_home_without_a_release_says_so(client):
    html = client.get("/").content.decode()
    assert "Hoe groot is het lerarentekort?" in html
    assert "Er zijn nog geen cijfers gepubliceerd." in html
    assert client.get(reverse("publications:home-json")).json()["release"] is None


def test_without_a_release_the_public_pages_say_so(client, db):
    assert client.get("/cijfers/").status_code == 404
    assert "nog geen cijfers" in client.get("/cijfers/").content.decode()
    assert client.get("/tabellen/").status_code == 404


def test_analysts_publish_and_preview_others_may_not(client, estimate_runs, django_user_model):
    earlier, latest = estimate_runs
    assert client.get("/publicaties/publiceren/").status_code == 302  # to sign in
    board_user = django_user_model.objects.create_user("bestuur", "b@example.nl", "x" * 12)
    Role.objects.create(
        user=board_user, kind="board", board=Board.objects.order_by("number").first()
    )
    sign_in(client, board_user)
    assert client.get("/publicaties/publiceren/").status_code == 403
    assert client.get(f"/publicaties/concept/{latest.pk}/").status_code == 403
    analyst = django_user_model.objects.create_user("analist", "a@example.nl", "x" * 12)
    Role.objects.create(user=analyst, kind="analyst")
    sign_in(client, analyst)
    preview = client.get(f"/publicaties/concept/{latest.pk}/").content.decode()
    assert "niet gepubliceerd" in preview
    assert not Release.objects.exists()
    response = client.post(
        "/publicaties/publiceren/",
        {"run": latest.pk, "status": "voorlopig", "note": "Eerste publicatie"},
    )
    release = Release.objects.get()
    assert response.url == f"/cijfers/{release.slug}/"
    assert release.published_by == analyst and release.note == "Eerste publicatie"
    refused = client.post("/publicaties/publiceren/", {"run": latest.pk, "status": "voorlopig"})
    assert refused.status_code == 200 and Release.objects.count() == 1


def test_only_the_published_release_is_shown(client, estimate_runs):
    earlier, latest = estimate_runs
    municipality = Municipality.objects.exclude(locations=None).order_by("code").first()
    url = reverse("publications:municipality-json", args=[municipality.code])
    assert client.get(url).json()["release"] is None  # runs without a release stay internal
    page = client.get(reverse("publications:municipality", args=[municipality.code]))
    assert "Er zijn nog geen cijfers gepubliceerd." in page.content.decode()
    first = publish(earlier, note="Eerdere ronde")
    assert client.get(url).json()["release"]["slug"] == first.slug  # the later run: unpublished
    second = publish(latest, note="Eerste publicatie")
    assert client.get(url).json()["release"]["slug"] == second.slug
