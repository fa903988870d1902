"""Cache-Control on every response, so that a CDN or reverse proxy may keep what is public.

* a response whose view already decided (a frozen release: ``public, max-age=3600`` with an
  ETag; the calculator's private answers: ``no-store``) keeps its header;
* an anonymous GET of a page declared ``public`` (``tekort.accounts.access``) that answered 200
  without setting a cookie (a form's CSRF token sets one): ``public, max-age=PUBLIC_MAX_AGE``;
* everything else (signed-in pages, pages with microdata, forms, redirects, errors):
  ``private, no-store``.

Public answers vary on Cookie (Django's session middleware adds it) and Accept-Encoding, so a
shared cache keeps one copy for the anonymous public per encoding.
"""

from django.utils.cache import patch_cache_control, patch_vary_headers

PUBLIC_MAX_AGE = 300  # a new release shows on a CDN at most this late


class CacheHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        if is_public(request, response):
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
            patch_vary_headers(response, ["Accept-Encoding"])
        else:
            response["Cache-Control"] = "private, no-store"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        access = getattr(view_func, "access", None)
        request.tekort_public_view = getattr(access, "kind", None) == "public"


def is_public(request, response) -> bool:
    user = getattr(request, "user", None)
    return (
        getattr(request, "tekort_public_view", False)
        and request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not (user is not None and user.is_authenticated)
        and not response.cookies  # a CSRF token (a form), a session: not for a shared cache
    )
