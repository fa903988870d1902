"""A task whose worker died is failed visibly, and so are its estimate run and its upload."""

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from tekort.accounts.models import Role
from tekort.accounts.testing import sign_in
from tekort.accounts.tests.factories import RoleFactory, UserFactory
from tekort.background.heartbeat import Heartbeat, beat
from tekort.background.lost_tasks import LOST_AFTER_SECONDS, fail_lost_tasks, lost_tasks
from tekort.background.models import WorkerHeartbeat
from tekort.estimates.models import EstimateRun
from tekort.estimates.tasks import estimate_round_task
from tekort.estimates.tests.factories import run_of_task
from tekort.registry.models import Board
from tekort.submissions.models import Registration, Upload
from tekort.submissions.tests.factories import RoundFactory
from tekort.submissions.upload import jobs

pytestmark = pytest.mark.django_db
NOW = timezone.now()
LONG_AGO = NOW - timedelta(seconds=LOST_AFTER_SECONDS + 60)


def running_task(task, args, worker="worker-1", started_at=LONG_AGO, queue="default"):
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": args, "kwargs": {}},
        task_path=task.module_path,
        worker_ids=[worker],
        queue_name=queue,
        backend_name="default",
        run_after=get_date_max(),
        started_at=started_at,
    )


def heartbeat(worker, seen_at):
    WorkerHeartbeat.objects.create(
        worker_id=worker,
        queues="default",
        host="app-1",
        pid=4242,
        started_at=seen_at,
        seen_at=seen_at,
    )


@pytest.fixture
def round_():
    return RoundFactory(peildatum=datetime.date(2030, 1, 31))


def test_a_task_of_a_dead_worker_fails_and_its_run_with_it(round_):
    heartbeat("worker-1", seen_at=LONG_AGO)  # stopped beating: killed
    task = running_task(estimate_round_task, [round_.pk, 1, 0, None])
    run = run_of_task(round_, str(task.pk), "regiotabellen berekenen")
    assert fail_lost_tasks(NOW) == [task]
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "tekort.background.lost_tasks.WorkerLost"
    assert task.traceback.startswith("Worker worker-1 stopped beating at ")
    assert task.finished_at == NOW
    run.refresh_from_db()
    assert run.status == EstimateRun.Status.FAILED
    assert run.progress == (
        "De achtergrondverwerking stopte tijdens deze berekening (afgebroken of vastgelopen); er "
        "is niets van opgeslagen. Start de berekening opnieuw."
    )
    assert "Worker worker-1 stopped beating" in run.error
    assert fail_lost_tasks(NOW) == []  # once


def test_a_busy_worker_that_beats_keeps_its_task(round_):
    heartbeat("worker-1", seen_at=NOW - timedelta(seconds=5))
    task = running_task(estimate_round_task, [round_.pk, 1, 0, None])
    run = run_of_task(round_, str(task.pk), "regiotabellen berekenen")
    assert lost_tasks(NOW) == []
    assert fail_lost_tasks(NOW) == []
    run.refresh_from_db()
    assert run.status == EstimateRun.Status.RUNNING


def test_a_task_just_started_is_given_the_bound_and_a_worker_without_heartbeat_is_dead(round_):
    young = running_task(
        estimate_round_task, [round_.pk, 1, 0, None], worker="plain", started_at=NOW
    )
    old = running_task(estimate_round_task, [round_.pk, 2, 0, None], worker="plain")
    assert lost_tasks(NOW) == [old]
    assert young not in fail_lost_tasks(NOW)


@pytest.mark.parametrize(
    ("task", "status"),
    [(jobs.validate_task, Upload.Status.VALIDATING), (jobs.commit_task, Upload.Status.COMMITTING)],
)
def test_an_upload_left_busy_by_a_dead_worker_fails_with_a_dutch_message(
    client, round_, task, status
):
    board = Board.objects.order_by("pk").first()
    user = UserFactory()
    RoleFactory(user=user, kind=Role.Kind.BOARD, board=board)
    upload = Upload.objects.create(
        round=round_,
        board=board,
        user=user,
        channel=Registration.Channel.UPLOAD,
        file_name="opgave.xlsx",
        content=b"x",
        status=status,
    )
    heartbeat("worker-1", seen_at=LONG_AGO)
    running_task(task, [str(upload.pk)] + ([False] if task is jobs.commit_task else []))
    assert len(fail_lost_tasks(NOW)) == 1
    upload.refresh_from_db()
    assert upload.status == Upload.Status.FAILED
    assert upload.result["reason"] == "worker lost"
    sign_in(client, user)
    html = client.get(f"/uitvraag/uploads/{upload.pk}/").content.decode()
    assert "De achtergrondverwerking stopte terwijl uw bestand werd gecontroleerd" in html
    assert "Upload het bestand opnieuw" in html


def test_a_worker_beats_at_start_and_leaves_no_heartbeat_when_stopped():
    beating = Heartbeat("worker-7", ["default", "mail"], seconds=3600)
    beating.start()
    first = WorkerHeartbeat.objects.get(worker_id="worker-7")
    assert (first.queues, first.started_at) == ("default,mail", beating.started_at)
    beat("worker-7", ["default", "mail"], beating.started_at)
    assert WorkerHeartbeat.objects.get(worker_id="worker-7").seen_at > first.seen_at
    beating.stop()
    assert not WorkerHeartbeat.objects.filter(worker_id="worker-7").exists()
