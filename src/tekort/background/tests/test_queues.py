"""Separate queues: a mail worker sends a password-reset mail while an estimate waits."""

import pytest
from django.core import mail
from django.test import override_settings
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tekort.accounts.tasks import send_mail_task
from tekort.estimates.tasks import estimate_round_task
from tekort.submissions.tests.factories import RoundFactory
from tekort.submissions.upload import jobs

pytestmark = pytest.mark.django_db
DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail"]}
}


def test_mail_has_its_own_queue_and_the_rest_the_default_one():
    assert send_mail_task.queue_name == "mail"
    assert {estimate_round_task.queue_name, jobs.validate_task.queue_name} == {"default"}


@override_settings(TASKS=DATABASE_TASKS)
def test_a_mail_worker_sends_the_mail_queued_behind_an_estimate(make_worker):
    estimate = estimate_round_task.enqueue(RoundFactory().pk, 1, 0, None)
    reset = send_mail_task.enqueue("Wachtwoord", "Link", "noreply@tekort.example", ["a@b.nl"])
    worker = make_worker("mail")
    worker.run()
    assert DBTaskResult.objects.get(pk=reset.id).status == TaskResultStatus.SUCCESSFUL
    assert [m.subject for m in mail.outbox] == ["Wachtwoord"]
    assert DBTaskResult.objects.get(pk=estimate.id).status == TaskResultStatus.READY
