"""Bench: a password-reset request answers a known address as fast as an unknown one.

The answer time must not tell whether an address has an account (docs/accounts.md). Posts the
reset form alternately for a known and an unknown address through Django's test client, with the
production task backend (the database queue: the mail is queued, never sent in the request) and
the rate limits off, and prints the median answer time of each.

Run:  .venv/bin/python bench/password_reset_timing.py                  (SQLite, a temporary file)
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/tekort_bench_reset \
        .venv/bin/python bench/password_reset_timing.py     (the database is dropped and made)
Target: the two medians within 1 ms or 15 % of each other; the last line is the figure; exit 1
if missed.
"""

from __future__ import annotations

import logging
import secrets
import statistics
import sys
import time

from scratch_database import migrate_from_scratch, use_scratch_database

RUNS = 300
use_scratch_database()


def main() -> int:
    import django
    from django.conf import settings

    settings.DEBUG = False
    settings.TASKS = {  # production's backend: the mail is queued in the database
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail"]}
    }
    django.setup()
    logging.disable(logging.INFO)
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment

    from tekort.accounts.models import Role

    setup_test_environment()  # the locmem mail backend, as in the tests
    migrate_from_scratch()
    user = get_user_model().objects.create_user(
        "bekend@example.nl", email="bekend@example.nl", password=secrets.token_urlsafe()
    )
    Role.objects.create(user=user, kind=Role.Kind.ANALYST)

    client = Client()
    url = "/account/wachtwoord-vergeten/"
    times: dict[str, list[float]] = {"known": [], "unknown": []}
    addresses = {"known": "bekend@example.nl", "unknown": "onbekend@example.nl"}
    for run in range(RUNS + 20):
        for kind in ("known", "unknown") if run % 2 else ("unknown", "known"):
            start = time.perf_counter()
            response = client.post(url, {"email": addresses[kind]})
            elapsed = (time.perf_counter() - start) * 1000
            assert response.status_code == 302, response.status_code
            if run >= 20:  # warm-up: templates and connections
                times[kind].append(elapsed)
    known = statistics.median(times["known"])
    unknown = statistics.median(times["unknown"])
    ok = abs(known - unknown) <= max(1.0, 0.15 * max(known, unknown))
    print(f"runs={RUNS} each, database={django.db.connection.vendor}")
    print(
        f"password reset median known {known:.2f} ms unknown {unknown:.2f} ms "
        f"{'EQUAL' if ok else 'DIFFERENT'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
