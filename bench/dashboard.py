"""Bench: latency of the published dashboard under load, against a static file of the same size.

A copy of the development database (``var/tekort.sqlite3``, made by ``make run``) gets a release
if it has none (the latest round estimated with 50 bootstrap replicates and published). A real
server process (gunicorn, 2 sync workers, production settings) serves it on loopback. Then 50
concurrent clients request, 1,000 times in all:

* the headline JSON of the latest release (``/cijfers.json``), and a static file of exactly the
  same size served by the same server (WhiteNoise, as every static file);
* the table tool with a filter applied (``/tabellen/?breakdown=sector:g5&sector=bao``), and a
  static file of the same size.

Run:  .venv/bin/python bench/dashboard.py   (after ``make run`` has built var/tekort.sqlite3)
Target: p95 of each page within 3x the p95 of its static twin; the last line is the figure;
exit 1 if missed. Traffic goes to 127.0.0.1 only; every loop is bounded.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCE_DB = Path(os.environ.get("BENCH_SOURCE_DB", REPO / "var" / "tekort.sqlite3"))
CLIENTS = 50
REQUESTS = 1000
TARGET_RATIO = 3.0
TABLE_URL = "/tabellen/?breakdown=sector%3Ag5&sector=bao"
HEADLINE_URL = "/cijfers.json"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(env: dict) -> dict[str, bytes]:
    """Migrate the copy, make sure it has a release, and fetch the two bodies (in-process)."""
    os.environ.update(env)
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from tekort.estimates.run import run_estimates
    from tekort.publications.models import Release
    from tekort.publications.publishing import publish
    from tekort.submissions.models import Round

    call_command("migrate", verbosity=0)
    if not Release.objects.exists():
        round_ = Round.objects.filter(registrations__isnull=False).order_by("-peildatum").first()
        if round_ is None:
            sys.exit("no round with registrations: run `make run` first (it generates demo data)")
        print(f"… publishing {round_} for the bench copy")
        publish(run_estimates(round_, n_bootstrap=50), note="bench")
    client = Client(SERVER_NAME="127.0.0.1")
    bodies = {}
    for url in (HEADLINE_URL, TABLE_URL):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        bodies[url] = response.content
    return bodies


def fetch(port: int, url: str) -> float:
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", url, headers={"Connection": "close"})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if response.status != 200 or not body:
        raise RuntimeError(f"{url}: {response.status}")
    return time.perf_counter() - start


def load(port: int, url: str) -> list[float]:
    """CLIENTS threads share REQUESTS requests; returns every latency in seconds."""
    latencies: list[float] = []
    lock = threading.Lock()
    per_client = REQUESTS // CLIENTS
    barrier = threading.Barrier(CLIENTS)

    def client():
        barrier.wait()
        mine = [fetch(port, url) for _ in range(per_client)]
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return latencies


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> int:
    if not SOURCE_DB.exists():
        print(f"no database at {SOURCE_DB}: run `make run` first")
        return 2
    work = Path(tempfile.mkdtemp(prefix="tekort-bench-"))
    db = work / "bench.sqlite3"
    shutil.copy(SOURCE_DB, db)
    env = {
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SETTINGS_MODULE": "tekort.conf.base",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only-not-secret",
        "TEKORT_HTTPS": "false",  # plain HTTP on loopback
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    bodies = prepare(env)
    from django.conf import settings

    static_dir = Path(settings.STATIC_ROOT) / f"bench-{os.getpid()}"
    static_dir.mkdir(parents=True, exist_ok=True)
    twins = {}
    for name, url in (("headline", HEADLINE_URL), ("table", TABLE_URL)):
        path = static_dir / f"{name}.bin"
        path.write_bytes(b"x" * len(bodies[url]))
        twins[url] = f"{settings.STATIC_URL}{static_dir.name}/{path.name}"
    port = free_port()
    server = subprocess.Popen(
        [
            str(REPO / ".venv" / "bin" / "gunicorn"),
            "tekort.wsgi:application",
            "--chdir",
            str(REPO / "src"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--backlog",
            "256",
            "--log-level",
            "warning",
        ],
        env={**os.environ, **env},
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                fetch(port, HEADLINE_URL)
                break
            except (OSError, RuntimeError):
                if time.monotonic() > deadline or server.poll() is not None:
                    print("the server did not start")
                    return 2
                time.sleep(0.3)
        results = {}
        for url in (HEADLINE_URL, TABLE_URL):
            for target in (url, twins[url]):
                for _ in range(20):  # warm up: caches, workers, connections
                    fetch(port, target)
                lat = load(port, target)
                results[target] = (percentile(lat, 50) * 1000, percentile(lat, 95) * 1000)
        ok = True
        figures = []
        for name, url in (("headline JSON", HEADLINE_URL), ("table tool", TABLE_URL)):
            p50, p95 = results[url]
            s50, s95 = results[twins[url]]
            ratio = p95 / s95
            ok &= ratio <= TARGET_RATIO
            print(
                f"{name:13} {len(bodies[url]):>7} bytes: p50 {p50:6.1f} ms, p95 {p95:6.1f} ms | "
                f"static twin p50 {s50:6.1f} ms, p95 {s95:6.1f} ms | p95 ratio {ratio:.2f}"
            )
            figures.append(f"{name} p95 {p95:.1f} ms = {ratio:.2f}x static")
        verdict = "OK" if ok else "MISSED"
        print(
            f"dashboard at {CLIENTS} clients: {'; '.join(figures)} "
            f"(target <= {TARGET_RATIO:.0f}x) {verdict}"
        )
        return 0 if ok else 1
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(static_dir, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
