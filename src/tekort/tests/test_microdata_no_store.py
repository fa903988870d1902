"""Every page that is not public (school and board registrations, uploads and their error files,
response monitoring, the signed-in board, region and ministry views and their exports with
school-level rows) answers with ``Cache-Control: private, no-store`` (Django's ``never_cache`` adds more directives
to the same effect): no browser, proxy or CDN
keeps a copy of microdata. Walks every such URL pattern of the project, as a role that may see it
on its own object (the authorisation matrix's world and URL kwargs)."""

import pytest
from django.test import Client

from tekort.accounts.role_matrix import ROLE_NAMES, build_world, make_role_users
from tekort.accounts.testing import sign_in
from tekort.tests.test_authz_matrix import (
    PATTERNS,
    expected_permission,
    is_sent_to_sign_in,
    kwarg_resolvers,
    url_for,
)

pytestmark = pytest.mark.django_db

# Pages and files with one location's or one board's own figures: each must have been served
# (not refused) to a role that may see it, with the header checked.
MICRODATA = {
    "submissions:form",
    "submissions:receipt",
    "submissions:receipt-json",
    "submissions:versions",
    "submissions:versions-json",
    "submissions:board",
    "submissions:template",
    "submissions:school-leaders",
    "submissions:school-leaders-receipt",
    "submissions:school-leaders-receipt-json",
    "submissions:upload",
    "submissions:upload-progress",
    "submissions:response",
    "submissions:response-json",
    "submissions:response-csv",
    "submissions:board-response",
    "submissions:board-response-json",
    "submissions:board-response-csv",
    "dashboards:board",
    "dashboards:board-json",
    "dashboards:board-xlsx",
    "dashboards:board-csv",
    "dashboards:region",
    "dashboards:region-json",
    "dashboards:region-xlsx",
    "dashboards:region-csv",
    "dashboards:ministry",
    "dashboards:ministry-json",
    "dashboards:ministry-xlsx",
    "dashboards:ministry-csv",
}


def test_every_page_that_is_not_public_is_private_and_not_stored():
    world = build_world()
    users = make_role_users(world, "nostore")
    clients = {role: sign_in(Client(), users[role]) for role in ROLE_NAMES if role != "anonymous"}
    resolvers, cache = kwarg_resolvers(), {}
    served, wrong = set(), []
    for pattern in PATTERNS:
        if pattern.access is None or pattern.access.kind == "public":
            continue
        for role in clients:
            url = url_for(pattern, world.own, users[role], resolvers, cache)
            if pattern.access.kind == "permission" and not expected_permission(
                pattern, users[role], url
            ):
                continue
            response = clients[role].get(url)
            directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
            if not {"private", "no-store"} <= directives or "public" in directives:
                wrong.append(
                    f"{url} as {role}: {response.status_code} {response.get('Cache-Control')}"
                )
            # served: the page, or its redirect (a receipt before a submission: to the form)
            if response.status_code in (200, 302) and not is_sent_to_sign_in(response):
                served.add(pattern.name)
            break  # one role that may see it is enough
    assert wrong == []
    assert MICRODATA - served == set(), "not served to anyone, so not checked"


def test_a_refused_or_anonymous_request_for_microdata_is_not_stored_either(client):
    world = build_world()
    resolvers = kwarg_resolvers()
    pattern = next(p for p in PATTERNS if p.name == "dashboards:board-csv")
    users = make_role_users(world, "refused")
    url = url_for(pattern, world.other, users["board"], resolvers, {})
    assert client.get(url)["Cache-Control"] == "private, no-store"  # sent to sign in
    refused = sign_in(Client(), users["board"]).get(url)  # another board's figures
    assert refused.status_code == 403
    assert refused["Cache-Control"] == "private, no-store"
