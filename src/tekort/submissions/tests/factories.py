"""Factories for the uitvraag's tests (rounds, figures given per subject; users and roles come
from the accounts app)."""

__all__ = [
    "RoleFactory",
    "RoundFactory",
    "UploadFactory",
    "UserFactory",
    "first_registration",
    "register_with_subjects",
    "subject_figures",
]

from datetime import date, timedelta
from decimal import Decimal as D

import factory
from django.utils import timezone

from tekort.accounts.tests.factories import RoleFactory, UserFactory
from tekort.submissions import intake
from tekort.submissions.figures import Figures
from tekort.submissions.models import Registration, Round, Upload
from tekort.submissions.questions import SUBJECT_FIELDS


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


class UploadFactory(factory.django.DjangoModelFactory):
    """A board's file as the upload page lists it, without content: give the round, the board and
    the user, and the status and what it holds (errors, result, total)."""

    class Meta:
        model = Upload

    channel = "upload"
    file_name = "bestand.xlsx"
    content = b""


# Per subject: formatie, regulier open and hidden, vervanging open and hidden (SUBJECT_FIELDS).
SUBJECT_SPLIT = {
    "NE": ("4", "1", "0", "0.4", "0"),
    "WI": ("3", "0.5", "0.5", "0", "0"),
    "OV": ("13", "0", "0", "0", "0"),
}


def subject_figures() -> Figures:
    """A vo location's figures given per subject: 20 FTE, 1.5 regular open, 0.5 regular hidden
    (unqualified), 0.4 substitution open, split over Dutch, mathematics and the rest (NE, WI, OV)
    so that every sum holds."""
    return Figures(
        formatie=D("20"),
        long_leave=D("1"),
        regulier_openstaand=D("1.5"),
        regulier_verborgen=D("0.5"),
        vervanging_openstaand=D("0.4"),
        hidden_measures={"regulier": {"ONBEVOEGD": D("0.5")}},
        subject_answer="per_vak",
        subjects={
            code: dict(zip(SUBJECT_FIELDS, map(D, values), strict=True))
            for code, values in SUBJECT_SPLIT.items()
        },
    )


def first_registration(
    round_: Round, location, user, figures: Figures, channel: str = "form"
) -> Registration:
    """The location's first registration of the round (version 0, its warnings confirmed): the
    figures sent by user through channel."""
    return intake.submit(
        round_,
        location,
        figures,
        user=user,
        channel=channel,
        expected_version=0,
        confirmed=True,
    )


def register_with_subjects(round_: Round, location, user, channel: str) -> Registration:
    """The location's first registration of the round: subject_figures(), sent through channel."""
    return first_registration(round_, location, user, subject_figures(), channel)
