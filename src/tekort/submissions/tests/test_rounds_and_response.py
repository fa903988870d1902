"""Rounds (schedule, reopening with a logged reason), response monitoring and reminders."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tekort.registry.models import Location
from tekort.submissions import intake, reminders, response, rounds
from tekort.submissions.figures import Figures
from tekort.submissions.models import Reminder, Round, RoundEvent
from tekort.submissions.tests.conftest import sign_in
from tekort.submissions.tests.factories import RoundFactory, first_registration

pytestmark = pytest.mark.django_db


def register(round_, location, user):
    return first_registration(round_, location, user, Figures(formatie=D("10.00")))


def test_round_opens_and_closes_by_schedule():
    round_ = Round(
        peildatum=date(2031, 10, 1), opens_on=date(2031, 10, 1), closes_on=date(2031, 11, 5)
    )
    assert round_.state(date(2031, 9, 30)) == "planned"
    assert round_.is_open(date(2031, 10, 1)) and round_.is_open(date(2031, 11, 5))
    assert round_.state(date(2031, 11, 6)) == "closed"


def test_ministry_creates_a_round_with_a_versioned_question_set(client, admin_user):
    sign_in(client, admin_user)
    page = client.post(
        reverse("submissions:rounds"),
        {
            "peildatum": "2031-10-01",
            "opens_on": "2031-10-01",
            "closes_on": "2031-11-05",
            "sectors": ["bao", "sbo"],
        },
    )
    round_ = Round.objects.get(peildatum=date(2031, 10, 1))
    assert page["Location"] == reverse("submissions:round", args=[round_.pk])
    assert round_.question_set.version == "2025.1"
    assert "formatieplan" in round_.question_set.definitions["formatie"]
    assert round_.events.get().kind == RoundEvent.Kind.CREATED


def test_only_administrators_manage_rounds(client, school_user, analyst):
    for user in (school_user, analyst):
        sign_in(client, user)
        assert client.get(reverse("submissions:rounds")).status_code == 403


def test_reopening_keeps_data_and_logs_why(client, admin_user, location, school_user):
    today = timezone.localdate()
    round_ = RoundFactory()
    register(round_, location, school_user)
    Round.objects.filter(pk=round_.pk).update(closes_on=today - timedelta(days=1))
    round_.refresh_from_db()
    assert not round_.is_open()
    sign_in(client, admin_user)
    until = today + timedelta(days=7)
    client.post(
        reverse("submissions:round", args=[round_.pk]),
        {"until": until.isoformat(), "reason": "Storing bij DUO in de laatste week"},
    )
    round_.refresh_from_db()
    assert round_.is_open() and round_.last_day == until
    event = round_.events.get(kind=RoundEvent.Kind.REOPENED)
    assert event.reason == "Storing bij DUO in de laatste week" and event.user == admin_user
    assert round_.registrations.count() == 1  # what was there is kept


def test_reopening_needs_a_reason():
    round_ = RoundFactory()
    with pytest.raises(ValueError, match="reason"):
        rounds.reopen(round_, until=timezone.localdate(), reason="  ")


def test_response_per_dimension_counts_submitted_registrations(
    open_round, board_with_locations, board_user
):
    locations = list(Location.objects.filter(board=board_with_locations, sector="bao")[:2])
    register(open_round, locations[0], board_user)
    intake.save_draft(open_round, locations[1], {}, user=board_user, base_version=0)  # no response
    in_board = Location.objects.filter(board=board_with_locations)
    summary = response.summary(open_round, in_board)
    assert summary["responded"] == 1 and summary["locations"] == in_board.count()
    by_sector = {row["key"]: row for row in response.response_by(open_round, "sector")}
    assert by_sector["bao"]["responded"] == 1
    assert by_sector["bao"]["locations"] == Location.objects.filter(sector="bao").count()
    municipality = locations[0].municipality_id
    rows = {r["key"]: r for r in response.response_by(open_round, "municipality")}
    assert rows[municipality]["responded"] == 1
    missing = set(response.missing(open_round, in_board).values_list("code", flat=True))
    assert locations[0].code not in missing and locations[1].code in missing


def test_response_pages_for_ministry_and_board(
    client, open_round, board_with_locations, board_user, analyst, other_location
):
    sign_in(client, analyst)
    data = client.get(reverse("submissions:response-json", args=[open_round.pk])).json()
    assert set(data["by"]) >= {"sector", "board", "municipality", "labour_market_region"}
    assert client.get(reverse("submissions:response", args=[open_round.pk])).status_code == 200
    sign_in(client, board_user)
    own = reverse(
        "submissions:board-response-json", args=[open_round.pk, board_with_locations.number]
    )
    assert client.get(own).json()["summary"]["locations"] > 0
    other = reverse("submissions:board-response", args=[open_round.pk, other_location.board.number])
    assert client.get(other).status_code == 403
    assert client.get(reverse("submissions:response", args=[open_round.pk])).status_code == 403


def test_reminders_never_twice_a_day(open_round, location, school_user, board_user):
    in_board = Location.objects.filter(board=location.board)
    first = reminders.send(open_round, in_board)
    assert first.emails == 2  # the school user and the board user
    assert {m.to[0] for m in mail.outbox} == {school_user.email, board_user.email}
    assert location.code in mail.outbox[0].body
    second = reminders.send(open_round, in_board)
    assert second.emails == 0 and second.skipped_today == first.reminders
    assert Reminder.objects.filter(location=location).count() == 2


def test_no_reminder_for_a_location_that_submitted(open_round, location, school_user):
    register(open_round, location, school_user)
    sent = reminders.send(open_round, Location.objects.filter(code=location.code))
    assert sent.emails == 0 and not mail.outbox
