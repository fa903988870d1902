"""The runs page shows the analyst each estimate task queued or running, with its progress."""

import datetime
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tekort.accounts.models import Role
from tekort.accounts.testing import sign_in
from tekort.accounts.tests.factories import RoleFactory, UserFactory
from tekort.background.models import WorkerHeartbeat
from tekort.estimates.task_queue import pending_estimate_tasks
from tekort.estimates.tasks import estimate_round_task
from tekort.estimates.tests.factories import run_of_task
from tekort.submissions.tests.factories import RoundFactory

pytestmark = pytest.mark.django_db
DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail"]}
}


@pytest.fixture
def analyst_client(client):
    user = UserFactory()
    RoleFactory(user=user, kind=Role.Kind.ANALYST)
    sign_in(client, user)
    return client


@override_settings(TASKS=DATABASE_TASKS)
def test_queued_and_running_tasks_are_listed_with_place_worker_and_progress(analyst_client):
    round_ = RoundFactory(peildatum=datetime.date(2030, 1, 31))
    first = estimate_round_task.enqueue(round_.pk, 1, 0, None)
    second = estimate_round_task.enqueue(round_.pk, 2, 0, None)
    DBTaskResult.objects.filter(pk=first.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(minutes=2),
        worker_ids=["w1"],
    )
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="w1", queues="default", host="h", pid=1, started_at=now, seen_at=now
    )
    run_of_task(round_, str(first.id), "412 van 6123 vestigingen geschat; regiotabellen berekenen")
    pending = pending_estimate_tasks()
    assert [(t.id, t.status, t.place, t.worker_alive) for t in pending] == [
        (str(first.id), "running", None, True),
        (str(second.id), "queued", 1, True),
    ]
    html = analyst_client.get("/schattingen/").content.decode()
    table = html.split('id="pending-tasks"', 1)[1].split("</table>", 1)[0]
    assert "412 van 6123 vestigingen geschat; regiotabellen berekenen" in table
    assert "in de wachtrij (nummer 1)" in table


@override_settings(TASKS=DATABASE_TASKS)
def test_a_task_without_a_worker_for_its_queue_says_so(analyst_client):
    estimate_round_task.enqueue(RoundFactory(peildatum=datetime.date(2030, 1, 31)).pk, 1, 0, None)
    html = analyst_client.get("/schattingen/").content.decode()
    assert "Er draait geen verwerker voor deze wachtrij" in html


@override_settings(TASKS=DATABASE_TASKS)
def test_the_page_follows_the_tasks_through_their_json(analyst_client):
    round_ = RoundFactory(peildatum=datetime.date(2030, 1, 31))
    queued = estimate_round_task.enqueue(round_.pk, 1, 0, None)
    html = analyst_client.get("/schattingen/").content.decode()
    assert 'data-pending-url="/schattingen/wachtrij.json"' in html
    assert 'src="/static/estimates/runs.js"' in html
    (task,) = analyst_client.get("/schattingen/wachtrij.json").json()["tasks"]
    assert task == {
        "id": str(queued.id),
        "round": str(round_),
        "status": "queued",
        "status_text": "in de wachtrij (nummer 1)",
        "since": task["since"],
        "note": "Er draait geen verwerker voor deze wachtrij: de taak wacht tot er een wordt "
        "gestart.",
        "progress": "",
        "run": None,
    }
    assert task["since"].endswith(timezone.localtime(queued.enqueued_at).strftime("%H:%M:%S"))


def test_the_task_list_is_for_analysts_only(client):
    sign_in(client, UserFactory())  # signed in, without the analyst's role
    assert client.get("/schattingen/wachtrij.json").status_code == 403
