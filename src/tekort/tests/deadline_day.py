"""A deadline day on loopback (issue 17): signed-in users submit while anonymous readers read, then
every acknowledged submission is looked up in the database.

Three parts, used by ``bench/deadline.py`` (the full run) and ``test_deadline_load.py`` (CI):

* ``seed`` runs inside a Django process on the target database (``manage.py shell``): an open
  round, a school user per location and a board user per board (with a second-factor-verified
  session, and an API token for the API boards). It prints the plan as JSON.
* ``run`` (no Django): threads with one ``requests.Session`` each. Submitters: the location form
  (GET, then POST with the version read), the board upload through the web (file, wait for the
  worker's preview, confirm, wait for the import) alternating CSV and XLSX, and the token API
  (``?confirm=true``). Readers: dashboard, table tool, map and the table downloads. Every
  request is timed per kind; each submission the server acknowledged is recorded.
* ``check`` (psycopg, no Django): each acknowledged form submission is exactly one version
  (number and formatie as acknowledged) with one audit event per version of the registration;
  each acknowledged upload is ``done`` with exactly one version per row of its file, carrying
  the file's formatie, and its audit event; every registration's versions are 1..n, once each.

Every client sends its own address in X-Forwarded-For (the servers run with
TEKORT_PROXY_COUNT=1, as behind a proxy), so the per-address rate limits see many readers, as
they would on the day.
"""

from __future__ import annotations

import io
import json
import random
import re
import statistics
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

READER_PAGES = {
    "dashboard": "/cijfers/",
    "table tool": "/tabellen/",
    "map": "/kaart/",
    "download": "/tabellen.csv",
    "school search": "/scholen/?q=amsterdam",
}
FTE_HEADERS = (
    "formatie",
    "langdurig_verlof",
    "regulier_openstaand",
    "regulier_verborgen",
    "vervanging_openstaand",
    "vervanging_verborgen",
)
SECTORS = ["bao", "sbo", "so", "vso", "sovso", "vo"]
REQUEST_TIMEOUT = 90  # seconds; longer than gunicorn's worker timeout
BUSY = {"received", "validating", "committing"}


# ---------------------------------------------------------------- seed (in a Django process)


def open_round():
    """The load's round (peildatum 1 February 2031), open today; made when missing."""
    from django.utils import timezone

    from tekort.submissions import rounds
    from tekort.submissions.models import Round

    today = timezone.localdate()
    return Round.objects.filter(peildatum__year=2031).first() or rounds.create_round(
        peildatum=today.replace(year=2031, month=2, day=1),
        opens_on=today - timedelta(days=3),
        closes_on=today + timedelta(days=30),
        sectors=SECTORS,
    )


def user_with_session(username: str, role: dict) -> tuple[object, str]:
    """A user with one role and a signed-in session verified with a second factor (as after
    signing in with a TOTP token); returns the user and the session key."""
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY

    from tekort.accounts.models import Role
    from tekort.accounts.testing import totp_device

    user, _ = get_user_model().objects.get_or_create(username=username)
    user.set_unusable_password()
    user.save()
    Role.objects.get_or_create(user=user, **role)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
    session.create()
    return user, session.session_key


def seed(form_users: int, web_boards: int, api_boards: int) -> dict:
    """An open round and the users of the load; returns the plan (sessions, tokens, codes)."""
    from django.db.models import Count

    from tekort.registry.models import Location
    from tekort.submissions import tokens
    from tekort.submissions.upload import template

    round_ = open_round()
    sectors = SECTORS
    boards = list(
        Location.objects.filter(sector__in=sectors)
        .values("board")
        .annotate(n=Count("code"))
        .filter(n__gte=2, n__lte=5)
        .order_by("board")
        .values_list("board", flat=True)[: web_boards + api_boards]
    )
    if len(boards) < web_boards + api_boards:
        raise RuntimeError(f"only {len(boards)} boards with 2 to 5 locations")
    plan = {"round": round_.pk, "form": [], "web": [], "api": []}
    for index, board_id in enumerate(boards):
        kind = "web" if index < web_boards else "api"
        user, session = user_with_session(
            f"bench-board-{index}", {"kind": "board", "board_id": board_id}
        )
        locations = template.locations_for(round_, user.roles.get().board)
        entry = {"board": locations[0].board_id, "codes": [loc.code for loc in locations]}
        if kind == "web":
            entry["session"] = session
        else:
            entry["token"] = tokens.create(user, "bench")
        plan[kind].append(entry)
    codes = (
        Location.objects.filter(sector__in=sectors)
        .exclude(board_id__in=boards)
        .order_by("code")
        .values_list("code", flat=True)[:form_users]
    )
    for index, code in enumerate(codes):
        _, session = user_with_session(
            f"bench-school-{index}", {"kind": "school", "location_id": code}
        )
        plan["form"].append({"code": code, "session": session})
    return plan


def seed_main(form_users: int, web_boards: int, api_boards: int) -> None:
    """For ``manage.py shell -c``: the plan as one JSON line on standard output."""
    print("PLAN " + json.dumps(seed(form_users, web_boards, api_boards)))


def seed_editors(editors: int) -> None:
    """One location of the open round and ``editors`` school users of it, each signed in."""
    from tekort.registry.models import Location

    round_ = open_round()
    code = Location.objects.filter(sector="bao").order_by("code").values_list("code", flat=True)[0]
    sessions = [
        user_with_session(f"editor-{index}", {"kind": "school", "location_id": code})[1]
        for index in range(editors)
    ]
    print("PLAN " + json.dumps({"round": round_.pk, "code": code, "sessions": sessions}))


def plan_from(output: str) -> dict:
    line = next(line for line in output.splitlines() if line.startswith("PLAN "))
    return json.loads(line.removeprefix("PLAN "))


# ---------------------------------------------------------------- run (threads, no Django)


@dataclass
class Record:
    """What the clients saw: timings per kind, statuses, acknowledgements."""

    timings: dict = field(default_factory=lambda: defaultdict(list))
    statuses: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    form_acks: list = field(default_factory=list)  # (code, version, formatie)
    upload_acks: list = field(default_factory=list)  # (upload id, {code: formatie}, kind)
    refused: list = field(default_factory=list)  # (kind, status, text): unexpected refusals
    pending: int = 0  # uploads not finished within the grace period (not acknowledged)
    failures: list = field(default_factory=list)  # (kind, error) of requests without an answer
    elapsed: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, status: int) -> None:
        with self.lock:
            self.timings[kind].append(seconds)
            self.statuses[kind][status] += 1

    def server_errors(self) -> int:
        return sum(n for s in self.statuses.values() for code, n in s.items() if code >= 500)


class Client:
    """One user: a requests.Session with its own address, timing every request."""

    def __init__(self, base: str, record: Record, address: str, session_key: str = ""):
        import requests

        self.base, self.record = base, record
        self.http = requests.Session()
        self.http.headers["X-Forwarded-For"] = address
        if session_key:
            self.http.cookies.set("sessionid", session_key, domain="127.0.0.1")

    def request(self, kind: str, method: str, path: str, **kwargs):
        started = time.monotonic()
        try:
            answer = self.http.request(
                method, self.base + path, timeout=REQUEST_TIMEOUT, allow_redirects=False, **kwargs
            )
        except Exception as exc:  # no answer: counted, never an acknowledgement
            with self.record.lock:
                self.record.failures.append((kind, type(exc).__name__))
            return None
        self.record.add(kind, time.monotonic() - started, answer.status_code)
        return answer

    def csrf(self, html: str) -> str:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        return found.group(1) if found else ""


def _address(index: int) -> str:
    return f"10.{index // 65536 % 256}.{index // 256 % 256}.{index % 256 + 1}"


def _formatie(user: int, iteration: int) -> Decimal:
    """A formatie that differs per iteration, so every submission is a new version."""
    return Decimal(20 + user % 50) + Decimal(iteration) / 4


def _values(formatie: Decimal) -> dict:
    return {
        "formatie": f"{formatie:.2f}",
        "langdurig_verlof": "1.00",
        "regulier_openstaand": "0.50",
        "regulier_verborgen": "0.00",
        "vervanging_openstaand": "0.20",
        "vervanging_verborgen": "0.00",
    }


FORM_NAMES = dict(zip(FTE_HEADERS, ("formatie", "long_leave", "regulier_openstaand",
                                     "regulier_verborgen", "vervanging_openstaand",
                                     "vervanging_verborgen"), strict=True))  # fmt: skip


def form_user(client: Client, round_id: int, code: str, index: int, until: float, think: float):
    path = f"/uitvraag/rondes/{round_id}/vestigingen/{code}/"
    iteration = 0
    while time.monotonic() < until:
        page = client.request("form GET", "GET", path)
        version = page is not None and re.search(r'name="version" value="(\d+)"', page.text)
        if not version:
            _refused(client.record, "form GET", page)
            time.sleep(think)
            continue
        formatie = _formatie(index, iteration)
        data = {FORM_NAMES[k]: v for k, v in _values(formatie).items()}
        data.update(
            csrfmiddlewaretoken=client.csrf(page.text),
            version=version.group(1),
            action="submit",
            confirm_warnings="on",
            pupils="",
            remark="",
            other_measure="",
        )
        answer = client.request(
            "form POST", "POST", path, data=data, headers={"Referer": client.base + path}
        )
        if (
            answer is not None
            and answer.status_code == 302
            and "ontvangstbewijs" in answer.headers.get("Location", "")
        ):
            with client.record.lock:
                client.record.form_acks.append((code, int(version.group(1)) + 1, str(formatie)))
        else:
            _refused(client.record, "form POST", answer)
        iteration += 1
        time.sleep(random.uniform(0.5, 1.5) * think)


def _refused(record: Record, kind: str, answer) -> None:
    if answer is None:
        return
    with record.lock:
        record.refused.append((kind, answer.status_code, answer.text[:300]))


def board_file(codes: list[str], index: int, iteration: int, xlsx: bool) -> tuple[str, bytes]:
    rows = [
        [code, *_values(_formatie(index, iteration) + i).values()] for i, code in enumerate(codes)
    ]
    if xlsx:
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Registratie"
        sheet.append(["vestiging", *FTE_HEADERS])
        for row in rows:
            sheet.append([row[0], *(float(v) for v in row[1:])])
        out = io.BytesIO()
        workbook.save(out)
        return "bestuur.xlsx", out.getvalue()
    lines = [";".join(["vestiging", *FTE_HEADERS])]
    lines += [";".join([row[0], *(v.replace(".", ",") for v in row[1:])]) for row in rows]
    return "bestuur.csv", ("\n".join(lines) + "\n").encode()


def expected(codes: list[str], index: int, iteration: int) -> dict:
    return {code: f"{_formatie(index, iteration) + i:.2f}" for i, code in enumerate(codes)}


def web_board(
    client: Client, round_id: int, entry: dict, index: int, until: float, think: float, grace: float
):
    page_path = f"/uitvraag/rondes/{round_id}/besturen/{entry['board']}/"
    iteration = 0
    while time.monotonic() < until:
        page = client.request("board page GET", "GET", page_path)
        if page is None or page.status_code != 200:
            _refused(client.record, "board page GET", page)
            time.sleep(think)
            continue
        name, content = board_file(entry["codes"], index, iteration, xlsx=iteration % 2 == 0)
        started = time.monotonic()
        answer = client.request(
            "web upload POST", "POST", page_path,
            data={"csrfmiddlewaretoken": client.csrf(page.text)},
            files={"file": (name, content)},
            headers={"Referer": client.base + page_path},
        )  # fmt: skip
        location = answer.headers.get("Location", "") if answer is not None else ""
        if answer is None or answer.status_code != 302 or "/uploads/" not in location:
            _refused(client.record, "web upload POST", answer)
            iteration += 1
            continue
        upload_path = location.removeprefix(client.base)
        status = _wait(client, upload_path, until + grace, think)
        if status == "preview":
            detail = client.request("upload page GET", "GET", upload_path)
            client.request(
                "web confirm POST", "POST", upload_path + "bevestigen/",
                data={"csrfmiddlewaretoken": client.csrf(detail.text if detail is not None else ""),
                      "confirm_warnings": "on"},
                headers={"Referer": client.base + upload_path},
            )  # fmt: skip
            status = _wait(client, upload_path, until + grace, think)
        if status == "done":
            client.record.add("web upload, file to imported", time.monotonic() - started, 200)
            upload_id = upload_path.rstrip("/").rsplit("/", 1)[-1]
            with client.record.lock:
                client.record.upload_acks.append(
                    (upload_id, expected(entry["codes"], index, iteration), "web")
                )
        elif status in BUSY or status is None:
            with client.record.lock:
                client.record.pending += 1
        else:
            with client.record.lock:
                client.record.refused.append(("web upload", status, upload_path))
        iteration += 1
        time.sleep(random.uniform(0.5, 1.5) * think)


def _wait(client: Client, upload_path: str, deadline: float, think: float) -> str | None:
    """Poll the upload's progress (as the page does) until it is no longer busy."""
    while time.monotonic() < deadline:
        answer = client.request("upload progress GET", "GET", upload_path + "voortgang.json")
        if answer is not None and answer.status_code == 200:
            status = answer.json()["status"]
            if status not in BUSY:
                return status
        time.sleep(max(think, 0.5))
    return None


def api_board(client: Client, entry: dict, index: int, until: float, think: float):
    path = f"/uitvraag/api/boards/{entry['board']}/upload?confirm=true&confirm_warnings=true"
    iteration = 0
    while time.monotonic() < until:
        name, content = board_file(entry["codes"], index, iteration, xlsx=iteration % 2 == 1)
        answer = client.request(
            "API upload POST", "POST", path, files={"file": (name, content)},
            headers={"Authorization": f"Token {entry['token']}"},
        )  # fmt: skip
        body = (
            answer.json()
            if answer is not None
            and answer.headers.get("Content-Type", "").startswith("application/json")
            else {}
        )
        if answer is not None and answer.status_code == 200 and body.get("status") == "done":
            with client.record.lock:
                client.record.upload_acks.append(
                    (body["upload"], expected(entry["codes"], index, iteration), "api")
                )
        else:
            _refused(client.record, "API upload POST", answer)
        iteration += 1
        time.sleep(random.uniform(0.5, 1.5) * think)


def reader(client: Client, until: float, think: float):
    kinds = list(READER_PAGES)
    while time.monotonic() < until:
        kind = random.choice(kinds)
        client.request(kind, "GET", READER_PAGES[kind])
        time.sleep(random.uniform(0.5, 1.5) * think)


def run(
    base: str, plan: dict, readers: int, seconds: float, think: float = 1.0, grace: float = 120
) -> Record:
    """Every user of the plan and ``readers`` readers for ``seconds``; in-flight web uploads get
    ``grace`` seconds more to finish. Returns what the clients saw."""
    record = Record()
    until = time.monotonic() + seconds
    threads = []
    counter = iter(range(1_000_000))

    def spawn(target, *args, session: str = ""):
        client = Client(base, record, _address(next(counter)), session)
        threads.append(threading.Thread(target=target, args=(client, *args), daemon=True))

    for index, entry in enumerate(plan["form"]):
        spawn(
            form_user, plan["round"], entry["code"], index, until, think, session=entry["session"]
        )
    for index, entry in enumerate(plan["web"]):
        spawn(web_board, plan["round"], entry, index, until, think, grace, session=entry["session"])
    for index, entry in enumerate(plan["api"]):
        spawn(api_board, entry, index + len(plan["web"]), until, think)
    for _ in range(readers):
        spawn(reader, until, think)
    random.shuffle(threads)
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1.0, until + grace + REQUEST_TIMEOUT - time.monotonic()))
    record.elapsed = time.monotonic() - started
    return record


# ---------------------------------------------------------------- check (psycopg, no Django)


@dataclass
class Found:
    acknowledged: int = 0  # form submissions + upload rows the server acknowledged
    found: int = 0  # of those, found exactly once with their version and audit record
    lost: list = field(default_factory=list)
    duplicated: list = field(default_factory=list)
    unacknowledged_writes: int = 0  # written although the client got no acknowledgement


def check(conn, plan: dict, record: Record) -> Found:
    """Look up every acknowledged submission of ``record`` through ``conn`` (a psycopg
    connection to the database the servers wrote to)."""
    result = Found()
    codes = [e["code"] for e in plan["form"]]
    codes += [c for e in plan["web"] + plan["api"] for c in e["codes"]]
    rows = conn.execute(
        "select r.id, r.location_id, r.version, v.number, v.new_values->>'formatie', "
        "v.upload_id::text from submissions_registration r "
        "join submissions_registrationversion v on v.registration_id = r.id "
        "where r.round_id = %s and r.location_id = any(%s)",
        [plan["round"], codes],
    ).fetchall()
    events = conn.execute(
        "select object_type, object_id, count(*) from audit_event "
        "where object_type in ('submissions.registration', 'submissions.upload') "
        "and action in ('created_record', 'changed_record') group by 1, 2"
    ).fetchall()
    audit = {(t, i): n for t, i, n in events}
    versions = defaultdict(list)  # code -> [(number, formatie, upload)]
    current = {}
    registration_of = {}
    for reg_id, code, version, number, formatie, upload in rows:
        versions[code].append((number, formatie, upload))
        current[code] = version
        registration_of[code] = str(reg_id)
    for code, found in versions.items():
        numbers = sorted(n for n, *_ in found)
        if numbers != list(range(1, current[code] + 1)):
            result.duplicated.append(f"{code}: versions {numbers}, current {current[code]}")
    acked_versions = defaultdict(int)
    for code, number, formatie in record.form_acks:
        result.acknowledged += 1
        acked_versions[code] += 1
        matches = [v for v in versions.get(code, []) if v[0] == number and v[2] is None]
        if len(matches) == 1 and Decimal(matches[0][1]) == Decimal(formatie):
            result.found += 1
        elif len(matches) > 1:
            result.duplicated.append(f"{code} v{number}")
        else:
            result.lost.append(f"{code} v{number} ({formatie})")
    for entry in plan["form"]:
        code = entry["code"]
        events = audit.get(("submissions.registration", registration_of.get(code)), 0)
        written = len(versions.get(code, []))
        if events != written:
            result.lost.append(f"{code}: {written} versions, {events} audit events")
        result.unacknowledged_writes += max(0, written - acked_versions[code])
    by_upload = defaultdict(list)
    for code, found in versions.items():
        for _number, formatie, upload in found:
            if upload:
                by_upload[upload].append((code, formatie))
    acked_uploads = set()
    for upload_id, rows_expected, _kind in record.upload_acks:
        acked_uploads.add(upload_id)
        written = by_upload.get(upload_id, [])
        if audit.get(("submissions.upload", upload_id), 0) != 1:
            result.lost.append(
                f"upload {upload_id}: {audit.get(('submissions.upload', upload_id), 0)} audit events"
            )
        for code, formatie in rows_expected.items():
            result.acknowledged += 1
            matches = [f for c, f in written if c == code]
            if len(matches) == 1 and Decimal(matches[0]) == Decimal(formatie):
                result.found += 1
            elif len(matches) > 1:
                result.duplicated.append(f"upload {upload_id} {code}")
            else:
                result.lost.append(f"upload {upload_id} {code} ({formatie}): {matches}")
    result.unacknowledged_writes += sum(
        len(rows) for upload, rows in by_upload.items() if upload not in acked_uploads
    )
    return result


# ---------------------------------------------------------------- report


def percentile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def report(record: Record, found: Found) -> list[str]:
    lines = [f"{'kind':32} {'n':>6} {'req/s':>7} {'p50 s':>7} {'p95 s':>7} {'p99 s':>7}  statuses"]
    total = 0
    for kind in sorted(record.timings):
        values = record.timings[kind]
        total += len(values) if "file to imported" not in kind else 0
        statuses = " ".join(f"{s}:{n}" for s, n in sorted(record.statuses[kind].items()))
        lines.append(
            f"{kind:32} {len(values):6d} {len(values) / record.elapsed:7.1f} "
            f"{percentile(values, 50):7.2f} {percentile(values, 95):7.2f} "
            f"{percentile(values, 99):7.2f}  {statuses}"
        )
    lines.append(f"{'all requests':32} {total:6d} {total / record.elapsed:7.1f}")
    if record.failures:
        counts = defaultdict(int)
        for kind, error in record.failures:
            counts[f"{kind}: {error}"] += 1
        lines.append("no answer: " + ", ".join(f"{k} x{n}" for k, n in sorted(counts.items())))
    if record.refused:
        lines.append(f"refused or not finished: {len(record.refused)}, first: {record.refused[0]}")
    lines.append(
        f"uploads still busy after the grace period (not acknowledged): {record.pending}; "
        f"written without an acknowledgement (client gave up): {found.unacknowledged_writes}"
    )
    for label, items in (("LOST", found.lost), ("DUPLICATED", found.duplicated)):
        if items:
            lines.append(f"{label} ({len(items)}): {'; '.join(items[:10])}")
    return lines
