"""Factories for the dashboards' tests: users with roles, rounds, registrations, estimates."""

from datetime import timedelta
from decimal import Decimal

import factory
import numpy as np
from django.utils import timezone

from tekort.accounts.models import Role
from tekort.accounts.tests.factories import RoleFactory as BaseRoleFactory
from tekort.estimates.models import EstimateCell, EstimateRegionTables, EstimateRun
from tekort.estimates.region_tables import region_tables_for
from tekort.estimates.tests.factories import FinishedRunFactory
from tekort.submissions.models import Registration, Round
from tekort.submissions.tests.factories import RoundFactory

CELLS = (
    "regulier_openstaand",
    "regulier_verborgen",
    "vervanging_openstaand",
    "vervanging_verborgen",
)
MEASURES = ("tekort", *CELLS, "openstaand", "verborgen")


class RoleFactory(BaseRoleFactory):
    kind = Role.Kind.BOARD


def open_round(**kwargs) -> Round:
    today = timezone.localdate()
    return RoundFactory(
        peildatum=today - timedelta(days=2),
        opens_on=today - timedelta(days=2),
        closes_on=today + timedelta(days=30),
        **kwargs,
    )


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    formatie = Decimal("20.00")
    channel = Registration.Channel.DEMO
    submitted_at = factory.LazyFunction(timezone.now)


def register(round_, locations, *, seed=1, share=0.75, **fixed) -> list[Registration]:
    """Submitted registrations for about ``share`` of ``locations``, seeded random figures;
    ``fixed`` overrides fields for every one of them."""
    rng = np.random.default_rng(seed)
    made = []
    for location in locations:
        if rng.random() >= share:
            continue
        formatie = round(float(rng.uniform(5, 40)), 2)
        shortage = float(rng.uniform(0, 0.15)) * formatie * (rng.random() > 0.3)
        parts = rng.dirichlet(np.ones(4)) * shortage
        values = {
            cell: Decimal(f"{np.floor(v * 100) / 100:.2f}")
            for cell, v in zip(CELLS, parts, strict=True)
        }
        made.append(
            RegistrationFactory.build(
                round=round_,
                location=location,
                formatie=Decimal(f"{formatie:.2f}"),
                **{**values, **fixed},
            )
        )
    return Registration.objects.bulk_create(made)


def estimate_run(round_, domains: dict[tuple[str, str], float], **cell_fields) -> EstimateRun:
    """A finished run with direct cells for the given (breakdown, domain) -> shortage rate, and
    the region tables of the round's registrations as they are now (as ``run_estimates`` stores
    them with its cells)."""
    run = FinishedRunFactory(round=round_)
    cells = []
    for (breakdown, domain), rate in domains.items():
        for k, measure in enumerate(MEASURES):
            value = rate if measure == "tekort" else rate / (k + 1)
            fields = {
                "rate": value,
                "fte": value * 1000,
                "ci_low": value - 0.004,
                "ci_high": value + 0.004,
                "quality_class": "A",
                "quality_class_fte": "A",
                "disclosure_status": "published",
                "symbol": "",
                **cell_fields,
            }
            cells.append(
                EstimateCell(
                    run=run,
                    function="leraar",
                    breakdown=breakdown,
                    domain=domain,
                    measure=measure,
                    n_responding=100,
                    n_frame=200,
                    n_boards_responding=20,
                    method_id="test",
                    **fields,
                )
            )
    EstimateCell.objects.bulk_create(cells)
    EstimateRegionTables.objects.bulk_create(region_tables_for(run))
    return run
