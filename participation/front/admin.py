"""Django admin for all domain data: list columns, search, filters, autocomplete.

The product's own screens are where people work; the admin is for Husbanken's head office to
maintain reference data and look into any record.
"""

# auditlog's admin module first: its LogEntry admin is replaced at the end of this one.
from auditlog.admin import LogEntryAdmin as AuditlogLogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from participation.accounts.models import RoleAssignment, SecurityEvent
from participation.involvement.models import (
    FactorAssessment,
    Initiative,
    Input,
    InvolvementEvent,
    ParticipantCount,
)
from participation.places.models import (
    County,
    Factor,
    Goal,
    Indicator,
    Instrument,
    Method,
    Municipality,
    ParticipationForm,
    PriorityArea,
    Region,
    ResultTarget,
    Strategy,
    SubGoal,
    SuccessCriterion,
    TargetGroup,
    Theme,
)
from participation.programme.models import (
    AgreementCheckItem,
    Commitment,
    Grant,
    IndicatorValue,
    Meeting,
    ProgrammeAgreement,
    ProgrammeContact,
    ReportingPeriod,
    RiskFlag,
    SuccessCriterionAssessment,
)
from participation.reports.models import ReportFile, ReportSnapshot


class AttributedAdmin(admin.ModelAdmin):
    """Records the acting user on every save made through the admin."""

    readonly_fields = ("created_at", "updated_at", "created_by", "updated_by")

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


# Places


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "office")
    search_fields = ("name", "code")


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "region", "valid_from", "valid_to")
    list_filter = ("region",)
    search_fields = ("number", "name")


class IsCurrentFilter(admin.SimpleListFilter):
    title = _("validity")
    parameter_name = "current"

    def lookups(self, request, model_admin):  # type: ignore[no-untyped-def]
        return [("yes", _("Current")), ("no", _("Historical"))]

    def queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        if self.value() == "yes":
            return queryset.filter(valid_to__isnull=True)
        if self.value() == "no":
            return queryset.filter(valid_to__isnull=False)
        return queryset


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "name",
        "county",
        "region",
        "population",
        "population_year",
        "valid_to",
    )
    list_filter = (IsCurrentFilter, "region", "county")
    list_select_related = ("county", "region")
    search_fields = ("number", "name")
    autocomplete_fields = ("successor",)
    ordering = ("name",)


# Vocabularies


class VocabularyAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "code", "order", "is_active")
    list_editable = ("order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "name_en", "code")
    prepopulated_fields = {"code": ("name",)}


admin.site.register(TargetGroup, VocabularyAdmin)
admin.site.register(Method, VocabularyAdmin)
admin.site.register(ParticipationForm, VocabularyAdmin)
admin.site.register(Theme, VocabularyAdmin)
admin.site.register(Instrument, VocabularyAdmin)


@admin.register(Factor)
class FactorAdmin(VocabularyAdmin):
    list_display = ("name", "kind", "group", "order", "is_active")  # type: ignore[assignment]
    list_filter = ("kind", "group", "is_active")  # type: ignore[assignment]


# Strategy


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0


class PriorityAreaInline(admin.TabularInline):
    model = PriorityArea
    extra = 0
    autocomplete_fields = ("goal",)


class SuccessCriterionInline(admin.TabularInline):
    model = SuccessCriterion
    extra = 0


class ResultTargetInline(admin.TabularInline):
    model = ResultTarget
    extra = 0
    autocomplete_fields = ("goal",)


@admin.register(Strategy)
class StrategyAdmin(admin.ModelAdmin):
    list_display = ("name", "start_year", "end_year")
    search_fields = ("name",)
    inlines = (GoalInline, PriorityAreaInline, SuccessCriterionInline, ResultTargetInline)


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "strategy")
    list_filter = ("strategy", "kind")
    search_fields = ("name", "code")


class SubGoalInline(admin.TabularInline):
    model = SubGoal
    extra = 0


@admin.register(PriorityArea)
class PriorityAreaAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "goal", "strategy")
    list_filter = ("strategy",)
    list_select_related = ("goal", "strategy")
    search_fields = ("name", "code")
    autocomplete_fields = ("goal",)
    inlines = (SubGoalInline,)


@admin.register(SubGoal)
class SubGoalAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "priority_area")
    list_filter = ("priority_area__strategy",)
    list_select_related = ("priority_area",)
    search_fields = ("name", "code")
    autocomplete_fields = ("priority_area",)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit", "direction", "baseline", "target", "is_example")
    list_filter = ("strategy", "unit", "direction", "is_example")
    search_fields = ("name", "code")
    autocomplete_fields = ("goal", "priority_area", "sub_goal")


@admin.register(ResultTarget)
class ResultTargetAdmin(admin.ModelAdmin):
    list_display = ("text", "goal", "strategy", "order")
    list_filter = ("strategy",)
    list_select_related = ("goal", "strategy")
    search_fields = ("text",)
    autocomplete_fields = ("goal",)


@admin.register(SuccessCriterion)
class SuccessCriterionAdmin(admin.ModelAdmin):
    list_display = ("name", "strategy", "order")
    list_filter = ("strategy",)
    search_fields = ("name",)


# Involvement


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


# Programme


class AgreementCheckItemInline(admin.TabularInline):
    model = AgreementCheckItem
    extra = 0


@admin.register(ProgrammeAgreement)
class ProgrammeAgreementAdmin(AttributedAdmin):
    list_display = ("municipality", "kind", "level", "start_date", "end_date", "previous")
    list_filter = ("kind", "level", "municipality__region")
    list_select_related = ("municipality", "previous__municipality")
    search_fields = ("municipality__name", "signatories")
    autocomplete_fields = ("municipality", "previous", "priority_sub_goals")
    inlines = (AgreementCheckItemInline,)


@admin.register(ProgrammeContact)
class ProgrammeContactAdmin(AttributedAdmin):
    list_display = ("name", "role", "municipality", "sector", "start_date", "end_date")
    list_filter = ("role", "municipality__region")
    list_select_related = ("municipality",)
    search_fields = ("name", "municipality__name", "sector")
    autocomplete_fields = ("municipality",)


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0
    autocomplete_fields = ("municipality", "responsible")
    fields = ("municipality", "description", "responsible", "due_date", "status", "closed_on")


@admin.register(Meeting)
class MeetingAdmin(AttributedAdmin):
    list_display = ("title", "kind", "date")
    list_filter = ("kind", "is_example")
    search_fields = ("title", "minutes", "municipalities__name")
    autocomplete_fields = ("municipalities",)
    date_hierarchy = "date"
    inlines = (CommitmentInline,)


@admin.register(Commitment)
class CommitmentAdmin(AttributedAdmin):
    list_display = ("__str__", "municipality", "due_date", "status", "responsible")
    list_filter = ("status", "municipality__region")
    list_select_related = ("municipality", "responsible")
    search_fields = ("description", "municipality__name", "responsible_name")
    autocomplete_fields = ("municipality", "meeting", "responsible")


@admin.register(Grant)
class GrantAdmin(AttributedAdmin):
    list_display = ("municipality", "instrument", "year", "applied", "granted", "paid")
    list_filter = ("instrument", "year", "municipality__region")
    list_select_related = ("municipality", "instrument")
    search_fields = ("municipality__name", "purpose")
    autocomplete_fields = ("municipality",)


@admin.register(SuccessCriterionAssessment)
class SuccessCriterionAssessmentAdmin(AttributedAdmin):
    list_display = ("municipality", "year", "criterion", "assessor", "rating")
    list_filter = ("year", "assessor", "rating", "criterion")
    list_select_related = ("municipality", "criterion")
    search_fields = ("municipality__name", "reason")
    autocomplete_fields = ("municipality",)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "start_date", "end_date", "deadline", "status")
    list_filter = ("kind", "status", "strategy")
    search_fields = ("name",)


@admin.register(IndicatorValue)
class IndicatorValueAdmin(AttributedAdmin):
    list_display = ("municipality", "indicator", "period", "value", "status")
    list_filter = ("status", "period", "indicator__strategy")
    list_select_related = ("municipality", "indicator", "period")
    search_fields = ("municipality__name", "indicator__name")
    autocomplete_fields = ("municipality", "indicator", "period")


@admin.register(RiskFlag)
class RiskFlagAdmin(AttributedAdmin):
    list_display = ("municipality", "kind", "source", "raised_on", "closed_on")
    list_filter = ("kind", "source", "municipality__region")
    list_select_related = ("municipality",)
    search_fields = ("municipality__name", "note")
    autocomplete_fields = ("municipality",)


# Access


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    """Read-only here: roles are granted and revoked under /brukere/, through
    `participation.accounts.services.users`, which records a security event and keeps admins `is_staff`."""

    list_display = ("user", "role", "region", "municipality", "is_programme_leader")
    list_filter = ("role", "region")
    list_select_related = ("user", "region", "municipality")
    search_fields = ("user__username", "user__email", "municipality__name")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


def admin_role_only(request: HttpRequest) -> bool:
    """Who may use the Django admin at all: active staff with the admin role.

    Django admits any active `is_staff` user; this narrows it to the admin role through the
    permission module (`participation.manage_reference_data`), so staff flags set by hand grant
    nothing. Everyone else is sent to the admin's login page.
    """
    user = request.user
    return bool(
        user.is_active and user.is_staff and user.has_perm("participation.manage_reference_data")
    )


admin.site.has_permission = admin_role_only  # type: ignore[method-assign]


# Audit trail: read-only for everyone, superusers included. The database refuses UPDATE and
# DELETE on both tables as well (accounts migration 0002); these admins just never offer them.


class ReadOnlyAuditAdmin(admin.ModelAdmin):
    actions = None

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAuditAdmin):
    list_display = ("created_at", "kind", "actor", "username", "target_user", "ip_address")
    list_filter = ("kind",)
    list_select_related = ("actor", "target_user")
    search_fields = ("username", "actor__username", "target_user__username")
    date_hierarchy = "created_at"


# Reports: made by participation/reports/services/, frozen once done. Admins look into them
# here (status, attempts, errors, files); they are asked for and downloaded in the product, and
# their schedules are django-celery-beat's Periodic tasks.


class ReportFileInline(admin.TabularInline):
    model = ReportFile
    extra = 0
    fields = ("format", "file", "size", "sha256", "created_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ReportSnapshot)
class ReportSnapshotAdmin(ReadOnlyAuditAdmin):
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


# auditlog registers its own LogEntry admin, which allows the deletes that cascade from a
# deleted object; ours is the same list and detail without them.
admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class LogEntryAdmin(AuditlogLogEntryAdmin):
    actions = None

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
