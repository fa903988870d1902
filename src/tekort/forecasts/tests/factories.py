"""Factories for the forecast tests: rounds, registrations and users with a role."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from tekort.accounts.models import Role
from tekort.accounts.tests.factories import UserFactory
from tekort.submissions.models import Registration
from tekort.submissions.tests import factories as submissions_factories


class RoundFactory(submissions_factories.RoundFactory):
    """The uitvraag's round factory, by default the closed demo round of 1 October 2025 (the
    raming's base year), open from its peildatum for 35 days."""

    peildatum = date(2025, 10, 1)
    opens_on = factory.LazyAttribute(lambda o: o.peildatum)
    closes_on = factory.LazyAttribute(lambda o: o.peildatum + timedelta(days=35))
    is_demo = True


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    round = factory.SubFactory(RoundFactory)
    formatie = factory.Sequence(lambda n: Decimal("10.00") + Decimal(n % 7))
    regulier_openstaand = Decimal("0.40")
    regulier_verborgen = factory.Sequence(lambda n: Decimal("0.10") * (n % 4))
    vervanging_openstaand = Decimal("0.00")
    vervanging_verborgen = Decimal("0.25")
    pupils = 200
    channel = Registration.Channel.DEMO


def user_with_role(**kwargs):
    user = UserFactory(**kwargs)
    Role.objects.create(user=user, kind=Role.Kind.ANALYST)
    return user


class EstimateRunFactory(factory.django.DjangoModelFactory):
    """A finished estimate run with the breakdowns the forecast reads (cells added separately)."""

    class Meta:
        model = "estimates.EstimateRun"

    round = factory.SubFactory(RoundFactory)
    method_version = "test"
    seed = 1
    n_bootstrap = 0
    breakdowns = ["sector", "onderwijsregio:sector"]
    status = "done"
    finished_at = factory.LazyFunction(timezone.now)


class EstimateCellFactory(factory.django.DjangoModelFactory):
    """A direct ``tekort`` cell of the teachers' function; published unless told otherwise."""

    class Meta:
        model = "estimates.EstimateCell"

    run = factory.SubFactory(EstimateRunFactory)
    function = "leraar"
    breakdown = "sector"
    domain = "sector=bao"
    measure = "tekort"
    rate = 0.08
    fte = 800.0
    se_rate = 0.004
    ci_low = factory.LazyAttribute(lambda o: o.rate - 0.008)
    ci_high = factory.LazyAttribute(lambda o: o.rate + 0.008)
    se_fte = 40.0
    ci_fte_low = factory.LazyAttribute(lambda o: o.fte - 80.0)
    ci_fte_high = factory.LazyAttribute(lambda o: o.fte + 80.0)
    n_responding = 40
    n_frame = 100
    n_boards_responding = 12
    response_rate = 0.4
    response_rate_formatie = 0.4
    quality_class = "A"
    quality_class_fte = "A"
    disclosure_status = "published"
    symbol = ""
    method_id = "separate-ratio/linearised-fpc/t-interval"


def region_domain(region: str, sector: str) -> str:
    return f"onderwijsregio={region}|sector={sector}"
