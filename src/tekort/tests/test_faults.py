"""Faults during a deadline day (issue 17): a process or the database goes away mid-write.

On a copy of the test database (the register), with gunicorn (production configuration, one
worker), the task worker and the scheduler, a board's HR system sends its file through the
upload API (the token API checks and imports inside the request; the upload page queues the
same import as a task):

* the gunicorn worker is killed (SIGKILL) in the middle of the import's transaction;
* the task worker is killed in the middle of the import task;
* every database connection is terminated, again and again, while files are submitted: each
  time while an import waits inside its transaction.

"In the middle" is made certain: the test holds a SHARE lock on the version table, so the
import blocks after writing its registrations and before writing their versions; the process
is killed while PostgreSQL shows it waiting, and the lock is then released.

Afterwards: nothing of an interrupted import exists (rows counted), the upload is failed
visibly (by the scheduler: a lost task, or an upload left busy by a dead request), the user
got an error or a failed upload page (never a success), the retry succeeds, and the worker
either survives a dropped connection or is restarted. Marker ``topology``: `make test-redis`.
"""

import json
import os
import signal
import threading
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest

from tekort.tests import topology
from tekort.tests.topology import Processes, free_port, get, production_env
from tekort.tests.topology import wait_until as wait

pytestmark = [
    pytest.mark.topology,
    pytest.mark.django_db(transaction=True, available_apps=["django.contrib.sessions"]),
]
LOST_SECONDS = 3  # TEKORT_WORKER_LOST_SECONDS here (60 in production)
WEB_TIMEOUT = 20  # TEKORT_WEB_TIMEOUT here (60 in production); a cold first request can take 10 s
HEADER = (
    "vestiging;formatie;langdurig_verlof;regulier_openstaand;regulier_verborgen;"
    "vervanging_openstaand;vervanging_verborgen;regulier_ONBEVOEGD\n"
)
SETUP = """
import json
from django.db.models import Count
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp import DEVICE_ID_SESSION_KEY
from django.conf import settings
from tekort.accounts.models import Role
from tekort.accounts.tests.factories import RoleFactory
from tekort.registry.models import Location
from tekort.submissions import tokens
from tekort.submissions.tests.factories import RoundFactory
round_ = RoundFactory()
board_id = (Location.objects.filter(sector="bao").values("board").annotate(n=Count("code"))
    .filter(n__gte=12).order_by("board").values_list("board", flat=True).first())
codes = list(Location.objects.filter(board_id=board_id, sector="bao")
    .order_by("code").values_list("code", flat=True)[:12])
user = RoleFactory(kind=Role.Kind.BOARD, board_id=board_id, user__username="hr").user
client = Client()
client.force_login(user)
session = client.session
session[DEVICE_ID_SESSION_KEY] = StaticDevice.objects.create(user=user, name="t").persistent_id
session.save()
print(json.dumps({"round": round_.pk, "peildatum": round_.peildatum.isoformat(),
    "board": user.roles.get().board.number, "codes": codes, "token": tokens.create(user, "HR"),
    "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}"}))
"""


class Site:
    """The processes and the database of one fault test, and what a board does with them."""

    def __init__(self, params: dict, url: str, tmp_path: Path):
        self.params = params
        self.processes = Processes(
            production_env(
                url,
                TEKORT_WORKER_HEARTBEAT_SECONDS="1",
                TEKORT_WORKER_LOST_SECONDS=str(LOST_SECONDS),
                TEKORT_WEB_TIMEOUT=str(WEB_TIMEOUT),
            ),
            tmp_path / "processes.log",
        )
        self.log = tmp_path / "processes.log"
        output = self.processes.manage("shell", "-c", SETUP).stdout
        self.board = json.loads(output.strip().splitlines()[-1])
        self.web = self.processes.gunicorn(free_port(), workers=1, timeout=WEB_TIMEOUT)
        self.worker = self.processes.worker("--interval", "0.2")
        self.scheduler = self.processes.scheduler("--interval", "0.5")
        wait(lambda: get(f"{self.web}/gezondheid/") == 200, 60)

    def sql(self, query: str, args=()) -> list[tuple]:
        with psycopg.connect(**self.params, autocommit=True) as conn:
            return conn.execute(query, args).fetchall()

    def file(self, codes: list[str], formatie: str = "12,5") -> bytes:
        rows = "".join(f"{code};{formatie};0;1,0;0,4;0;0;0,4\n" for code in codes)
        return (HEADER + rows).encode()

    def post(self, content: bytes, confirm: bool) -> tuple[int, dict | str]:
        """POST the file to the upload API: (status, JSON answer), or (0, the error) when the
        connection broke without an answer."""
        boundary = "faultboundary"
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="hr.csv"\r\n'
                f"Content-Type: text/csv\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        query = f"peildatum={self.board['peildatum']}"
        if confirm:
            query += "&confirm=true&confirm_warnings=true"
        request = urllib.request.Request(  # noqa: S310 (loopback)
            f"{self.web}/uitvraag/api/boards/{self.board['board']}/upload?{query}",
            data=body,
            headers={
                "Authorization": f"Token {self.board['token']}",
                "Content-Type": f"multipart/form-data; boundary={boundary}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
                return answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as error:
            text = error.read().decode(errors="replace")
            try:
                return error.code, json.loads(text)
            except ValueError:
                return error.code, text
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            return 0, f"{type(error).__name__}: {error}"

    def page(self, upload_id: str) -> str:
        request = urllib.request.Request(  # noqa: S310 (loopback)
            f"{self.web}/uitvraag/uploads/{upload_id}/", headers={"Cookie": self.board["cookie"]}
        )
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
            return answer.read().decode()

    def written(self) -> dict[str, int]:
        """What the imports of this round wrote: registrations, their versions, audit events."""
        ((registrations, versions),) = self.sql(
            "select count(distinct r.id), count(v.id) from submissions_registration r "
            "left join submissions_registrationversion v on v.registration_id = r.id "
            "where r.round_id = %s",
            [self.board["round"]],
        )
        (events,) = self.sql(
            "select count(*) from audit_event where object_id in "
            "(select id::text from submissions_upload where round_id = %s)",
            [self.board["round"]],
        )[0]
        return {"registrations": registrations, "versions": versions, "audit": events}

    def upload(self, upload_id: str) -> tuple[str, dict]:
        status, result = self.sql(
            "select status, result from submissions_upload where id = %s", [upload_id]
        )[0]
        return status, json.loads(result) if isinstance(result, str) else result

    def uploads(self) -> list[tuple[str, str]]:
        return self.sql(
            "select id::text, status from submissions_upload where round_id = %s order by "
            "created_at",
            [self.board["round"]],
        )

    def blocked(self):
        """Hold the version table: an import waits inside its transaction, rows written."""
        conn = psycopg.connect(**self.params)
        conn.execute("LOCK TABLE submissions_registrationversion IN SHARE MODE")
        return conn

    def waiting(self) -> int:
        """backends of this database waiting for a lock"""
        return self.sql(
            "select count(*) from pg_stat_activity where datname = %s and wait_event_type = 'Lock'",
            [self.params["dbname"]],
        )[0][0]


@pytest.fixture
def site(django_db_setup, django_db_blocker, tmp_path):
    with django_db_blocker.unblock(), topology.test_database_copy("faults") as (params, url):
        site = Site(params, url, tmp_path)
        try:
            yield site
        finally:
            site.processes.stop()


def web_worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    assert len(children) == 1, children
    return int(children[0])


def test_web_worker_killed_in_the_middle_of_an_api_import(site):
    codes = site.board["codes"][:6]
    master = next(p for p in site.processes.started if "gunicorn" in " ".join(p.args)).pid
    killed_pid = web_worker_pid(master)
    lock = site.blocked()
    answers = []
    client = threading.Thread(target=lambda: answers.append(site.post(site.file(codes), True)))
    client.start()
    wait(site.waiting, 30)  # the import has written its registrations and waits
    ((upload_id, status),) = site.uploads()
    assert status == "committing"
    os.kill(killed_pid, signal.SIGKILL)  # the only web worker: the one handling the request
    client.join(30)
    lock.rollback()
    lock.close()
    wait(lambda: not site.waiting(), 30)
    (answer,) = answers
    assert answer[0] == 0, answer  # no answer: the connection broke, no false success
    assert site.written() == {"registrations": 0, "versions": 0, "audit": 0}

    # the upload was left "committing" by the dead request: the scheduler fails it
    wait(lambda: site.upload(upload_id)[0] == "failed", WEB_TIMEOUT + LOST_SECONDS + 15)
    assert site.upload(upload_id)[1]["reason"] == "interrupted"
    page = site.page(upload_id)
    assert "De verwerking van het bestand is afgebroken" in page
    assert "Er is niets uit dit bestand ingelezen." in page

    # gunicorn started a new worker; the board sends the file again
    wait(lambda: web_worker_pid(master) != killed_pid, 30)
    status, body = site.post(site.file(codes), True)
    assert (status, body["status"], body["result"]["created"]) == (200, "done", 6), body
    assert site.written() == {"registrations": 6, "versions": 6, "audit": 1}
    print(f"\nweb worker killed mid-import: client got {answer[1]!r}; upload failed "
          f"'interrupted' by the scheduler; retry {status} {body['status']}")  # fmt: skip


def test_task_worker_killed_in_the_middle_of_an_import(site):
    codes = site.board["codes"][6:12]
    status, body = site.post(site.file(codes), confirm=False)
    assert (status, body["status"]) == (200, "preview"), body
    upload_id = body["upload"]
    lock = site.blocked()
    enqueue = (
        "from tekort.submissions.upload.jobs import commit_task; "
        f"commit_task.enqueue('{upload_id}', False)"
    )
    site.processes.manage("shell", "-c", enqueue)  # as the upload page's confirmation does
    wait(site.waiting, 30)
    assert site.upload(upload_id)[0] == "committing"
    site.worker.send_signal(signal.SIGKILL)
    site.worker.wait(10)
    lock.rollback()
    lock.close()
    wait(lambda: not site.waiting(), 30)
    assert site.written() == {"registrations": 0, "versions": 0, "audit": 0}

    wait(lambda: site.upload(upload_id)[0] == "failed", 2 * LOST_SECONDS + 15)
    assert site.upload(upload_id)[1]["reason"] == "worker lost"
    ((task_status, exception),) = site.sql(
        "select status, exception_class_path from django_tasks_database_dbtaskresult "
        "where args_kwargs->'args'->>0 = %s",
        [upload_id],
    )
    assert (task_status, exception) == ("FAILED", "tekort.background.lost_tasks.WorkerLost")
    page = site.page(upload_id)
    assert "De achtergrondverwerking stopte terwijl uw bestand werd gecontroleerd" in page
    assert site.written() == {"registrations": 0, "versions": 0, "audit": 0}

    # the supervisor starts the worker again; the board uploads the file again and confirms
    site.worker = site.processes.worker("--interval", "0.2")
    status, body = site.post(site.file(codes), confirm=False)
    retry = body["upload"]
    site.processes.manage("shell", "-c", enqueue.replace(upload_id, retry))
    wait(lambda: site.upload(retry)[0] == "done", 30)
    assert site.written() == {"registrations": 6, "versions": 6, "audit": 1}
    print("\ntask worker killed mid-import: upload failed 'worker lost' by the scheduler, "
          "task FAILED WorkerLost; retry done")  # fmt: skip


def test_database_connections_terminated_during_submissions(site):
    codes = site.board["codes"]
    answers: dict[str, tuple] = {}
    terminated = []

    def submit(code):
        answers[code] = site.post(site.file([code], formatie="20"), confirm=True)

    def cut_mid_write(code):
        """Submit while the version table is held; when the import waits inside its
        transaction, terminate every other connection of the database (web, task worker,
        scheduler), then let go of the table."""
        lock = site.blocked()
        client = threading.Thread(target=submit, args=(code,))
        client.start()
        wait(site.waiting, 30)
        terminated.append(
            site.sql(
                "select count(pg_terminate_backend(pid)) from pg_stat_activity where "
                "datname = %s and pid <> pg_backend_pid() and pid <> %s",
                [site.params["dbname"], lock.info.backend_pid],
            )[0][0]
        )
        client.join(60)
        lock.rollback()
        lock.close()

    # one web worker: the submissions are sequential; every third is cut in the middle of its
    # import, and the next one meets a web worker whose connection was terminated
    for number, code in enumerate(codes):
        (cut_mid_write if number % 3 == 0 else submit)(code)

    by_status = {}
    for code, (status, body) in answers.items():
        by_status.setdefault(status, []).append(code)
        stored = site.sql(
            "select count(*) from submissions_registration where round_id = %s and "
            "location_id = %s",
            [site.board["round"], code],
        )[0][0]
        if status == 200:
            assert body["status"] == "done" and stored == 1, (code, body)
        else:
            assert status in (0, 500, 503), (code, status, body)
    failed = [code for code, (status, _) in answers.items() if status != 200]
    assert all(terminated), terminated  # each cut found the import's backend to terminate
    assert set(codes[::3]) <= set(failed), answers  # a cut import never reports success

    # nothing unmarked: every upload ends done, or failed by the scheduler with nothing written
    def settled():
        """every upload of the round is done or failed"""
        return all(status in ("done", "failed", "rejected") for _, status in site.uploads())

    assert site.scheduler.poll() is None, "the scheduler died when its connection was dropped"
    wait(settled, WEB_TIMEOUT + LOST_SECONDS + 20)
    for upload_id, status in site.uploads():
        versions = site.sql(
            "select count(*) from submissions_registrationversion where upload_id = %s",
            [upload_id],
        )[0][0]
        assert versions == (1 if status == "done" else 0), (upload_id, status, versions)

    # the task worker: alive after its connection was dropped, or dead (then say so)
    worker_alive = site.worker.poll() is None
    if not worker_alive:
        site.worker = site.processes.worker("--interval", "0.2")

    # the retry of every failed submission succeeds
    for code in failed:
        status, body = site.post(site.file([code], formatie="20"), confirm=True)
        assert (status, body["status"]) == (200, "done"), (code, status, body)
    written = site.written()
    assert written["registrations"] == written["versions"] == len(codes)
    print(
        f"\nconnections terminated {sum(terminated)} times during {len(codes)} submissions: "
        f"{ {s: len(c) for s, c in by_status.items()} } (0 = connection broke); "
        f"{len(failed)} retried, all done; task worker survived: {worker_alive}"
    )
    assert worker_alive, "the task worker died when its database connection was terminated"
