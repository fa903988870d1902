"""A demo October round with registrations for part of one real onderwijsregio (and elsewhere),
estimated by the statistics core and published: the raming reads only published releases."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.utils import timezone

from tekort.forecasts.tests.factories import (
    EstimateCellFactory,
    EstimateRunFactory,
    RegistrationFactory,
    RoundFactory,
    region_domain,
)
from tekort.publications.models import Release
from tekort.publications.publishing import publish
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
    release: Release
    region: Onderwijsregio
    region_codes: list[str]
    other_codes: list[str]


def register(round_, locations):
    return [
        RegistrationFactory(round=round_, location=loc, submitted_at=timezone.now())
        for loc in locations
    ]


# Published national cells per published sector: (rate, FTE); the region's bao cell below.
NATIONAL = {"bao": (0.07, 5000.0), "sbo": (0.06, 200.0), "so": (0.065, 180.0)}
NATIONAL |= {"vso": (0.06, 170.0), "(v)so": (0.05, 90.0), "vo": (0.05, 300.0)}
REGION_BAO = {"rate": 0.0875, "fte": 43.21, "se_fte": 6.0, "ci_fte_low": 31.45}
# large enough that neither rounds to 0 FTE (a positive shortage that rounds to 0 shows [k])
REGION_VSO = (("so", 0.05, 10.0, 0.5), ("vso", 0.04, 15.0, 1.0))


def estimate_run(round_, region, region_status="published", **bao):
    """A finished estimate run of ``round_`` with known cells (national, and ``region``'s bao
    and (v)so); ``region_status`` is the bao cell's disclosure status."""
    run = EstimateRunFactory(round=round_)
    for sector, (rate, fte) in NATIONAL.items():
        EstimateCellFactory(run=run, domain=f"sector={sector}", rate=rate, fte=fte)
    values = {**REGION_BAO, **bao}
    values.setdefault("ci_fte_high", values["fte"] + 11.76)
    EstimateCellFactory(
        run=run,
        breakdown="onderwijsregio:sector",
        domain=region_domain(region.name, "bao"),
        disclosure_status=region_status,
        symbol="" if region_status == "published" else "c",
        **values,
    )
    for sector, rate, fte, se in REGION_VSO:
        EstimateCellFactory(
            run=run,
            breakdown="onderwijsregio:sector",
            domain=region_domain(region.name, sector),
            rate=rate,
            fte=fte,
            se_fte=se,
            se_rate=0.01,
            ci_low=rate - 0.0196,
            ci_high=rate + 0.0196,
        )
    return run


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
        round_,
        publish(estimate_run(round_, region)),
        region,
        [loc.code for loc in in_region],
        [loc.code for loc in elsewhere],
    )
