"""Every change staff make to the policy register is recorded here, append-only (`Change`).

tekort.audit had no shared event log when this app was built; when it offers one
(`tekort.audit.events.changed_record`), `record` should write there instead.
"""

from tekort.monitor.models import Change


def record(user, action: str, obj, data: dict | None = None) -> Change:
    return Change.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.model_name,
        object_id=str(obj.pk),
        data=data or {},
    )
