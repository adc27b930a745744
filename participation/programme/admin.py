"""Django admin of the municipal programme: agreements, contacts, meetings and commitments,
grants, success-criteria assessments, reporting periods, indicator values and risk flags."""

from django.contrib import admin

from participation.core.admin import AttributedAdmin
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
    """A value's status is read-only here: it is submitted and approved in the product, where
    whoever submitted or last changed a value cannot approve it (services/values.py)."""

    readonly_fields = (*AttributedAdmin.readonly_fields, "status")  # type: ignore[assignment]
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
