"""Users and roles for every app's tests (import these; don't define them again)."""

import factory
from django.contrib.auth import get_user_model

from tekort.accounts.models import Role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.nl")


class RoleFactory(factory.django.DjangoModelFactory):
    """A school role unless another kind (and its object) is given."""

    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    kind = Role.Kind.SCHOOL
