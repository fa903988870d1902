"""The scheduler: one tick runs the jobs that are due, once, and records how they went."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from tekort.background import schedule
from tekort.background.management.commands import run_scheduler
from tekort.background.models import ScheduledJob
from tekort.estimates.tasks import estimate_round_task

pytestmark = pytest.mark.django_db
NOW = timezone.now()
ALL = {
    "fail_lost_tasks",
    "fail_abandoned_uploads",
    "clear_sessions",
    "clean_lockouts",
    "prune_task_results",
    "send_reminders",
}


def test_the_first_tick_runs_every_job_and_the_next_only_what_is_due_again():
    first = schedule.tick(NOW)
    assert set(first) == ALL
    assert first["send_reminders"] == "skipped: TEKORT_SITE_URL is not set"
    assert first["fail_lost_tasks"] == "0 lost tasks failed"
    assert schedule.tick(NOW + timedelta(seconds=10)) == {}
    assert set(schedule.tick(NOW + timedelta(seconds=31))) == {
        "fail_lost_tasks",
        "fail_abandoned_uploads",
    }
    assert set(schedule.tick(NOW + timedelta(hours=1, seconds=1))) == {
        "fail_lost_tasks",
        "fail_abandoned_uploads",
        "clear_sessions",
        "clean_lockouts",
    }
    job = ScheduledJob.objects.get(name="prune_task_results")
    assert job.due_at == NOW + timedelta(days=1)
    assert job.last_outcome == "0 finished task results older than 14 days removed"


def test_a_tick_removes_expired_sessions_lockouts_and_old_task_results():
    Session.objects.create(session_key="gone", session_data="", expire_date=NOW - timedelta(1))
    Session.objects.create(session_key="kept", session_data="", expire_date=NOW + timedelta(1))
    AccessAttempt.objects.create(
        username="a", ip_address="192.0.2.1", user_agent="", failures_since_start=5
    )
    AccessAttempt.objects.filter(username="a").update(attempt_time=NOW - timedelta(hours=2))
    AccessAttempt.objects.create(
        username="b",
        ip_address="192.0.2.2",
        user_agent="",
        failures_since_start=5,
    )  # attempt_time: now, still in its cool-off
    old = DBTaskResult.objects.create(
        status=TaskResultStatus.SUCCESSFUL,
        args_kwargs={"args": [], "kwargs": {}},
        task_path=estimate_round_task.module_path,
        backend_name="default",
        run_after=get_date_max(),
        finished_at=NOW - timedelta(days=15),
        queue_name="mail",
    )
    ran = schedule.tick()
    assert ran["clean_lockouts"] == "1 expired lockout attempts and 0 old failure logs removed"
    assert list(Session.objects.values_list("session_key", flat=True)) == ["kept"]
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["b"]
    assert not DBTaskResult.objects.filter(pk=old.pk).exists()


def test_a_failing_job_is_recorded_and_the_others_still_run():
    def broken():
        raise RuntimeError("mail server gone")

    jobs = (
        schedule.Job("broken", timedelta(minutes=1), broken),
        schedule.Job("fine", timedelta(minutes=1), lambda: "ok"),
    )
    assert schedule.tick(NOW, jobs) == {
        "broken": "failed: RuntimeError: mail server gone",
        "fine": "ok",
    }
    assert ScheduledJob.objects.get(name="broken").due_at == NOW + timedelta(minutes=1)


@override_settings(TEKORT_SITE_URL="https://tekort.example")
def test_reminders_are_sent_when_the_site_address_is_known():
    assert schedule.tick(NOW)["send_reminders"] == "reminders sent for the open rounds"


def test_run_scheduler_once_prints_what_ran(capsys, monkeypatch):
    # closing old connections between ticks would end the test's transaction on PostgreSQL
    monkeypatch.setattr(run_scheduler, "close_old_connections", lambda: None)
    call_command("run_scheduler", "--once")
    out = capsys.readouterr().out
    assert "fail_lost_tasks: 0 lost tasks failed" in out
    assert "send_reminders: skipped: TEKORT_SITE_URL is not set" in out


def test_a_tick_that_loses_the_database_is_logged_and_the_scheduler_goes_on(monkeypatch, caplog):
    from django.db import OperationalError

    def lost(*args, **kwargs):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(run_scheduler, "tick", lost)
    closed = []
    monkeypatch.setattr(run_scheduler.connection, "close", lambda: closed.append(True))
    assert run_scheduler.tick_surviving_the_database() == {}
    assert closed == [True]
    assert "scheduler tick lost the database; trying again next tick" in caplog.text
