"""Factories for the uitvraag's tests (rounds; users and roles come from the accounts app)."""

__all__ = ["RoleFactory", "RoundFactory", "UserFactory"]

from datetime import date, timedelta

import factory
from django.utils import timezone

from tekort.accounts.tests.factories import RoleFactory, UserFactory
from tekort.submissions.models import Round


class RoundFactory(factory.django.DjangoModelFactory):
    """A round open today unless dates are given. ``RoundFactory(closed=True)``: a round that
    closed long ago (peildata a month apart from 1990, open from the peildatum for 35 days)."""

    class Meta:
        model = Round

    class Params:
        closed = factory.Trait(
            peildatum=factory.Sequence(lambda n: date(1990, 1, 1) + timedelta(days=31 * n)),
            opens_on=factory.LazyAttribute(lambda r: r.peildatum),
            closes_on=factory.LazyAttribute(lambda r: r.peildatum + timedelta(days=35)),
        )

    peildatum = factory.Sequence(lambda n: date(2030, 10, 1) - timedelta(days=n))
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    sectors = factory.LazyFunction(lambda: ["bao", "sbo", "so", "vso", "sovso", "vo"])
