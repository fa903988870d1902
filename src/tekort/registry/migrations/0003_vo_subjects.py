from datetime import date

import django.db.models.expressions
from django.db import migrations, models

SOURCE = (
    "ocwincijfers.nl, Trendrapportage arbeidsmarkt, tekorten vo: landelijke tekorten vo naar vak "
    "(peildatum 1 oktober 2023)"
)
# The ministry's subject list, in its order (code, name).
SUBJECTS = [
    ("NE", "Nederlands"),
    ("WI", "Wiskunde"),
    ("BVMBO", "Beroepsgerichte vakken vmbo"),
    ("EN", "Engels"),
    ("DU", "Duits"),
    ("LO", "Lichamelijke opvoeding"),
    ("EC", "Economie"),
    ("CKV", "CKV en kunstvakken"),
    ("BI", "Biologie"),
    ("FA", "Frans"),
    ("NA", "Natuurkunde"),
    ("AK", "Aardrijkskunde"),
    ("MA", "Maatschappijleer"),
    ("NASK", "NaSk"),
    ("TE", "Techniek"),
    ("GS", "Geschiedenis"),
    ("SK", "Scheikunde"),
    ("LV", "Levensbeschouwing"),
    ("IN", "Informatica"),
    ("KL", "Klassieke talen"),
    ("GZW", "Gezondheidszorg en welzijn"),
    ("OV", "Overige vakken"),
]


def load(apps, schema_editor):
    VoSubject = apps.get_model("registry", "VoSubject")
    VoSubject.objects.bulk_create(
        VoSubject(
            code=code,
            name=name,
            position=position,
            valid_from=date(2023, 8, 1),
            source=SOURCE,
        )
        for position, (code, name) in enumerate(SUBJECTS, start=1)
    )


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_onderwijsregio_membership")]

    operations = [
        migrations.CreateModel(
            name="VoSubject",
            fields=[
                ("code", models.CharField(max_length=8, primary_key=True, serialize=False)),
                ("name", models.CharField(max_length=80)),
                (
                    "position",
                    models.PositiveSmallIntegerField(
                        help_text="Order in forms and tables (the ministry's order)."
                    ),
                ),
                ("valid_from", models.DateField()),
                ("valid_to", models.DateField(blank=True, null=True)),
                ("source", models.CharField(max_length=300)),
            ],
            options={
                "ordering": ["position", "code"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("valid_to__isnull", True))
                        | models.Q(
                            ("valid_to__gt", django.db.models.expressions.F("valid_from"))
                        ),
                        name="vo_subject_ends_after_start",
                    )
                ],
            },
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
