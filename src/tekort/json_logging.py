"""Log lines as JSON objects, one per line, for a log collector (settings.LOGGING).

Every line has time, level, logger, message and request_id; the fields a caller passed with
``extra=`` (such as django.request's status_code) and an exception's traceback are added.
"""

import json
import logging
from datetime import UTC, datetime

# Attributes every LogRecord has: what is not among them came from ``extra=``.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "request_id",
    "taskName",
}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in line:
                line[key] = value
        if "request" in line:
            # django.request passes the request, whose text holds the query string: only the
            # method and path go into a log line (search terms and tokens do not).
            request = line.pop("request")
            line["method"] = getattr(request, "method", None)
            line["path"] = getattr(request, "path", None)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)
