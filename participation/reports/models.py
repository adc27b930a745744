"""Reports: frozen snapshots of the figures for a scope, a period and a strategy.

A snapshot is made once and never changes after it is done: its data (`data`, plus the long
tables in `ReportRow`), its rendered files (`ReportFile`), when and by whom or which schedule it
was made, the data cut-off, its parameters, the generator's version and a checksum. Asking for the
same scope, period, strategy and language again returns the existing snapshot unless a new
version is asked for; old versions stay downloadable unchanged. The one exception is the audited
removal of personal data that slipped in (participation.redaction): the text is replaced by a
marker in the data, rows and files, and the snapshot records when, by whom and its original
checksum.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participation.accounts import access
from participation.accounts.models import RoleAssignment
from participation.core.bounds import validate_date_range
from participation.core.models import TimeStampedModel
from participation.places.models import Municipality, Region, Strategy


class ReportSnapshotQuerySet(models.QuerySet["ReportSnapshot"]):
    def visible_to(self, user: User | AnonymousUser) -> ReportSnapshotQuerySet:
        """Municipal reports of municipalities in the user's scope, regional reports of the
        regions their adviser or viewer role names, and the national reports for everyone with
        a role. Admins see all. The same rule as `participation.reports.rules.may_see_report`."""
        if access.is_admin(user):
            return self.all()
        if not access.grants_of(user):
            return self.none()
        Scope = ReportSnapshot.Scope
        Role = RoleAssignment.Role
        regions = access.region_ids_for_role(user, {Role.ADVISER, Role.VIEWER}) or ()
        return self.filter(
            Q(scope=Scope.NATIONAL)
            | Q(scope=Scope.MUNICIPALITY, municipality__in=access.municipality_ids(user) or ())
            | Q(scope=Scope.REGION, region__in=regions)
        )

    def done(self) -> ReportSnapshotQuerySet:
        return self.filter(status=ReportSnapshot.Status.DONE)


class ReportSnapshot(TimeStampedModel):
    """One generated (or requested) report."""

    class Scope(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        REGION = "region", _("Husbanken region")
        NATIONAL = "national", _("National")

    class PeriodKind(models.TextChoices):
        QUARTER = "quarter", _("Quarter")
        HALF_YEAR = "half_year", _("Half-year")
        YEAR = "year", _("Year")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_snapshots",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("Husbanken region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_snapshots",
    )
    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.PROTECT, related_name="+"
    )
    period_kind = models.CharField(_("period"), max_length=20, choices=PeriodKind.choices)
    period_start = models.DateField(_("period start"), validators=[validate_date_range])
    period_end = models.DateField(_("period end"), validators=[validate_date_range])
    language = models.CharField(_("language"), max_length=8, default="nb")
    version = models.PositiveIntegerField(_("version"), default=1)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    # Set when the broker accepted the task; None while it waits for the broker to come back.
    dispatched_at = models.DateTimeField(_("sent to the queue"), null=True, blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (percent)"), default=0)
    progress_step = models.CharField(_("current step"), max_length=120, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    schedule_name = models.CharField(_("schedule"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    data_cutoff = models.DateTimeField(_("data cut-off"), null=True, blank=True)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    generator_version = models.CharField(_("generator version"), max_length=40, blank=True)
    # The report document's small part (see participation.reports.document); long tables are
    # in ReportRow.
    data = models.JSONField(_("data"), null=True, blank=True)
    checksum = models.CharField(_("checksum (SHA-256)"), max_length=64, blank=True)
    notified_at = models.DateTimeField(_("requester notified"), null=True, blank=True)
    # Set when personal data was removed from the report (participation.redaction): its data,
    # rows and files were rewritten with the marker, and `checksum` is the new one. The
    # checksum the report was first made with stays on record beside it.
    redacted_at = models.DateTimeField(_("personal data removed"), null=True, blank=True)
    redacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personal data removed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    original_checksum = models.CharField(
        _("original checksum (SHA-256)"), max_length=64, blank=True
    )

    objects = ReportSnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "scope", "-version", "-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [
            models.Index(fields=["status", "dispatched_at"], name="report_status_idx"),
            models.Index(fields=["scope", "period_end"], name="report_scope_period_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(scope="municipality", municipality__isnull=False, region__isnull=True)
                    | Q(scope="region", municipality__isnull=True, region__isnull=False)
                    | Q(scope="national", municipality__isnull=True, region__isnull=True)
                ),
                name="report_scope_matches_place",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="report_period_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="report_progress_at_most_100"
            ),
            models.UniqueConstraint(
                fields=[
                    "scope",
                    "municipality",
                    "region",
                    "strategy",
                    "period_start",
                    "period_end",
                    "language",
                    "version",
                ],
                nulls_distinct=False,
                name="report_version_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place_name} {self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("participation:report-detail", args=[self.pk])

    @property
    def place_name(self) -> str:
        if self.municipality_id is not None:
            return str(self.municipality)
        if self.region_id is not None:
            return str(self.region)
        return str(_("Norway"))

    @property
    def is_suppressed(self) -> bool:
        """Region and national reports protect every count (see reports.disclosure)."""
        return self.scope != self.Scope.MUNICIPALITY


class ReportRow(models.Model):
    """One row of a report's long table (e.g. every initiative in a national report), kept out
    of the snapshot's JSON so that making and exporting it streams instead of holding it all."""

    snapshot = models.ForeignKey(
        ReportSnapshot, verbose_name=_("report"), on_delete=models.CASCADE, related_name="rows"
    )
    table = models.CharField(_("table"), max_length=40)
    ordinal = models.PositiveIntegerField(_("row number"))
    cells = models.JSONField(_("cells"))

    class Meta:
        ordering = ["snapshot", "table", "ordinal"]
        verbose_name = _("report row")
        verbose_name_plural = _("report rows")
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "table", "ordinal"], name="report_row_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.table} #{self.ordinal}"


def report_file_path(instance: ReportFile, filename: str) -> str:
    return f"reports/{instance.snapshot_id}/{filename}"


class ReportFile(models.Model):
    """A rendered file of a snapshot: PDF, XLSX or a zip of CSV files."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "XLSX"
        CSV = "csv", _("CSV (zip)")

    snapshot = models.ForeignKey(
        ReportSnapshot, verbose_name=_("report"), on_delete=models.CASCADE, related_name="files"
    )
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    file = models.FileField(_("file"), upload_to=report_file_path, max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["snapshot", "format"]
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "format"], name="report_file_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.snapshot} ({self.get_format_display()})"
