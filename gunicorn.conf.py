"""gunicorn's configuration for tekort's web processes (make serve-production, the container).

Every value that varies per machine is an environment variable declared in
src/tekort/conf/env.py (TEKORT_WEB_BIND, TEKORT_WEB_WORKERS, TEKORT_WEB_TIMEOUT); see
docs/deployment.md. The access log is one JSON line per request with the request id
(X-Request-ID) and the path WITHOUT its query string: search terms and tokens stay out of logs.
"""

import json
import multiprocessing
from datetime import UTC, datetime

from gunicorn.glogging import Logger

from tekort.conf import env

wsgi_app = "tekort.wsgi:application"
bind = [env.get("TEKORT_WEB_BIND")]
# Sync workers: tekort's requests are short and CPU-bound; 2 per core + 1 by default.
workers = int(env.get("TEKORT_WEB_WORKERS") or 2 * multiprocessing.cpu_count() + 1)
worker_class = "sync"
timeout = int(env.get("TEKORT_WEB_TIMEOUT"))  # a stuck request: the worker is restarted
graceful_timeout = 30  # on a restart or deploy, requests in flight get this long to finish
keepalive = 5  # seconds; behind nginx or a load balancer that keeps connections open
# Load Django once in the master: a broken setting stops the start instead of every worker
# failing, and the workers share the loaded code's memory. No connection is opened at load.
preload_app = True
# Restart a worker after about a thousand requests: memory growth never accumulates.
max_requests = 1000
max_requests_jitter = 100
# Requests larger than the upload limit are refused by tekort itself (TEKORT_UPLOAD_MAX_MB).
limit_request_line = 8190

# No control socket: it defaults to one path per user, which two gunicorns on a machine would share.
control_socket_disable = True

accesslog = "-"
errorlog = "-"
# The text form (TEKORT_LOG_FORMAT=text): also without the query string (%(U)s, not %(r)s).
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms id=%({x-request-id}o)s'


class TekortLogger(Logger):
    """gunicorn's logger, with the access log as JSON lines unless TEKORT_LOG_FORMAT=text."""

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        if env.get("TEKORT_LOG_FORMAT") == "text":
            return super().access(resp, req, environ, request_time)
        atoms = self.atoms(resp, req, environ, request_time)
        line = {
            "time": datetime.now(tz=UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "request_id": atoms.get("{x-request-id}o", "-"),
            "remote_addr": atoms["h"],
            "method": atoms["m"],
            "path": atoms["U"],  # never the query string (atoms["q"])
            "status": int(atoms["s"]) if str(atoms["s"]).isdigit() else atoms["s"],
            "bytes": atoms["B"],
            "duration_ms": atoms["M"],
        }
        self.access_log.info(json.dumps(line, ensure_ascii=False))


logger_class = TekortLogger
