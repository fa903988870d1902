"""50 simultaneous edits of one registration through the production web processes (issue 17).

Two gunicorn processes (gunicorn.conf.py, 3 workers each) on a copy of the PostgreSQL test
database; 50 school users of one location, each signed in. Four times over, all 50 read the form
(the same version), wait for each other, and submit different figures at once: exactly one
submission wins per version, the other 49 get the Dutch conflict page (409) and nothing of theirs
is stored; the audit trail holds versions 1..4 once each, each with the winner's figures, and one
audit event per version. Marker ``topology``: run by `make test-redis` on PostgreSQL.
"""

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
import requests

from tekort.tests import deadline_day, topology

pytestmark = [
    pytest.mark.topology,
    pytest.mark.django_db(transaction=True, available_apps=["django.contrib.sessions"]),
]
EDITORS = 50
ROUNDS = 4
CONFLICT = "Iemand anders heeft deze cijfers intussen gewijzigd"


@pytest.fixture
def servers(django_db_setup, django_db_blocker, tmp_path: Path):
    with django_db_blocker.unblock(), topology.test_database_copy("edits") as (params, url):
        processes = topology.Processes(topology.production_env(url), tmp_path / "processes.log")
        try:
            topology.collect_static(processes.env)
            plan = deadline_day.plan_from(
                processes.manage(
                    "shell",
                    "-c",
                    f"from tekort.tests.deadline_day import seed_editors; seed_editors({EDITORS})",
                ).stdout  # fmt: skip
            )
            bases = [processes.gunicorn(topology.free_port(), workers=3) for _ in range(2)]
            topology.wait_until(
                lambda: all(topology.get(f"{base}/gereed/") == 200 for base in bases), 60
            )
            yield params, plan, bases
        finally:
            processes.stop()


def _editor(base: str, session: str, address: str) -> requests.Session:
    http = requests.Session()
    http.cookies.set("sessionid", session, domain="127.0.0.1")
    http.headers["X-Forwarded-For"] = address
    return http


def _form(formatie: Decimal, version: str, csrf: str) -> dict:
    return {
        "csrfmiddlewaretoken": csrf,
        "version": version,
        "action": "submit",
        "confirm_warnings": "on",
        "formatie": f"{formatie:.2f}",
        "long_leave": "0",
        "regulier_openstaand": "0,5",
        "regulier_verborgen": "0",
        "vervanging_openstaand": "0",
        "vervanging_verborgen": "0",
    }


def test_fifty_simultaneous_edits_one_wins_per_version(servers):
    params, plan, bases = servers
    path = f"/uitvraag/rondes/{plan['round']}/vestigingen/{plan['code']}/"
    editors = [
        (bases[i % 2], _editor(bases[i % 2], session, f"10.9.0.{i + 1}"))
        for i, session in enumerate(plan["sessions"])
    ]
    # the first version, by the first editor alone
    base, first = editors[0]
    page = first.get(base + path, timeout=30)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = first.post(
        base + path, _form(Decimal("20"), "0", csrf), allow_redirects=False, timeout=30
    )
    assert answer.status_code == 302, answer.text[:500]

    winners = {1: ("20.00", 0)}
    for version in range(1, ROUNDS):
        barrier = threading.Barrier(EDITORS)

        def edit(index: int, version=version, barrier=barrier):
            base, http = editors[index]
            page = http.get(base + path, timeout=60)
            read = re.search(r'name="version" value="(\d+)"', page.text).group(1)
            csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
            formatie = Decimal(30 + index) + Decimal(version) / 100
            barrier.wait(timeout=60)
            answer = http.post(
                base + path,
                _form(formatie, read, csrf),
                headers={"Referer": base + path},
                allow_redirects=False,
                timeout=60,
            )
            return index, read, f"{formatie:.2f}", answer.status_code, answer.text

        with ThreadPoolExecutor(EDITORS) as pool:
            outcomes = list(pool.map(edit, range(EDITORS)))
        assert {read for _, read, *_ in outcomes} == {str(version)}
        won = [(i, formatie) for i, _, formatie, status, _ in outcomes if status == 302]
        lost = [(status, CONFLICT in text) for *_, status, text in outcomes if status != 302]
        assert len(won) == 1, [status for *_, status, _ in outcomes]
        assert lost == [(409, True)] * (EDITORS - 1)
        winners[version + 1] = (won[0][1], won[0][0])

    with psycopg.connect(**params) as conn:
        ((registration, current),) = conn.execute(
            "select id, version from submissions_registration where round_id=%s and location_id=%s",
            [plan["round"], plan["code"]],
        ).fetchall()
        versions = conn.execute(
            "select number, new_values->>'formatie', username from "
            "submissions_registrationversion where registration_id=%s order by number, id",
            [registration],
        ).fetchall()
        events = conn.execute(
            "select action from audit_event where object_type='submissions.registration' "
            "and object_id=%s order by id",
            [str(registration)],
        ).fetchall()
    assert current == ROUNDS
    assert versions == [
        (number, formatie, f"editor-{index}") for number, (formatie, index) in winners.items()
    ]
    assert [action for (action,) in events] == ["created_record"] + ["changed_record"] * (
        ROUNDS - 1
    )
    print(
        f"\nconcurrent edits: {EDITORS} editors x {ROUNDS - 1} versions on 2 x 3 gunicorn "
        f"workers: one winner per version, {(EDITORS - 1) * (ROUNDS - 1)} conflicts (409, "
        f"Dutch message), versions {[n for n, *_ in versions]}, {len(events)} audit events"
    )
