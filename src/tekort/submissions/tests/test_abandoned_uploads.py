"""An upload left busy by a web worker that died (the API checks and imports inside its request)
is failed visibly by the scheduler; one that a task will still pick up, or a request still within
gunicorn's timeout, is left alone."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from tekort.accounts.models import Role
from tekort.accounts.testing import sign_in
from tekort.accounts.tests.factories import RoleFactory, UserFactory
from tekort.background import schedule
from tekort.registry.models import Board
from tekort.submissions.models import Registration, Upload
from tekort.submissions.tests.factories import RoundFactory
from tekort.submissions.upload import jobs
from tekort.submissions.upload.recovery import abandoned_uploads, fail_abandoned_uploads

pytestmark = pytest.mark.django_db
NOW = timezone.now()
BOUND = timedelta(seconds=60 + 60)  # TEKORT_WEB_TIMEOUT + TEKORT_WORKER_LOST_SECONDS (defaults)


@pytest.fixture
def board_user():
    board = Board.objects.order_by("pk").first()
    user = UserFactory()
    RoleFactory(user=user, kind=Role.Kind.BOARD, board=board)
    return user


def upload(user, status, age, channel=Registration.Channel.API):
    board = user.roles.get().board
    return Upload.objects.create(
        round=RoundFactory(),
        board=board,
        user=user,
        channel=channel,
        file_name="hr.csv",
        content=b"x",
        status=status,
        created_at=NOW - age,
    )


def task_for(up, status, task=jobs.commit_task):
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [str(up.pk), False], "kwargs": {}},
        task_path=task.module_path,
        worker_ids=["worker-1"] if status == TaskResultStatus.RUNNING else [],
        queue_name="default",
        backend_name="default",
        run_after=get_date_max(),
        started_at=NOW if status == TaskResultStatus.RUNNING else None,
    )


def test_an_upload_left_committing_by_a_dead_request_fails_with_a_dutch_message(client, board_user):
    left = upload(board_user, Upload.Status.COMMITTING, BOUND + timedelta(seconds=1))
    assert [u.pk for u in fail_abandoned_uploads(NOW)] == [left.pk]
    left.refresh_from_db()
    assert (left.status, left.result["reason"], left.finished_at) == ("failed", "interrupted", NOW)
    assert fail_abandoned_uploads(NOW) == []  # once
    sign_in(client, board_user)
    html = client.get(f"/uitvraag/uploads/{left.pk}/").content.decode()
    assert "De verwerking van het bestand is afgebroken" in html
    assert "Er is niets uit dit bestand ingelezen." in html
    assert "Upload het bestand opnieuw" in html


def test_uploads_a_request_or_a_task_may_still_finish_are_left_alone(board_user):
    recent = upload(board_user, Upload.Status.VALIDATING, BOUND - timedelta(seconds=5))
    queued = upload(board_user, Upload.Status.COMMITTING, timedelta(hours=5))
    task_for(queued, TaskResultStatus.READY)
    running = upload(board_user, Upload.Status.VALIDATING, timedelta(hours=5), "upload")
    task_for(running, TaskResultStatus.RUNNING, jobs.validate_task)
    done = upload(board_user, Upload.Status.DONE, timedelta(hours=5))
    received = upload(board_user, Upload.Status.RECEIVED, timedelta(hours=5), "upload")
    task_for(received, TaskResultStatus.SUCCESSFUL, jobs.validate_task)  # finished: no excuse
    assert [u.pk for u in abandoned_uploads(NOW)] == [received.pk]
    for kept in (recent, queued, running, done):
        before = kept.status
        kept.refresh_from_db()
        assert kept.status == before


def test_the_scheduler_runs_it_with_the_lost_tasks(board_user):
    left = upload(board_user, Upload.Status.VALIDATING, timedelta(hours=1))
    assert schedule.tick(NOW)["fail_abandoned_uploads"] == "1 abandoned uploads failed"
    left.refresh_from_db()
    assert left.status == Upload.Status.FAILED


def test_an_import_that_committed_before_its_process_died_ends_done_not_failed(client):
    from tekort.registry.models import Location

    location = Location.objects.filter(sector="bao").order_by("code").first()
    user = UserFactory()
    RoleFactory(user=user, kind=Role.Kind.BOARD, board=location.board)
    content = (
        "vestiging;formatie;langdurig_verlof;regulier_openstaand;regulier_verborgen;"
        f"vervanging_openstaand;vervanging_verborgen;regulier_ONBEVOEGD\n{location.code};12,5;0;"
        "1,0;0,4;0;0;0,4\n"
    ).encode()
    imported = Upload.objects.create(
        round=RoundFactory(),
        board=location.board,
        user=user,
        channel=Registration.Channel.API,
        file_name="hr.csv",
        content=content,
    )
    assert jobs.validate(imported).status == Upload.Status.PREVIEW, imported.errors
    assert jobs.commit(imported, overwrite_conflicts=False).status == Upload.Status.DONE
    # as if the process died after the import's transaction, before the upload's status
    Upload.objects.filter(pk=imported.pk).update(
        status=Upload.Status.COMMITTING, created_at=NOW - BOUND - timedelta(seconds=1)
    )
    assert [u.pk for u in fail_abandoned_uploads(NOW)] == [imported.pk]
    imported.refresh_from_db()
    assert imported.status == Upload.Status.DONE
    assert {k: imported.result[k] for k in ("created", "updated", "conflicts_skipped")} == {
        "created": 1,
        "updated": 0,
        "conflicts_skipped": 0,
    }
    assert imported.result["recovered"] == "interrupted"
    sign_in(client, user)
    html = client.get(f"/uitvraag/uploads/{imported.pk}/").content.decode()
    assert "Er is niets uit dit bestand ingelezen." not in html
    assert "Geïmporteerd" in html
    assert "1 nieuwe en 0 gewijzigde registraties opgeslagen; 0 " in html
