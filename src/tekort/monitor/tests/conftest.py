"""Fixtures for the policy monitor: the shared policy files imported, ministry staff signed in."""

import csv

import pytest

from tekort.accounts.testing import sign_in
from tekort.accounts.tests.factories import UserFactory
from tekort.monitor.importer import PolicyImporter
from tekort.monitor.tests.factories import AnalystRoleFactory


@pytest.fixture
def policy_dir(shared_data_dir):
    return shared_data_dir / "policy"


@pytest.fixture
def policy(db, policy_dir):
    """The report of importing the shared policy files into the (rolled-back) test database."""
    return PolicyImporter(policy_dir).run()


@pytest.fixture
def csv_rows(policy_dir):
    """The rows of one of the shared policy CSV files, read independently of the importer."""

    def read(name):
        with open(policy_dir / name, encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    return read


@pytest.fixture
def analyst(db):
    return AnalystRoleFactory().user


@pytest.fixture
def staff_client(client, analyst):
    return sign_in(client, analyst)


@pytest.fixture
def other_user_client(client, db):
    return sign_in(client, UserFactory())
