"""Nothing of what someone types into the calculator is stored or logged.

* ``private`` marks a response ``Cache-Control: no-store`` (no shared or browser cache keeps
  the inputs) and ``Referrer-Policy: no-referrer`` (the query string does not travel to the
  next page, nor to the static files in access logs);
* ``RedactCalculatorQuery`` is a logging filter that removes the query string of /meeruren/
  URLs from the records of Django's request loggers (``django.server``, the development
  server's access log, and ``django.request``, the 4xx/5xx log). ``CalculatorConfig.ready``
  attaches it to those loggers, so it works whatever LOGGING says.
The views read no session, set no cookie and touch no database.
"""

import logging
import re
from functools import wraps

from django.utils.cache import add_never_cache_headers

PREFIX = "/meeruren/"
QUERY = re.compile(r"(/meeruren/[^\s?\"']*)\?[^\s\"']*")
REQUEST_LOGGERS = ("django.server", "django.request")


def private(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapped


def redact(text: str) -> str:
    return QUERY.sub(r"\1?[weggelaten]", text)


def _clean(value):
    return redact(value) if isinstance(value, str) else value


class RedactCalculatorQuery(logging.Filter):
    """Rewrites a record so no calculator query string reaches a handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and PREFIX in record.msg:
            record.msg = redact(record.msg)
        if isinstance(record.args, dict):
            record.args = {k: _clean(v) for k, v in record.args.items()}
        elif record.args:
            record.args = tuple(_clean(a) for a in record.args)
        request = getattr(record, "request", None)
        if request is not None and getattr(request, "path", "").startswith(PREFIX):
            # Handlers such as AdminEmailHandler would print request.GET: drop the request.
            del record.request
        return True


def install() -> None:
    redactor = RedactCalculatorQuery()
    for name in REQUEST_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactCalculatorQuery) for f in logger.filters):
            logger.addFilter(redactor)
