"""No stored XSS on any page (issue 17, item 4).

``<script>alert(1)</script>`` and ``"><img src=x onerror=alert(1)>`` are stored in every text
field users can store (``PLANTED``): registration remarks (a school's form and a board's school
leaders), a board upload's file name and the sheet titles and column names its error list
repeats, saved raming scenario names, the monitor's texts (an item's title, request, indieners and
notes, a letter's title, a status's text, heading, reason and notes) and account names (first and
last name; the audit log's user name). Then every HTML page pattern of the project (the
authorisation matrix's walk, ``beheer/`` and ``i18n/`` skipped) is requested by the users who may
see it (the fuzz test's choice of role, and an analyst and an administrator): no answer contains
the raw markup, and the pages that show the texts (``MUST_SHOW``) show them escaped.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tekort.accounts.role_matrix import build_world, make_role_users
from tekort.audit.models import Event
from tekort.forecasts.models import SavedScenario
from tekort.monitor.models import Item, Letter, Status
from tekort.submissions.models import Registration, Upload
from tekort.tests.test_authz_matrix import PATTERNS, kwarg_resolvers
from tekort.tests.test_fuzz_forms import HARVEST_ROLES, client_for, is_page, who_may_see

# walks every URL pattern over HTTP: run once, on PostgreSQL (the sweep tier, Makefile)
pytestmark = [pytest.mark.django_db, pytest.mark.sweep]

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
RAW = [SCRIPT, "<img src=x onerror=alert(1)>"]
ESCAPED = [escape(SCRIPT), escape(IMG)]

PLANTED = {
    "registration remark (school form, school leaders)": "Registration.remark",
    "upload file name, sheet title, column name": "Upload.file_name, Upload.errors",
    "saved scenario name": "SavedScenario.name",
    "monitor item title, request, indieners, notes": "Item.*",
    "monitor letter title": "Letter.title",
    "monitor status text, heading, reason, notes": "Status.*",
    "account first and last name, audit user name": "User.first_name/last_name, Event",
}


def plant(world, users, items, letters) -> None:
    Registration.objects.update(remark=f"{SCRIPT} {IMG}")
    Upload.objects.update(
        file_name=f"{IMG}.csv",
        errors=[{"sheet": SCRIPT, "row": 2, "column": IMG, "reason": SCRIPT}],
    )
    SavedScenario.objects.update(name=f"{SCRIPT}{IMG}")
    Item.objects.filter(pk__in=items).update(
        title=f"{SCRIPT}{IMG}", request=SCRIPT, indieners=IMG, notes=SCRIPT
    )
    Letter.objects.filter(pk__in=letters).update(title=f"{SCRIPT}{IMG}")
    Status.objects.filter(item_id__in=items).update(
        text=f"{SCRIPT}{IMG}", heading=SCRIPT, reason=IMG, notes=SCRIPT
    )
    get_user_model().objects.filter(pk__in=[u.pk for u in users.values() if u.pk]).update(
        first_name=SCRIPT, last_name=IMG
    )
    # dated ahead, so the events the sweep itself records (sign-ins of its readers) never push
    # it off the audit log's first page
    Event.objects.create(
        actor_name=SCRIPT,
        action="signed_in",
        object_id=IMG[:60],
        at=timezone.now() + datetime.timedelta(days=1),
    )


def test_stored_markup_is_escaped_on_every_page(capsys):
    world = build_world()
    users = make_role_users(world, prefix="xss")
    resolvers, cache = kwarg_resolvers(), {}
    pages = []
    for pattern in PATTERNS:
        role, url = who_may_see(pattern, world, users, resolvers, cache)
        if is_page(url):
            pages.append((pattern, role, url))
    items = [v for (key, *_), v in cache.items() if key == "item_id"]
    letters = [v for (key, *_), v in cache.items() if key in ("letter_id", "planned_letter_id")]
    plant(world, users, items or ["motie-27923-451-peters"], letters or ["l2024-06"])

    raw, shown, requests = [], set(), 0
    for pattern, role, url in pages:
        for reader in dict.fromkeys([role, *HARVEST_ROLES]):
            response = client_for(reader, users).get(url)
            requests += 1
            if "html" not in response.get("Content-Type", "") or response.streaming:
                continue
            body = response.content.decode("utf-8", "replace")
            raw += [f"{reader} {url}: {r}" for r in RAW if r in body]
            if any(e in body for e in ESCAPED):
                shown.add(pattern.name)
    assert not raw, "raw markup on a page:\n" + "\n".join(raw)

    must_show = {
        "submissions:form",  # the school's remark
        "submissions:upload",  # the upload's file name and errors
        "forecasts:saved",  # the scenario name
        "monitor:item",  # the item and status texts
        "monitor:letter",  # the letter title
        "accounts:audit",  # the audit log's user name
    }
    assert must_show <= shown, f"not shown (escaped) where expected: {must_show - shown}"
    # the pages themselves
    for name in must_show:
        assert any(p.name == name for p, _r, _u in pages), name
    with capsys.disabled():
        print(
            f"\nstored XSS: {len(PLANTED)} kinds of stored text, {len(pages)} page patterns, "
            f"{requests} requests; escaped on {len(shown)} patterns, raw on none"
        )


def test_the_escaped_forms_are_what_django_writes():
    assert ESCAPED == [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
    ]
    assert reverse("accounts:audit") == "/account/audit/"
