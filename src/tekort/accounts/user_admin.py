"""Administrators manage users from tekort's own pages: look a user up, deactivate (and
reactivate) them, and reset a lost second factor. Who may is decided by the permission layer
(``accounts.manage_users``, ``accounts.deactivate_user``, ``accounts.reset_second_factor`` in
rules.py), never here; every change is recorded in the audit trail. Nobody changes their own
account this way: an administrator who lost the phone asks another administrator.

Deactivating ends the user's sessions at the next request (Django refuses an inactive user) and
makes sign-in and the password reset refuse them; the roles are kept, so reactivating restores
the same access. Resetting the second factor removes the authenticator app and the backup codes:
the next sign-in with the password continues with setting up a new app.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from tekort.audit import events

PAGE_SIZE = 50


def get_user(request, user_id):
    return get_object_or_404(get_user_model(), pk=user_id)


def user_list(request):
    query = request.GET.get("zoek", "").strip()
    users = get_user_model().objects.order_by("email")
    if query:
        users = users.filter(email__icontains=query)
    return render(
        request,
        "accounts/users.html",
        {"users": users.prefetch_related("roles")[:PAGE_SIZE], "query": query},
    )


def user_detail(request, user_id):
    target = get_user(request, user_id)
    return render(
        request,
        "accounts/user.html",
        {
            "target": target,
            "roles": target.roles.select_related("location", "board", "onderwijsregio"),
            "devices": list(devices_for_user(target, confirmed=None)),
            "may_deactivate": request.user.has_perm("accounts.deactivate_user", target),
            "may_reset": request.user.has_perm("accounts.reset_second_factor", target),
        },
    )


def set_active(request, user_id, active: bool):
    target = request.permission_object
    if request.method != "POST":
        return redirect("accounts:user", user_id=target.pk)
    if target.is_active != active:
        with transaction.atomic():
            target.is_active = active
            target.save(update_fields=["is_active"])
            if not active:
                _end_sessions(target)
            events.changed_record(request, target, {"is_active": [not active, active]})
    if active:
        messages.success(request, _("%(email)s can sign in again.") % {"email": target.email})
    else:
        messages.success(
            request,
            _("%(email)s has been deactivated and can no longer sign in.")
            % {"email": target.email},
        )
    return redirect("accounts:user", user_id=target.pk)


def deactivate(request, user_id):
    return set_active(request, user_id, active=False)


def activate(request, user_id):
    return set_active(request, user_id, active=True)


def reset_second_factor(request, user_id):
    target = request.permission_object
    if request.method != "POST":
        return redirect("accounts:user", user_id=target.pk)
    with transaction.atomic():
        removed = [device.persistent_id for device in devices_for_user(target, confirmed=None)]
        for device in devices_for_user(target, confirmed=None):
            device.delete()
        _end_sessions(target)
        events.changed_record(request, target, {"second_factor": [removed, []]})
    messages.success(
        request,
        _(
            "The second factor of %(email)s has been removed. At the next sign-in with the "
            "password they set up a new authenticator app."
        )
        % {"email": target.email},
    )
    return redirect("accounts:user", user_id=target.pk)


def _end_sessions(user) -> None:
    """Sign the user out everywhere (database sessions: the project's session engine)."""
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
