"""Factories for the uitvraag's tests (rounds; users and roles come from the accounts app)."""

__all__ = ["RoleFactory", "RoundFactory", "UserFactory"]

from datetime import date, timedelta

import factory
from django.utils import timezone

from tekort.accounts.tests.factories import RoleFactory, UserFactory
from tekort.submissions.models import Round


class RoundFactory(factory.django.DjangoModelFactory):
    """A round open today (peildatum a few days ago) unless dates are given."""

    class Meta:
        model = Round

    peildatum = factory.Sequence(lambda n: date(2030, 10, 1) - timedelta(days=n))
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    sectors = factory.LazyFunction(lambda: ["bao", "sbo", "so", "vso", "sovso", "vo"])
