"""The region view's tables belong to the estimate run (``estimates.EstimateRegionTables``),
computed with its estimates from the same registrations; ``ReleaseRegionTables`` goes.

Tables frozen at publication before this change move to the run of their release (one release
per run), so a region keeps seeing exactly what was published; back, the tables of every
published run return to its releases."""

from django.db import migrations


def to_runs(apps, schema_editor):
    ReleaseRegionTables = apps.get_model("publications", "ReleaseRegionTables")
    EstimateRegionTables = apps.get_model("estimates", "EstimateRegionTables")
    done = set(EstimateRegionTables.objects.values_list("run_id", "onderwijsregio_id"))
    moved = []
    for frozen in ReleaseRegionTables.objects.select_related("release").order_by("pk"):
        key = (frozen.release.run_id, frozen.onderwijsregio_id)
        if key in done:  # the run has its own
            continue
        done.add(key)
        moved.append(
            EstimateRegionTables(
                run_id=key[0],
                onderwijsregio_id=key[1],
                tables=frozen.tables,
                audit=frozen.audit,
            )
        )
    EstimateRegionTables.objects.bulk_create(moved, batch_size=500)


def to_releases(apps, schema_editor):
    Release = apps.get_model("publications", "Release")
    ReleaseRegionTables = apps.get_model("publications", "ReleaseRegionTables")
    EstimateRegionTables = apps.get_model("estimates", "EstimateRegionTables")
    ReleaseRegionTables.objects.bulk_create(
        [
            ReleaseRegionTables(
                release_id=release_id,
                onderwijsregio_id=tables.onderwijsregio_id,
                tables=tables.tables,
                audit=tables.audit,
            )
            for release_id, run_id in Release.objects.values_list("pk", "run_id")
            for tables in EstimateRegionTables.objects.filter(run_id=run_id)
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0002_release_region_tables"),
        ("estimates", "0002_region_tables"),
    ]

    operations = [
        migrations.RunPython(to_runs, to_releases),
        migrations.DeleteModel(name="ReleaseRegionTables"),
    ]
