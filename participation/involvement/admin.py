"""Django admin of initiatives, involvement events and input (people work on them in the
product's own screens; the admin is for looking into any record)."""

from django.contrib import admin

from participation.core.admin import AttributedAdmin, ReadOnlyAdmin
from participation.involvement.models import (
    EventImport,
    FactorAssessment,
    Initiative,
    Input,
    InvolvementEvent,
    ParticipantCount,
)


class FactorAssessmentInline(admin.TabularInline):
    model = FactorAssessment
    extra = 0
    autocomplete_fields = ("factor",)
    fields = ("factor", "presence", "comment")


@admin.register(Initiative)
class InitiativeAdmin(AttributedAdmin):
    list_display = ("reference", "name", "municipality", "status", "start_date", "is_example")
    list_filter = ("status", "is_example", "municipality__region", "target_groups")
    list_select_related = ("municipality",)
    search_fields = ("reference", "name", "aim", "municipality__name")
    autocomplete_fields = ("municipality", "goals", "priority_areas")
    filter_horizontal = ("target_groups", "participation_forms")
    readonly_fields = ("reference", *AttributedAdmin.readonly_fields)  # type: ignore[assignment]
    inlines = (FactorAssessmentInline,)
    date_hierarchy = "start_date"


class ParticipantCountInline(admin.TabularInline):
    model = ParticipantCount
    extra = 0


class InputInline(admin.StackedInline):
    model = Input
    extra = 0
    fields = ("theme", "summary", "follow_up_status", "follow_up_date", "answer", "answered_on")


@admin.register(InvolvementEvent)
class InvolvementEventAdmin(AttributedAdmin):
    list_display = (
        "title",
        "date",
        "initiative",
        "method",
        "channel",
        "feedback_due",
        "feedback_given",
    )
    list_filter = ("channel", "method", "consent_noted", "expectations_clarified", "is_example")
    list_select_related = ("initiative", "method")
    search_fields = ("title", "initiative__name", "initiative__municipality__name")
    autocomplete_fields = ("initiative",)
    filter_horizontal = ("themes",)
    date_hierarchy = "date"
    inlines = (ParticipantCountInline, InputInline)


@admin.register(Input)
class InputAdmin(AttributedAdmin):
    list_display = ("__str__", "theme", "follow_up_status", "answered_on", "event")
    list_filter = ("follow_up_status", "theme")
    list_select_related = ("theme", "event")
    search_fields = ("summary", "answer", "event__title")
    autocomplete_fields = ("event",)


@admin.register(EventImport)
class EventImportAdmin(ReadOnlyAdmin):
    """Imports are made by the product (the import page and its task): to look into only. The
    rows waiting to be imported (`payload`) are not shown."""

    list_display = (
        "__str__",
        "initiative",
        "municipality",
        "status",
        "rows_total",
        "created_count",
        "skipped_count",
        "created_by",
        "created_at",
        "finished_at",
    )
    list_filter = ("status",)
    list_select_related = ("initiative", "municipality", "created_by")
    search_fields = ("initiative__name", "initiative__reference", "municipality__name")
    date_hierarchy = "created_at"
    exclude = ("payload",)
