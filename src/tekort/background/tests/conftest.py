"""Fixtures of the background tests."""

import pytest
from django.db import transaction
from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Worker


@pytest.fixture
def make_worker(monkeypatch):
    """Build a batch worker for one queue that runs inside the test's transaction: its exclusive
    transaction cannot nest in the test's on SQLite (atomic can), nor may it close the test's
    connection between tasks (on PostgreSQL, the test's transaction)."""
    monkeypatch.setattr(db_worker, "exclusive_transaction", lambda db: transaction.atomic(db))
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def make(queue: str, worker_class: type[Worker] = Worker) -> Worker:
        return worker_class(
            queue_names=[queue],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"{queue}-1",
        )

    return make
