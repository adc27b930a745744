"""The record of a confirmed event import, committed by the task participation.import_events
(issue 11 item 4): who, which initiative and municipality, its progress and outcome, and the
checked rows until it finishes. Reversible: dropping the table loses only these records."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("involvement", "0009_event_year_figures"),
        ("places", "0002_bounded_numbers_and_dates"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="EventImport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "Waiting"),
                            ("running", "Being imported"),
                            ("done", "Done"),
                            ("failed", "Failed"),
                        ],
                        default="queued",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("language", models.CharField(default="nb", max_length=8, verbose_name="language")),
                (
                    "digest",
                    models.CharField(max_length=64, verbose_name="file fingerprint (SHA-256)"),
                ),
                (
                    "rows_total",
                    models.PositiveIntegerField(default=0, verbose_name="rows in the file"),
                ),
                ("rows_done", models.PositiveIntegerField(default=0, verbose_name="rows checked")),
                (
                    "created_count",
                    models.PositiveIntegerField(default=0, verbose_name="events created"),
                ),
                (
                    "skipped_count",
                    models.PositiveIntegerField(default=0, verbose_name="rows already imported"),
                ),
                ("error", models.TextField(blank=True, verbose_name="error")),
                (
                    "row_errors",
                    models.JSONField(blank=True, default=list, verbose_name="row errors"),
                ),
                ("started_at", models.DateTimeField(blank=True, null=True, verbose_name="started")),
                (
                    "finished_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="finished"),
                ),
                ("payload", models.JSONField(blank=True, null=True, verbose_name="rows to import")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
                (
                    "initiative",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="event_imports",
                        to="involvement.initiative",
                        verbose_name="initiative",
                    ),
                ),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="places.municipality",
                        verbose_name="municipality",
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="updated by",
                    ),
                ),
            ],
            options={
                "verbose_name": "event import",
                "verbose_name_plural": "event imports",
                "ordering": ["-created_at", "-pk"],
                "indexes": [
                    models.Index(
                        fields=["initiative", "created_by", "status"], name="event_import_job_idx"
                    )
                ],
            },
        ),
    ]
