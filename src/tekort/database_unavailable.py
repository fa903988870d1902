"""A request whose database connection broke (a PostgreSQL restart, a failover, a pooler's cut)
gets a Dutch 503 with ``Retry-After``, not a server error: nothing was stored, and trying again
in a moment works (``CONN_HEALTH_CHECKS`` gives the next request a fresh connection).

Only the connection's failures (``OperationalError``, ``InterfaceError``) are turned into a
503; any other database error stays a 500, as a bug should. The failure is still logged with
its traceback. The page is rendered without the request, as the 500 page is, so that it needs
neither the session nor the database.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from tekort.page_twins import asks_for_json

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("database connection failed during %s", request.path, exc_info=exception)
        return unavailable(request)


def unavailable(request) -> HttpResponse:
    message = _("The database could not be reached. Nothing was stored; please try again.")
    if asks_for_json(request):
        response = JsonResponse({"detail": message}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "private, no-store"
    return response
