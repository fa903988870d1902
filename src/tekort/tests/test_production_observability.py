"""Request ids, JSON log lines, the proxy-count warning and error reports (issue 18)."""

import gzip
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client
from django.urls import include, path

from tekort import error_reporting
from tekort.accounts.access import public
from tekort.json_logging import JsonFormatter
from tekort.request_id import RequestIdFilter, current_request_id, request_id_for
from tekort.tests.failing_views import raising

fails = raising(ZeroDivisionError, "deliberately failing view")


@public
def logs(request):
    logging.getLogger("tekort.test").warning("inside the view")
    from django.http import HttpResponse

    return HttpResponse("ok")


urlpatterns = [
    path("test-fout/500/", fails),
    path("test-log/", logs),
    path("", include("tekort.urls")),
]


@pytest.mark.parametrize(
    ("incoming", "kept"),
    [
        ("abc-123", True),
        ("7f0c2f8e-6d3b-4a4e-9a55-0d5f8b9b1c2a", True),
        ("lb.node1:42_x", True),
        ("", False),
        ("has space", False),
        ('quote"inside', False),
        ("x" * 129, False),
        ("ünïcode", False),
        ("line\nbreak", False),
    ],
)
def test_an_incoming_request_id_is_kept_only_when_it_is_a_sane_token(incoming, kept):
    result = request_id_for(incoming)
    if kept:
        assert result == incoming
    else:
        assert result != incoming
        assert len(result) == 32
        assert int(result, 16) >= 0


@pytest.mark.django_db
def test_every_response_carries_a_request_id(client):
    first = client.get("/gezondheid/")["X-Request-ID"]
    second = client.get("/gezondheid/")["X-Request-ID"]
    assert len(first) == 32
    assert first != second
    assert client.get("/gezondheid/", HTTP_X_REQUEST_ID="lb-42")["X-Request-ID"] == "lb-42"
    assert client.get("/bestaat-niet/", HTTP_X_REQUEST_ID="lb-43")["X-Request-ID"] == "lb-43"
    assert client.get("/gezondheid/", HTTP_X_REQUEST_ID="a b")["X-Request-ID"] != "a b"


def json_lines(caplog_records) -> list[dict]:
    formatter, id_filter = JsonFormatter(), RequestIdFilter()
    lines = []
    for record in caplog_records:
        if not hasattr(record, "request_id"):
            id_filter.filter(record)
        lines.append(json.loads(formatter.format(record)))
    return lines


@pytest.mark.django_db
def test_log_lines_in_a_request_carry_its_id_and_no_query_string(client, settings, caplog):
    settings.ROOT_URLCONF = __name__
    # the id is put on the record when it is written, as the console handler's filter does
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.INFO):
        client.get("/test-log/?zoek=geheim", HTTP_X_REQUEST_ID="req-1")
        client.get("/bestaat-niet/?token=geheim", HTTP_X_REQUEST_ID="req-2")
    lines = json_lines(caplog.records)
    view_line = next(line for line in lines if line["logger"] == "tekort.test")
    assert view_line["request_id"] == "req-1"
    assert view_line["message"] == "inside the view"
    assert view_line["level"] == "WARNING"
    not_found = next(line for line in lines if line["logger"] == "django.request")
    assert not_found["request_id"] == "req-2"
    assert not_found["status_code"] == 404
    assert not_found["path"] == "/bestaat-niet/"
    assert not_found["method"] == "GET"
    assert "geheim" not in json.dumps(lines)
    assert current_request_id.get() == "-"  # forgotten once the request finished


def test_json_lines_have_the_fields_and_the_traceback():
    try:
        raise ValueError("broken")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "tekort.x", logging.ERROR, "f.py", 1, "failed %s", ("here",), sys.exc_info()
        )
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert set(line) == {"time", "level", "logger", "message", "request_id", "exception"}
    assert line["message"] == "failed here"
    assert line["request_id"] == "-"
    assert line["exception"].endswith("ValueError: broken")


@pytest.mark.django_db
def test_a_request_that_bypassed_the_configured_proxies_is_warned_about_once(settings, caplog):
    settings.TEKORT_PROXY_COUNT = 1
    client = Client()  # a new handler: the middleware reads the setting when it is built
    with caplog.at_level(logging.WARNING, logger="tekort.proxy"):
        client.get("/gezondheid/")  # a load balancer's probe comes directly: not counted
        assert not [r for r in caplog.records if r.name == "tekort.proxy"]
        client.get("/scholen/")
        client.get("/scholen/")
    warnings = [r.getMessage() for r in caplog.records if r.name == "tekort.proxy"]
    assert warnings == [
        "TEKORT_PROXY_COUNT is 1, but a request came with 0 X-Forwarded-For address(es): it "
        "did not pass the configured proxies. Check the setting, and that the application "
        "port is reachable only through the proxy."
    ]


@pytest.mark.django_db
def test_no_warning_when_the_request_came_through_the_proxy(settings, caplog):
    settings.TEKORT_PROXY_COUNT = 1
    with caplog.at_level(logging.WARNING, logger="tekort.proxy"):
        Client().get("/scholen/", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert not [r for r in caplog.records if r.name == "tekort.proxy"]


class FakeSentry(BaseHTTPRequestHandler):
    """A Sentry-compatible endpoint on loopback that keeps what it receives."""

    received: list[tuple[str, bytes]] = []

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        FakeSentry.received.append((self.path, body))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_sentry():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeSentry)
    FakeSentry.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    import sentry_sdk

    sentry_sdk.init(dsn=None)  # reporting off again for the rest of the session
    server.shutdown()


def test_no_error_reporting_without_a_dsn():
    import sentry_sdk

    assert error_reporting.start("", "production", "tekort@0") is False
    assert sentry_sdk.get_client().transport is None  # nowhere to send anything to


@pytest.mark.django_db
def test_a_server_error_is_reported_to_a_self_hosted_sentry_with_its_request_id(
    fake_sentry, settings
):
    import sentry_sdk

    port = fake_sentry.server_address[1]
    assert error_reporting.start(f"http://publickey@127.0.0.1:{port}/7", "test", "tekort@0")
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    response = client.get("/test-fout/500/?email=iemand@example.org", HTTP_X_REQUEST_ID="req-500")
    assert response.status_code == 500
    sentry_sdk.flush(timeout=5)
    assert [p for p, _ in FakeSentry.received] == ["/api/7/envelope/"]
    body = FakeSentry.received[0][1].decode()
    assert "deliberately failing view" in body
    assert '"request_id":"req-500"' in body.replace(" ", "")
    assert '"environment":"test"' in body.replace(" ", "")
    assert "iemand@example.org" not in body
