"""Factories for the policy monitor's tests: ministry staff and other users."""

import factory
from django.contrib.auth import get_user_model

from tekort.accounts.models import Role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"monitor-user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.nl")


class AnalystRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    kind = Role.Kind.ANALYST
