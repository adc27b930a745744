"""Filters for lists, with django-filter: what a user may narrow a list down by.

Every filter's choices come from the user's scope or from active reference data, so a filter
never names a municipality the user may not see.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from participation.accounts.access import visible_municipalities
from participation.involvement import readmodel
from participation.involvement.models import Initiative
from participation.places.models import (
    Goal,
    Municipality,
    ParticipationForm,
    PriorityArea,
    TargetGroup,
)

# The status lifecycle, for sorting by status in a meaningful order rather than alphabetically.
STATUS_ORDER = [
    Initiative.Status.PLANNED,
    Initiative.Status.ONGOING,
    Initiative.Status.DELAYED,
    Initiative.Status.HALTED,
    Initiative.Status.COMPLETED,
]

LEVEL_FIELDS = {
    "individual": "individual_level",
    "collective": "collective_level",
    "system": "system_level",
}


def with_status_rank(queryset: QuerySet[Initiative]) -> QuerySet[Initiative]:
    return queryset.annotate(
        status_rank=Case(
            *(When(status=status, then=Value(rank)) for rank, status in enumerate(STATUS_ORDER)),
            output_field=IntegerField(),
        )
    )


class InitiativeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Name, aim or reference number"),
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        to_field_name="number",
        empty_label=_("All municipalities"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Initiative.Status.choices, empty_label=_("Any status")
    )
    target_group = django_filters.ModelChoiceFilter(
        label=_("Target group"),
        field_name="target_groups",
        queryset=TargetGroup.objects.filter(is_active=True),
        empty_label=_("Any target group"),
    )
    participation_form = django_filters.ModelChoiceFilter(
        label=_("Participation form"),
        field_name="participation_forms",
        queryset=ParticipationForm.objects.filter(is_active=True),
        empty_label=_("Any participation form"),
    )
    level = django_filters.ChoiceFilter(
        label=_("Level"),
        method="filter_level",
        choices=[
            ("individual", _("Individual level")),
            ("collective", _("Collective level")),
            ("system", _("System level")),
        ],
        empty_label=_("Any level"),
    )
    goal = django_filters.ModelChoiceFilter(
        label=_("Strategy goal"),
        field_name="goals",
        queryset=Goal.objects.select_related("strategy"),
        empty_label=_("Any goal"),
    )
    priority_area = django_filters.ModelChoiceFilter(
        label=_("Priority area"),
        field_name="priority_areas",
        queryset=PriorityArea.objects.select_related("strategy"),
        empty_label=_("Any priority area"),
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("name", "name"),
            ("status_rank", "status"),
            ("start_date", "start"),
            ("municipality__name", "municipality"),
        ),
        field_labels={
            "name": _("Name"),
            "status_rank": _("Status"),
            "start_date": _("Start"),
            "municipality__name": _("Municipality"),
        },
        empty_label=_("Municipality and name"),
    )

    class Meta:
        model = Initiative
        fields: list[str] = []

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only municipalities in the user's scope that have initiatives: the choice list stays
        # short for admins, and names no municipality the user may not see.
        # Only the name and number it shows and chooses by: up to 357 rows, not whole models.
        self.filters["municipality"].queryset = (
            readmodel.having(visible_municipalities(user), "initiative_count")
            .only("pk", "name", "number")
            .order_by("name")
        )
        for name in ("goal", "priority_area"):
            field = self.form.fields[name]
            field.label_from_instance = _label_with_strategy  # type: ignore[attr-defined]

    def search(self, queryset: QuerySet[Initiative], name: str, value: str) -> QuerySet[Initiative]:
        for word in value.split():
            queryset = queryset.filter(
                Q(name__icontains=word) | Q(aim__icontains=word) | Q(reference__icontains=word)
            )
        return queryset

    def filter_level(
        self, queryset: QuerySet[Initiative], name: str, value: str
    ) -> QuerySet[Initiative]:
        field = LEVEL_FIELDS.get(value)
        return queryset.filter(**{field: True}) if field else queryset

    @property
    def is_filtered(self) -> bool:
        """Whether any filter or search narrows the list (sorting and paging do not)."""
        return any(self.data.get(name) for name in self.filters if name != "sort")


def _label_with_strategy(obj: Goal | PriorityArea) -> str:
    return f"{obj.name} ({obj.strategy.name})"
