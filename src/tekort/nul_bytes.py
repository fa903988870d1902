"""Refuse a request whose query string holds a NUL character (``?q=%00``), with a Dutch 400:
``{"detail": …}`` for the API and every ``.json`` address, plain text otherwise.

PostgreSQL cannot store or compare a text with NUL in it, so a NUL in a search box or an API
filter used to end in a server error on every page that filters by it. No page has a reason to
accept one; form fields refuse NUL themselves (Django's CharField), and file uploads are bytes.
"""

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from tekort.page_twins import asks_for_json

NUL = "\x00"


class RefuseNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path or any(
            NUL in key or any(NUL in value for value in values)
            for key, values in request.GET.lists()
        ):
            return refusal(request)
        return self.get_response(request)


def refusal(request) -> HttpResponse:
    message = _("The address contains a NUL character (%00), which no page accepts.")
    if asks_for_json(request):
        return JsonResponse({"detail": message}, status=400)
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
