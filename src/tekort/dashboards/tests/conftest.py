"""Real objects from the register for the dashboards' tests: a region with its member boards,
rounds with seeded registrations of the region's locations, finished estimate runs and their
published releases."""

import pytest
from django.db.models import Count

from tekort.accounts.models import Role
from tekort.accounts.testing import sign_in
from tekort.accounts.tests.factories import UserFactory
from tekort.dashboards.tests.factories import (
    RoleFactory,
    RoundFactory,
    estimate_run,
    register,
)
from tekort.publications.publishing import publish
from tekort.registry.models import Location, Onderwijsregio


@pytest.fixture
def region(db):
    """A real onderwijsregio with at least 20 member boards (deterministic)."""
    return (
        Onderwijsregio.objects.annotate(n=Count("boards"))
        .filter(n__gte=20)
        .order_by("name")
        .first()
    )


@pytest.fixture
def board(region):
    """The member board with the most locations (ties: lowest number)."""
    return region.boards.annotate(n=Count("locations")).order_by("-n", "number").first()


@pytest.fixture
def rounds(region):
    """Two closed rounds; the region's locations registered in both (seeded)."""
    made = [RoundFactory(closed=True), RoundFactory(closed=True)]
    locations = list(Location.objects.filter(board__onderwijsregios=region).order_by("code"))
    for k, round_ in enumerate(made):
        register(round_, locations, seed=k + 1)
    return made


@pytest.fixture
def runs(rounds, region):
    return [
        estimate_run(
            round_,
            {
                ("national", "national"): 0.071 + k / 100,
                ("onderwijsregio", f"onderwijsregio={region.name}"): 0.083 + k / 100,
            },
        )
        for k, round_ in enumerate(rounds)
    ]


@pytest.fixture
def releases(runs):
    """Each run published as version 1 of its round (voorlopig)."""
    return [publish(run) for run in runs]


def user_with(client, **role):
    user = UserFactory()
    RoleFactory(user=user, **role)
    sign_in(client, user)
    return user


@pytest.fixture
def board_client(client, board):
    user_with(client, kind=Role.Kind.BOARD, board=board)
    return client


@pytest.fixture
def region_client(client, region):
    user_with(client, kind=Role.Kind.REGION, onderwijsregio=region)
    return client


@pytest.fixture
def analyst_client(client):
    user_with(client, kind=Role.Kind.ANALYST)
    return client
