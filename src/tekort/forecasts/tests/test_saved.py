"""Saved scenarios: signed-in users with a role save and name them; only the owner sees them."""

from django.urls import reverse

from tekort.accounts.testing import sign_in
from tekort.accounts.tests.factories import UserFactory
from tekort.forecasts.base_year import NEDERLAND
from tekort.forecasts.models import SavedScenario
from tekort.forecasts.tests.factories import user_with_role

QUERY = f"region={NEDERLAND}&sector=bao&more_hours_share=0.1"


def test_a_user_with_a_role_saves_a_named_scenario_and_sees_it(client, demo_round):
    owner = user_with_role()
    sign_in(client, owner)
    page = client.get(f"/raming/?{QUERY}")
    assert (
        page.context["can_save"] and 'action="/raming/opgeslagen/nieuw/"' in page.content.decode()
    )
    response = client.post(reverse("forecasts:save"), {"name": "Meeruren 10 %", "query": QUERY})
    assert response.status_code == 302 and response["Location"] == reverse("forecasts:saved")
    saved = SavedScenario.objects.get(owner=owner)
    assert saved.name == "Meeruren 10 %" and saved.query == QUERY
    listing = client.get(reverse("forecasts:saved")).content.decode()
    assert (
        "Meeruren 10 %" in listing and f'href="/raming/?{QUERY.replace("&", "&amp;")}"' in listing
    )
    data = client.get(reverse("forecasts:saved-json")).json()
    assert [s["name"] for s in data["saved"]] == ["Meeruren 10 %"]


def test_saved_scenarios_are_visible_to_their_owner_only(client, demo_round):
    owner, other = user_with_role(), user_with_role()
    saved = SavedScenario.objects.create(owner=owner, name="Van de eigenaar", query=QUERY)
    sign_in(client, other)
    assert "Van de eigenaar" not in client.get(reverse("forecasts:saved")).content.decode()
    assert client.get(reverse("forecasts:saved-json")).json() == {"saved": []}
    delete = reverse("forecasts:delete", args=[saved.pk])
    assert client.post(delete).status_code == 404  # not even its existence is shown
    assert SavedScenario.objects.filter(pk=saved.pk).exists()
    sign_in(client, owner)
    assert client.post(delete).status_code == 302
    assert not SavedScenario.objects.filter(pk=saved.pk).exists()


def test_anonymous_and_roleless_users_cannot_save(client, demo_round):
    page = client.get(f"/raming/?{QUERY}")
    assert page.context["can_save"] is False
    response = client.post(reverse("forecasts:save"), {"name": "x", "query": QUERY})
    assert response.status_code == 302 and "next=" in response["Location"]  # to sign in
    sign_in(client, UserFactory())
    assert client.post(reverse("forecasts:save"), {"name": "x", "query": QUERY}).status_code == 403
    assert client.get(reverse("forecasts:saved")).status_code == 403
    assert not SavedScenario.objects.exists()


def test_an_invalid_scenario_or_missing_name_is_not_saved(client, demo_round):
    sign_in(client, user_with_role())
    bad = f"region={NEDERLAND}&sector=bao&more_hours_share=7"
    assert client.post(reverse("forecasts:save"), {"name": "x", "query": bad}).status_code == 400
    assert client.post(reverse("forecasts:save"), {"name": "", "query": QUERY}).status_code == 400
    assert not SavedScenario.objects.exists()


def test_saving_stores_the_canonical_query(client, demo_round):
    owner = user_with_role()
    sign_in(client, owner)
    untidy = f"more_hours_share=0.10&sector=bao&region={NEDERLAND}&start=1"
    client.post(reverse("forecasts:save"), {"name": "netjes", "query": untidy})
    assert SavedScenario.objects.get(owner=owner).query == QUERY
