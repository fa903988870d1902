"""One function per auditable action: the only way events enter the audit trail.

Every app records through these functions, e.g. ``events.viewed_microdata(request, location)``.
``request`` supplies the user and the IP address; ``obj`` is any model instance (stored as its
``app_label.model`` and primary key, so the trail never depends on other apps). ``detail`` is a
small JSON-serialisable dict; never put passwords, tokens or the microdata itself in it.
"""

import ipaddress

from django.conf import settings
from django.db import models

from tekort.audit.models import Event


def record(
    action: str,
    *,
    request=None,
    user=None,
    obj: models.Model | None = None,
    detail: dict | None = None,
) -> Event:
    """Append one event. ``user`` defaults to ``request.user``."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return Event.objects.create(
        action=action,
        actor=user if signed_in else None,
        actor_name=user.get_username() if signed_in else "",
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail or {},
        ip_address=client_ip(request),
    )


def client_ip(request) -> str | None:
    """The client's address, for the lockout (django-axes), the rate limits and the audit trail.

    Without TEKORT_PROXY_COUNT: REMOTE_ADDR. Behind N trusted proxies (TEKORT_PROXY_COUNT=N)
    each proxy appends the address it saw to X-Forwarded-For, so only the right-most N addresses
    are trustworthy and the N-th from the right is the client as the outermost proxy saw it;
    anything further left was sent by the client and is ignored. X-Forwarded-For is trusted only
    when the connection itself comes from a loopback or private address (the innermost proxy):
    a request that reaches gunicorn directly from the internet with a forged header is counted
    under its own address. A request with fewer than N forwarded addresses, or a malformed one
    among the right-most N, did not come through the proxies: REMOTE_ADDR counts.
    """
    if request is None:
        return None
    remote = _address(request.META.get("REMOTE_ADDR"))
    proxies = settings.TEKORT_PROXY_COUNT
    if not proxies or remote is None or not (remote.is_private or remote.is_loopback):
        return str(remote) if remote is not None else None
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    trusted = [_address(a) for a in forwarded[-proxies:]]
    if len(trusted) < proxies or None in trusted:
        return str(remote)
    return str(trusted[0])


def _address(value: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value) if value else None
    except ValueError:
        return None


def signed_in(request, user) -> Event:
    return record(Event.Action.SIGNED_IN, request=request, user=user)


def signed_out(request, user) -> Event:
    return record(Event.Action.SIGNED_OUT, request=request, user=user)


def sign_in_failed(request, username: str) -> Event:
    """A wrong password (or a locked-out attempt): the name tried, never the password."""
    return record(
        Event.Action.SIGN_IN_FAILED, request=request, user=None, detail={"username": username}
    )


def locked_out(request, username: str) -> Event:
    return record(
        Event.Action.LOCKED_OUT, request=request, user=None, detail={"username": username}
    )


def two_factor_set_up(request, user, device) -> Event:
    return record(
        Event.Action.TWO_FACTOR_SET_UP,
        request=request,
        user=user,
        detail={"device": device.persistent_id},
    )


def invited(request, invitation, detail: dict) -> Event:
    return record(Event.Action.INVITED, request=request, obj=invitation, detail=detail)


def invitation_accepted(request, user, invitation) -> Event:
    return record(Event.Action.INVITATION_ACCEPTED, request=request, user=user, obj=invitation)


def viewed_microdata(request, obj: models.Model, detail: dict | None = None) -> Event:
    """A signed-in user saw one location's (or board's) own figures."""
    return record(Event.Action.VIEWED_MICRODATA, request=request, obj=obj, detail=detail)


def downloaded_microdata(
    request, obj: models.Model | None, file_format: str, detail: dict | None = None
) -> Event:
    """A signed-in user downloaded microdata (``obj`` None for a download spanning objects)."""
    return record(
        Event.Action.DOWNLOADED_MICRODATA,
        request=request,
        obj=obj,
        detail={"format": file_format, **(detail or {})},
    )


def changed_record(request, obj: models.Model, changes: dict) -> Event:
    """``changes``: {field: [old, new]} of JSON-serialisable values."""
    return record(
        Event.Action.CHANGED_RECORD, request=request, obj=obj, detail={"changes": changes}
    )


def published_release(user, release, detail: dict) -> Event:
    """``user`` (None from a management command) published ``release``; ``detail`` names the
    run, the version and the status. Recorded in the publication's transaction."""
    return record(Event.Action.PUBLISHED_RELEASE, user=user, obj=release, detail=detail)


def changed_policy(user, change: str, object_type: str, object_id, data: dict) -> Event:
    """A change to the policy register (``tekort.monitor``): ``change`` says what
    ("status.drafted", "item.links", "import", …), made by staff (``user``) or by an import
    (None); ``object_type`` is the monitor's model (or "policy" for a whole file), ``data`` its
    before and after."""
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    object_id, detail = str(object_id), {"change": change, "data": data}
    longest = Event._meta.get_field("object_id").max_length
    if len(object_id) > longest:
        # an import's source is a file path: the field keeps its end, the detail all of it
        detail["object_id"] = object_id
        object_id = "…" + object_id[-(longest - 1) :]
    return Event.objects.create(
        action=Event.Action.CHANGED_POLICY,
        actor=user if signed_in else None,
        actor_name=user.get_username() if signed_in else "",
        object_type=f"monitor.{object_type}",
        object_id=object_id,
        detail=detail,
    )
