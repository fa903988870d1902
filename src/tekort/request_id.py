"""A request id for every request: taken from a sane incoming ``X-Request-ID`` (a reverse proxy
or load balancer that already made one), otherwise made here; sent back in ``X-Request-ID`` and
put on every log line written while the request is handled (``RequestIdFilter``).

The access log is gunicorn's (gunicorn.conf.py): one JSON line per request with this id and the
path without its query string (search terms and tokens have no place in logs).
"""

import logging
import re
import uuid
from contextvars import ContextVar

from django.core.signals import request_finished
from django.dispatch import receiver

HEADER = "X-Request-ID"
# Letters, digits and . _ : - only, 1 to 128 of them: safe in a header, a log line and JSON.
SANE = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

current_request_id: ContextVar[str] = ContextVar("request_id", default="-")


def request_id_for(incoming: str | None) -> str:
    if incoming and SANE.match(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_for(request.headers.get(HEADER))
        request.request_id = request_id
        # Kept until the request is finished (not just until this middleware returns): Django
        # logs a 4xx/5xx response after the middleware chain, and that line needs the id too.
        current_request_id.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


@receiver(request_finished)
def forget_request_id(**kwargs) -> None:
    current_request_id.set("-")


class RequestIdFilter(logging.Filter):
    """Put the current request's id on a log record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True
