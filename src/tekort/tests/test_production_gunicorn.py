"""The checked-in gunicorn.conf.py serves tekort in production mode: JSON access lines with the
request id and without the query string, and the HTTPS redirect with health probes exempt."""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

from tekort.conf.env import REPO_ROOT

SECRET = "a-long-production-secret-key-only-for-this-test-0123456789-abcdefghijkl"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, **headers: str):
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@contextmanager
def gunicorn(tmp_path, output: dict):
    """gunicorn with gunicorn.conf.py and only a secret key set (one worker, loopback)."""
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "TEKORT_", "SENTRY_", "REDIS_"))
    }
    env.update(
        DJANGO_SECRET_KEY=SECRET,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        TEKORT_WEB_BIND=f"127.0.0.1:{port}",
        TEKORT_WEB_WORKERS="1",
    )
    server = subprocess.Popen(  # noqa: S603
        [str(REPO_ROOT / ".venv" / "bin" / "gunicorn"), "--config", "gunicorn.conf.py"],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(300):
            assert server.poll() is None, server.communicate()[1]
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.send_signal(signal.SIGTERM)
        output["stdout"], output["stderr"] = server.communicate(timeout=60)


def test_gunicorn_conf_serves_production_with_json_access_lines_without_queries(tmp_path):
    output: dict = {}
    with gunicorn(tmp_path, output) as base:
        status, headers, body = fetch(f"{base}/gezondheid/?zoek=geheim", **{"X-Request-ID": "gu-1"})
        redirect_status, redirect_headers, _ = fetch(
            f"{base}/scholen/?q=geheim", **{"X-Request-ID": "gu-2"}
        )

    assert (status, json.loads(body)) == (200, {"status": "ok"})
    assert headers["X-Request-ID"] == "gu-1"
    # plain HTTP is sent to HTTPS (the health probe above was exempt)
    assert redirect_status == 301
    assert (
        redirect_headers["Location"] == f"https://{base.removeprefix('http://')}/scholen/?q=geheim"
    )

    access = [json.loads(line) for line in output["stdout"].splitlines() if line.startswith("{")]
    assert [(a["request_id"], a["method"], a["path"], a["status"]) for a in access] == [
        ("gu-1", "GET", "/gezondheid/", 200),
        ("gu-2", "GET", "/scholen/", 301),
    ]
    assert all(a["logger"] == "gunicorn.access" for a in access)
    assert all(isinstance(a["duration_ms"], int) for a in access)
    assert "geheim" not in output["stdout"]
    assert "geheim" not in output["stderr"]
