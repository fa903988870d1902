"""How every view declares who may reach it. The authorisation matrix test reads these declarations.

Every URL of tekort is served by a view wrapped in exactly one of:

- ``public(view)``: anyone, including anonymous visitors (published, disclosure-controlled data);
- ``requires(perm, get_object=None, hide_existence=False)(view)``: a signed-in user whose sign-in
  was confirmed with a second factor (TOTP) and for whom ``user.has_perm(perm, obj)`` holds (the
  rules live in tekort/accounts/rules.py). ``get_object`` receives the request and the URL kwargs
  and returns the object (raising Http404 if there is none); the view then gets it as
  ``request.permission_object``. A refusal is 403, or 404 when ``hide_existence`` is set because
  even the existence of the object is sensitive;
- ``signed_in(view)``: any signed-in, two-factor-verified user, whatever their roles (the own
  account pages); ``signed_in(view, two_factor=False)`` also before the second factor is set up
  (only the pages that set it up).

An anonymous visitor of a non-public page is sent to the sign-in page; a signed-in user whose
session is not yet verified with a second factor is sent to set it up, or to sign in again.

Class-based views are wrapped in urls.py: ``path("x/", public(MyView.as_view()))``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import resolve_url
from django_otp import user_has_device


@dataclass(frozen=True)
class Access:
    kind: str  # "public", "permission" or "signed_in"
    perm: str | None = None
    hide_existence: bool = False
    get_object: Callable | None = field(default=None, compare=False)
    two_factor: bool = True


def public(view: Callable) -> Callable:
    view.access = Access("public", two_factor=False)
    return view


def is_verified(user) -> bool:
    """True for a signed-in user whose session was confirmed with a second factor."""
    check = getattr(user, "is_verified", None)
    return bool(user.is_authenticated and check is not None and check())


def refuse_unverified(request):
    """The response for a signed-in user without a verified second factor in this session."""
    if user_has_device(request.user):
        # Signed in without the token step (should not happen): sign in again, with the token.
        return redirect_to_login(request.get_full_path())
    return redirect_to_login(request.get_full_path(), resolve_url("accounts:two_factor_setup"))


def requires(perm: str, get_object: Callable | None = None, *, hide_existence: bool = False):
    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not is_verified(request.user):
                return refuse_unverified(request)
            obj = get_object(request, **kwargs) if get_object else None
            if not request.user.has_perm(perm, obj):
                if hide_existence:
                    raise Http404
                raise PermissionDenied
            request.permission_object = obj
            return view(request, *args, **kwargs)

        guarded.access = Access("permission", perm, hide_existence, get_object)
        return guarded

    return decorate


def signed_in(view: Callable, *, two_factor: bool = True) -> Callable:
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if two_factor and not is_verified(request.user):
            return refuse_unverified(request)
        if not request.user.is_active:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    guarded.access = Access("signed_in", two_factor=two_factor)
    return guarded
