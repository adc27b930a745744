"""Django admin of reports: made by participation/reports/services/, frozen once done. Admins look
into them here (status, attempts, errors, files); they are asked for and downloaded in the
product, and their schedules are django-celery-beat's Periodic tasks."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from participation.core.admin import ReadOnlyAdmin
from participation.reports.models import ReportFile, ReportSnapshot


class ReportFileInline(admin.TabularInline):
    model = ReportFile
    extra = 0
    fields = ("format", "file", "size", "sha256", "created_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ReportSnapshot)
class ReportSnapshotAdmin(ReadOnlyAdmin):
    list_display = (
        "__str__",
        "scope",
        "period_kind",
        "version",
        "language",
        "status",
        "progress",
        "attempts",
        "requested_by",
        "schedule_name",
        "created_at",
        "finished_at",
    )
    list_filter = ("status", "scope", "period_kind", "strategy")
    list_select_related = ("municipality", "region", "requested_by")
    search_fields = ("municipality__name", "region__name", "schedule_name", "task_id")
    date_hierarchy = "created_at"
    exclude = ("data",)  # the document is large; the report's own page shows it
    inlines = (ReportFileInline,)
