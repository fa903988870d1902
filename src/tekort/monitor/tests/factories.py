"""Factories for the policy monitor's tests: ministry staff and other users."""

from tekort.accounts.models import Role
from tekort.accounts.tests.factories import RoleFactory


class AnalystRoleFactory(RoleFactory):
    kind = Role.Kind.ANALYST
