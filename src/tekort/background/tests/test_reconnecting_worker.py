"""The worker outlives a dropped database connection: it reconnects, polls again, and fails
(never strands) a task whose outcome the broken connection could not record."""

import pytest
from django.db import OperationalError
from django.test import override_settings
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tekort.accounts.tasks import send_mail_task
from tekort.background import heartbeat, reconnecting_worker
from tekort.background.heartbeat import Heartbeat
from tekort.background.models import WorkerHeartbeat
from tekort.background.reconnecting_worker import ReconnectingWorker

pytestmark = pytest.mark.django_db
DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail"]}
}
TERMINATED = OperationalError("terminating connection due to administrator command")


class Connection:
    """Stands in for the worker's connection so that the test's own one survives its close."""

    closed = 0

    def close(self):
        self.closed += 1


@pytest.fixture
def worker(make_worker, monkeypatch):
    monkeypatch.setattr(reconnecting_worker, "RECONNECT_SECONDS", 0)
    monkeypatch.setattr(reconnecting_worker, "connection", Connection())
    return make_worker("mail", ReconnectingWorker)


def fail_first(monkeypatch, owner, name, times=1):
    """``owner.name`` raises TERMINATED the first ``times`` calls, then does its work."""
    original, calls = getattr(owner, name), []

    def flaky(*args, **kwargs):
        calls.append(name)
        if len(calls) <= times:
            raise TERMINATED
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, flaky)
    return calls


@override_settings(TASKS=DATABASE_TASKS)
def test_a_poll_on_a_dropped_connection_reconnects_and_runs_the_task(worker, monkeypatch):
    mail = send_mail_task.enqueue("Wachtwoord", "Link", "noreply@tekort.example", ["a@b.nl"])
    polls = fail_first(monkeypatch, DBTaskResult.objects, "ready")
    worker.run()  # the plain db_worker Worker ends here with the OperationalError
    assert len(polls) >= 2
    assert reconnecting_worker.connection.closed == 1
    assert DBTaskResult.objects.get(pk=mail.id).status == TaskResultStatus.SUCCESSFUL


@override_settings(TASKS=DATABASE_TASKS)
def test_a_task_whose_outcome_could_not_be_written_is_failed_not_stranded(worker, monkeypatch):
    first = send_mail_task.enqueue("Een", "Link", "noreply@tekort.example", ["a@b.nl"])
    second = send_mail_task.enqueue("Twee", "Link", "noreply@tekort.example", ["a@b.nl"])
    # the connection breaks as the first result is written: the success, the failure db_worker
    # writes instead and the worker's first attempt to write it again are lost
    fail_first(monkeypatch, DBTaskResult, "set_successful", times=1)
    fail_first(monkeypatch, DBTaskResult, "set_failed", times=2)
    worker.run()
    statuses = {str(pk): s for pk, s in DBTaskResult.objects.values_list("pk", "status")}
    failed = DBTaskResult.objects.get(pk=first.id)
    assert statuses[first.id] == TaskResultStatus.FAILED, statuses
    assert "terminating connection" in failed.traceback
    assert statuses[second.id] == TaskResultStatus.SUCCESSFUL
    assert reconnecting_worker.connection.closed >= 2


def test_a_first_heartbeat_on_a_dropped_connection_does_not_end_the_worker(monkeypatch):
    """The worker beats once as it starts; a database that drops the connection just then
    (a restart, ``pg_terminate_backend``) used to end the process before its loop could
    reconnect. Now the connection is closed and the heartbeat's thread beats again later."""
    monkeypatch.setattr(heartbeat, "connection", Connection())
    beats = fail_first(monkeypatch, heartbeat, "beat")
    beating = Heartbeat("worker-9", ["default"], seconds=3600)
    beating.start()
    assert beats == ["beat"]
    assert heartbeat.connection.closed == 1
    assert beating._thread.is_alive()
    beating.stop()
    assert not WorkerHeartbeat.objects.filter(worker_id="worker-9").exists()
