"""The policy register's change history moves into the one audit trail (tekort.audit, issue 22):
every Change becomes an Event "changed_policy" with the same time, user, object and data, in
the order they were made; then the table goes."""

from django.db import migrations


def _event(Event, change):
    object_id, detail = change.object_id, {"change": change.action, "data": change.data}
    longest = Event._meta.get_field("object_id").max_length
    if len(object_id) > longest:
        # an import's source is a file path: the field keeps its end, the detail all of it
        detail["object_id"] = object_id
        object_id = "…" + object_id[-(longest - 1) :]
    return Event(
        at=change.at,
        action="changed_policy",
        actor_id=change.user_id,
        actor_name=change.user.username if change.user_id else "",
        object_type=f"monitor.{change.object_type}",
        object_id=object_id,
        detail=detail,
    )


def to_audit_trail(apps, schema_editor):
    Change = apps.get_model("monitor", "Change")
    Event = apps.get_model("audit", "Event")
    changes = Change.objects.select_related("user").order_by("at", "id")
    Event.objects.bulk_create([_event(Event, change) for change in changes])


class Migration(migrations.Migration):
    dependencies = [
        ("monitor", "0003_deadlines_and_announcements"),
        ("audit", "0005_policy_change_action"),
    ]

    operations = [
        # moving the rows forward only: the change history stays in the audit trail
        migrations.RunPython(to_audit_trail, migrations.RunPython.noop),
        migrations.DeleteModel(name="Change"),
    ]
