"""Django admin of places, vocabularies and strategies: the reference data Husbanken's head
office maintains here (the product has no screens for it)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

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

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, Any]]:
        return [("yes", _("Current")), ("no", _("Historical"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
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
