"""The runs page in Chromium: the analyst follows a queued, then running estimate task without
reloading, is told when it has finished, and the page has 0 axe WCAG 2.1 A/AA violations."""

import datetime

import pytest
from playwright.sync_api import expect

from tekort.tests.e2e.test_dashboards import sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def queued(transactional_db):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    from tekort.accounts.models import Role
    from tekort.accounts.tests.factories import RoleFactory
    from tekort.estimates.tasks import estimate_round_task
    from tekort.submissions.tests.factories import RoundFactory

    round_ = RoundFactory(peildatum=datetime.date(2030, 1, 31))
    task = DBTaskResult.objects.create(
        status=TaskResultStatus.READY,
        args_kwargs={"args": [round_.pk, 1, 0, None], "kwargs": {}},
        task_path=estimate_round_task.module_path,
        queue_name="default",
        backend_name="default",
        run_after=get_date_max(),
    )
    return {"task": task, "round": round_, "analyst": RoleFactory(kind=Role.Kind.ANALYST).user}


def test_the_analyst_follows_an_estimate_task_on_the_runs_page(
    page, live_server, queued, axe_violations
):
    from django.utils import timezone
    from django_tasks.base import TaskResultStatus

    from tekort.background.models import WorkerHeartbeat
    from tekort.estimates.models import EstimateRun

    task = queued["task"]
    sign_in(page, live_server, queued["analyst"])
    page.goto(live_server.url + "/schattingen/")
    row = page.locator(f'#pending-tasks tr[data-task="{task.pk}"]')
    expect(row).to_contain_text("in de wachtrij (nummer 1)")
    expect(row).to_contain_text("Er draait geen verwerker voor deze wachtrij")
    assert axe_violations(page) == []

    now = timezone.now()  # a worker takes it and reports progress
    WorkerHeartbeat.objects.create(
        worker_id="w1", queues="default", host="h", pid=1, started_at=now, seen_at=now
    )
    type(task).objects.filter(pk=task.pk).update(
        status=TaskResultStatus.RUNNING, started_at=now, worker_ids=["w1"]
    )
    EstimateRun.objects.create(
        round=queued["round"],
        method_version="t",
        seed=1,
        n_bootstrap=0,
        task_id=str(task.pk),
        progress="412 van 6123 vestigingen geschat; regiotabellen berekenen",
    )
    expect(row).to_contain_text("412 van 6123 vestigingen geschat", timeout=10_000)
    expect(row).to_contain_text("bezig")

    type(task).objects.filter(pk=task.pk).update(status=TaskResultStatus.SUCCESSFUL)
    expect(page.locator("#pending-status")).to_have_text(
        "Een berekening is klaar of gestopt: vernieuw de pagina om haar in de lijst van "
        "berekeningen te zien.",
        timeout=10_000,
    )
    expect(page.locator("#pending-tasks tbody")).to_contain_text(
        "Er staat geen berekening in de wachtrij"
    )
