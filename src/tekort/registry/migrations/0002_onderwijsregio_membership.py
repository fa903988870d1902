"""Onderwijsregio membership gets validity dates, a source and history.

The plain many-to-many field's join table (registry_onderwijsregio_boards) becomes the table of
the explicit through model OnderwijsregioMembership: its rows are kept as they are (state only,
no table is rebuilt), then the new columns are added.

Every existing row gets an empty valid_from: its start is not known, and it counts as a member
on every date until it is ended. A fixed default such as 2023-07-06 (the start of the voorlopers)
was considered and not taken: the rows had no date, so any date would be invented, and every
round with an earlier peildatum (earlier years' data, the rounds tests make from 1990 on) would
silently lose its onderwijsregio's. The unique (onderwijsregio, board) pair is dropped so that a
board can leave and rejoin a region; instead a period starts once per pair (an unknown start at
most once) and must end after it starts.
"""

import django.db.models.deletion
from django.db import migrations, models

class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OnderwijsregioMembership",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "onderwijsregio",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="memberships",
                                to="registry.onderwijsregio",
                            ),
                        ),
                        (
                            "board",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="onderwijsregio_memberships",
                                to="registry.board",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "registry_onderwijsregio_boards",
                        "unique_together": {("onderwijsregio", "board")},
                    },
                ),
                migrations.AlterField(
                    model_name="onderwijsregio",
                    name="boards",
                    field=models.ManyToManyField(
                        blank=True,
                        help_text=(
                            "Every membership ever, ended ones included: read the members on a "
                            "date through tekort.registry.membership."
                        ),
                        related_name="onderwijsregios",
                        through="registry.OnderwijsregioMembership",
                        to="registry.board",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="onderwijsregiomembership",
            name="valid_from",
            field=models.DateField(
                blank=True,
                help_text="First day of membership; empty: start not known, a member on every date.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="onderwijsregiomembership",
            name="valid_to",
            field=models.DateField(
                blank=True,
                help_text="First day no longer a member; empty: still a member.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="onderwijsregiomembership",
            name="source",
            field=models.CharField(
                blank=True, help_text="File or import the membership came from.", max_length=200
            ),
        ),
        migrations.AddField(
            model_name="onderwijsregiomembership",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, null=True),
        ),
        migrations.AlterUniqueTogether(
            name="onderwijsregiomembership",
            unique_together=set(),
        ),
        migrations.AlterModelOptions(
            name="onderwijsregiomembership",
            options={
                "ordering": [
                    "onderwijsregio__name",
                    "board_id",
                    models.OrderBy(models.F("valid_from"), nulls_first=True),
                ]
            },
        ),
        migrations.AddConstraint(
            model_name="onderwijsregiomembership",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("valid_to__isnull", True),
                    ("valid_from__isnull", True),
                    ("valid_to__gt", models.F("valid_from")),
                    _connector="OR",
                ),
                name="membership_ends_after_start",
            ),
        ),
        migrations.AddConstraint(
            model_name="onderwijsregiomembership",
            constraint=models.UniqueConstraint(
                fields=("onderwijsregio", "board", "valid_from"), name="membership_start_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="onderwijsregiomembership",
            constraint=models.UniqueConstraint(
                condition=models.Q(("valid_from__isnull", True)),
                fields=("onderwijsregio", "board"),
                name="membership_unknown_start_once",
            ),
        ),
    ]
