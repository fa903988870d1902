"""The open API: endpoints, filters, ETags on frozen releases, the schema, and schemathesis."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, given, settings

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.real_register,  # national figures and named areas of the whole country
    pytest.mark.usefixtures("module_release"),
]


def test_releases_indicators_breakdowns_and_geography(client, release):
    releases = client.get("/api/v1/releases/").json()
    assert [r["slug"] for r in releases][0] == release.slug
    assert releases[0]["status"] == "voorlopig" and releases[0]["superseded_by"] is None
    detail = client.get(f"/api/v1/releases/{release.slug}/").json()
    assert detail["peildatum"] == release.round.peildatum.isoformat()
    indicators = {i["code"] for i in client.get("/api/v1/indicators/").json()}
    assert {"tekort", "verborgen", "regulier_openstaand"} <= indicators
    breakdowns = {b["code"]: b["dimensions"] for b in client.get("/api/v1/breakdowns/").json()}
    assert breakdowns["sector:g5"] == ["sector", "g5"]
    municipalities = client.get("/api/v1/geography/municipality_code/").json()
    assert len(municipalities) > 300
    amsterdam = next(m for m in municipalities if m["code"] == "GM0363")
    assert amsterdam["name"] == "Amsterdam" and amsterdam["is_g5"] is True
    assert client.get("/api/v1/geography/planet/").status_code == 404
    assert client.get("/api/v1/releases/1999-01-01-v1/").status_code == 404


def test_cells_are_filtered_stored_rows_in_public_rounding(client, release):
    url = f"/api/v1/releases/{release.slug}/cells/"
    query = {"breakdown": "sector", "measure": "tekort", "function": "leraar"}
    page = client.get(url, query).json()
    assert page["count"] == release.cells.filter(**query).count()
    bao = next(c for c in page["results"] if c["domain"] == "sector=bao")
    stored = release.cells.get(domain="sector=bao", **query)
    # without a function filter both functions' cells come back, each saying which it is
    both = client.get(url, {"breakdown": "sector", "measure": "tekort"}).json()["results"]
    assert {c["function"] for c in both} == {"leraar", "schoolleider"}
    assert bao["percentage"] == round(stored.rate * 100, 1)
    assert bao["fte"] % 5 == 0 and "p" in bao["flags"]
    assert bao["methodology"] == "/methodologie/estimation-and-intervals"
    model = client.get(
        url, {"breakdown": "municipality_code", "model_based": "true", "limit": 1000}
    ).json()
    assert model["count"] > 100
    assert all(c["model_based"] for c in model["results"])
    shown = [c for c in model["results"] if c["percentage"] is not None]
    assert shown and all("e" in c["flags"] and c["fte"] is None for c in shown)
    assert client.get(url, {"measure": "nonsense"}).json()["count"] == 0


def test_frozen_release_responses_carry_an_etag_and_answer_304(client, release):
    url = f"/api/v1/releases/{release.slug}/headline/"
    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"] == release.etag and "max-age" in first["Cache-Control"]
    assert first.json()["national"] == release.headline["national"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    cells = client.get(f"/api/v1/releases/{release.slug}/cells/", HTTP_IF_NONE_MATCH='"old"')
    assert cells.status_code == 200 and cells["ETag"] == release.etag
    page = client.get(f"/cijfers/{release.slug}.json", HTTP_IF_NONE_MATCH=release.etag)
    assert page.status_code == 304


def test_the_openapi_schema_is_generated_from_the_code_and_valid(client):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)  # raises on an invalid OpenAPI 3 document
    paths = set(schema["paths"])
    assert {
        "/api/v1/releases/",
        "/api/v1/releases/{slug}/cells/",
        "/api/v1/indicators/",
        "/api/v1/breakdowns/",
        "/api/v1/geography/{level}/",
    } <= paths
    served = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert served.status_code == 200 and b"/api/v1/releases/" in served.content


@pytest.fixture
def keep_test_connection():
    """Calls straight into the WSGI app must not close the test's database connection.

    Django's own test client does the same: a real request's end closes old connections,
    which on PostgreSQL would end the transaction the test runs in.
    """
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def test_schemathesis_finds_no_server_error_and_no_schema_violation(release, keep_test_connection):
    """Property-based calls of every operation, in-process against the WSGI app (bounded)."""
    app = get_wsgi_application()
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    calls = []
    for operation in operations:

        @settings(
            max_examples=15,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case):
            if "slug" in (case.path_parameters or {}) and calls and len(calls) % 2:
                case.path_parameters["slug"] = release.slug  # also exercise a real release
            # in-process WSGI calls get the gzip body as is: ask for it uncompressed
            response = case.call(headers={"Accept-Encoding": "identity"})
            calls.append(response.status_code)
            assert response.status_code < 500, (case.path, case.query, response.text[:300])
            case.validate_response(response)

        check()
    assert len(calls) > 40 and 200 in calls
