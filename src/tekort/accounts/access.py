"""How every view declares who may reach it. The authorisation matrix test reads these declarations.

Every URL of tekort is served by a view wrapped in exactly one of:

- ``public(view)``: anyone, including anonymous visitors (published, disclosure-controlled data);
- ``requires(perm, get_object=None, hide_existence=False)(view)``: a signed-in user for whom
  ``user.has_perm(perm, obj)`` holds (the rules live in tekort/accounts/rules.py). ``get_object``
  receives the request and the URL kwargs and returns the object (raising Http404 if there is
  none); the view then gets it as ``request.permission_object``. A refusal is 403, or 404 when
  ``hide_existence`` is set because even the existence of the object is sensitive.

Class-based views are wrapped in urls.py: ``path("x/", public(MyView.as_view()))``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404


@dataclass(frozen=True)
class Access:
    kind: str  # "public" or "permission"
    perm: str | None = None
    hide_existence: bool = False


def public(view: Callable) -> Callable:
    view.access = Access("public")
    return view


def requires(perm: str, get_object: Callable | None = None, *, hide_existence: bool = False):
    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            obj = get_object(request, **kwargs) if get_object else None
            if not request.user.has_perm(perm, obj):
                if hide_existence:
                    raise Http404
                raise PermissionDenied
            request.permission_object = obj
            return view(request, *args, **kwargs)

        guarded.access = Access("permission", perm, hide_existence)
        return guarded

    return decorate
