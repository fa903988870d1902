"""Every change to the policy register, by staff or by an import, in the one audit trail
(``tekort.audit``: an event ``changed_policy`` whose detail names the change and its data).

``record`` and ``record_import`` write it; ``changes`` reads it back, newest first.
"""

from django.db.models import QuerySet

from tekort.audit import events
from tekort.audit.models import Event


def record(user, action: str, obj, data: dict | None = None) -> Event:
    """Staff (``user``) changed ``obj``: ``action`` says how ("status.revised", …)."""
    return events.changed_policy(user, action, obj._meta.model_name, obj.pk, data or {})


def record_import(action: str, source: str, data: dict) -> Event:
    """An import changed the register from the file ``source`` (no user)."""
    return events.changed_policy(None, action, "policy", source, data)


def changes(action: str | None = None) -> QuerySet[Event]:
    """The register's changes (of ``action`` only, if given), newest first."""
    found = Event.objects.filter(action=Event.Action.CHANGED_POLICY)
    if action is not None:
        found = found.filter(detail__change=action)
    return found.order_by("-at", "-id")
