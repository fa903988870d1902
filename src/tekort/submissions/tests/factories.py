"""Factories for the uitvraag's tests (users with roles, rounds)."""

from datetime import date, timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from tekort.accounts.models import Role
from tekort.submissions.models import Round


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.nl")


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    kind = Role.Kind.SCHOOL


class RoundFactory(factory.django.DjangoModelFactory):
    """A round open today (peildatum a few days ago) unless dates are given."""

    class Meta:
        model = Round

    peildatum = factory.Sequence(lambda n: date(2030, 10, 1) - timedelta(days=n))
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    sectors = factory.LazyFunction(lambda: ["bao", "sbo", "so", "vso", "sovso", "vo"])
