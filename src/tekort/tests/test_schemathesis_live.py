"""schemathesis against a *running* server (issue 17, item 4), not only in-process.

gunicorn with the production configuration (``gunicorn.conf.py``, DEBUG off, 2 workers) serves a
copy of the PostgreSQL test database (the real register) on loopback, with a published demo
release (``generate_demo``, ``estimate_round --bootstrap 0``, ``publish_release``: the commands an
operator runs). schemathesis loads the OpenAPI schema over HTTP (``/api/v1/schema/``) and calls
every operation with derandomised, bounded examples (``EXAMPLES`` each; every other valid example
asks for the published release by its slug), over real sockets, with valid input and with input
the schema forbids: no answer is a 5xx and every answer to valid input conforms to the schema.
The in-process run is ``publications/tests/test_api.py``.

Marker ``topology`` (it starts gunicorn on PostgreSQL): run by ``make test-redis`` /
``make test-postgres``, deselected on SQLite. The number of cases is printed (``-s``).
"""

from __future__ import annotations

import itertools
import time

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from tekort.tests import topology
from tekort.tests.topology import Processes, free_port, get, production_env, wait_until

pytestmark = [
    pytest.mark.topology,
    # the test database must exist (it is the template); nothing of it is changed
    pytest.mark.django_db(transaction=True, available_apps=["django.contrib.sessions"]),
]
EXAMPLES = 50  # at most, per operation
TIMEOUT = 30  # seconds per request
# valid input (answers must conform to the schema) and input the schema forbids (wrong types,
# missing or extra parameters: any answer but a 5xx)
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
COMMAND_TIMEOUT = 600  # seconds per management command (the estimate of a round is the slowest)


def test_schemathesis_against_gunicorn_finds_no_server_error(django_db_blocker, tmp_path, capsys):
    started = time.monotonic()
    with (
        django_db_blocker.unblock(),
        topology.test_database_copy("schemathesis", small=True) as (params, url),
    ):
        processes = Processes(production_env(url), tmp_path / "processes.log")
        try:
            processes.manage("generate_demo", "--seed", "7", timeout=COMMAND_TIMEOUT)
            peildatum = (
                processes.manage(
                    "shell",
                    "-c",
                    "from tekort.submissions.models import Round; "
                    "print(Round.objects.order_by('-peildatum').first().peildatum.isoformat())",
                )
                .stdout.strip()
                .splitlines()[-1]
            )
            processes.manage(
                "estimate_round",
                "--peildatum",
                peildatum,
                "--bootstrap",
                "0",
                timeout=COMMAND_TIMEOUT,
            )
            processes.manage("publish_release", "--peildatum", peildatum)
            base = processes.gunicorn(free_port(), workers=2)
            wait_until(lambda: get(f"{base}/gezondheid/") == 200, 60)
            prepared = time.monotonic() - started
            cases_started = time.monotonic()
            operations, statuses, failures = run_schemathesis(base)
            cases_seconds = time.monotonic() - cases_started
        finally:
            processes.stop()
    assert not failures, "\n".join(failures)
    # hypothesis stops early where an operation has few inputs to vary (no parameters at all)
    assert 200 in statuses and len(statuses) >= 8 * operations
    with capsys.disabled():
        print(
            f"\nschemathesis against gunicorn: {operations} operations, {len(statuses)} cases "
            f"in {cases_seconds:.0f} s, "
            f"{sum(s >= 500 for s in statuses)} server errors, statuses "
            f"{dict(sorted((s, statuses.count(s)) for s in set(statuses)))}; "
            f"{prepared:.0f} s to prepare, {time.monotonic() - started:.0f} s in all"
        )


def run_schemathesis(base: str) -> tuple[int, list[int], list[str]]:
    schema = schemathesis.openapi.from_url(f"{base}/api/v1/schema/?format=json", timeout=TIMEOUT)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    releases = requests.get(f"{base}/api/v1/releases/", timeout=TIMEOUT).json()
    assert releases, "no published release to ask for"
    slug = releases[0]["slug"]
    statuses: list[int] = []
    failures: list[str] = []
    session = requests.Session()
    unbreakable = 0
    for operation, mode in itertools.product(operations, MODES):
        unbreakable += not call_examples(operation, mode, base, session, slug, statuses, failures)
    print(f"\n{unbreakable} operations without input the schema forbids")
    return len(operations), statuses, failures


def holds_nul(parameters) -> bool:
    """Whether a case's parameters (values, or lists of values) hold a NUL character."""
    for value in (parameters or {}).values():
        for item in value if isinstance(value, list | tuple) else [value]:
            if "\x00" in str(item):
                return True
    return False


def call_examples(operation, mode, base, session, slug, statuses: list, failures: list) -> bool:
    """Calls the operation with up to EXAMPLES cases; False when no case could be generated."""
    positive = mode == GenerationMode.POSITIVE

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        if positive and "slug" in (case.path_parameters or {}) and len(statuses) % 2:
            case.path_parameters["slug"] = slug  # also exercise the real release
        response = case.call(base_url=base, session=session, timeout=TIMEOUT)
        statuses.append(response.status_code)
        if response.status_code >= 500:
            failures.append(f"{case.method} {case.formatted_path} {case.query}: 5xx")
            return
        if holds_nul(case.query) or holds_nul(case.path_parameters):
            # the schema allows any string, but every address refuses a NUL: the documented 400
            if response.status_code != 400 or "NUL" not in response.json().get("detail", ""):
                failures.append(f"{case.method} {case.formatted_path}: NUL not refused")
            return
        if not positive:  # input the schema forbids: a refusal, never a server error
            return
        try:
            case.validate_response(response)
        except AssertionError as error:  # schemathesis' failure group: one line per case
            failures.append(f"{case.method} {case.formatted_path} {case.query}: {error}")

    try:
        check()
    except Unsatisfiable:
        if positive:
            raise
        return False  # schemathesis finds no input the schema forbids (no parameters to break)
    return True
