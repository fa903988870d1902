"""A demo October round with registrations for part of one real onderwijsregio (and elsewhere)."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from tekort.forecasts.tests.factories import RegistrationFactory, RoundFactory
from tekort.registry.models import Location, Onderwijsregio
from tekort.submissions.models import Round


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@dataclass
class DemoRound:
    round: Round
    region: Onderwijsregio
    region_codes: list[str]
    other_codes: list[str]


def register(round_, locations):
    return [RegistrationFactory(round=round_, location=loc) for loc in locations]


@pytest.fixture
def demo_round(db) -> DemoRound:
    region = (
        Onderwijsregio.objects.filter(boards__locations__sector="bao").distinct().order_by("name")
    ).first()
    in_region = list(
        Location.objects.filter(board__onderwijsregios=region, sector="bao").order_by("code")[:30]
    )
    elsewhere = list(
        Location.objects.filter(sector="bao")
        .exclude(board__onderwijsregios=region)
        .order_by("code")[:20]
    )
    vo = list(Location.objects.filter(sector="vo").order_by("code")[:10])
    round_ = RoundFactory()
    register(round_, in_region[:20] + elsewhere + vo)
    return DemoRound(
        round_, region, [loc.code for loc in in_region], [loc.code for loc in elsewhere]
    )
