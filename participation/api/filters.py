"""The filters of the API's lists, matching the web lists': municipality (its number), period,
status, and `changed_since` (rows changed at or after a time, for incremental sync)."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from participation.involvement.models import Initiative, Input, InvolvementEvent
from participation.places.models import Municipality
from participation.programme.models import (
    Commitment,
    IndicatorValue,
    Meeting,
    ProgrammeAgreement,
    ReportingPeriod,
)
from participation.reports.models import ReportSnapshot


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 time, compared in UTC: an offset the database cannot hold (beyond ±15:59)
    or a time that leaves the calendar in UTC is refused (400), not sent to the database."""

    def filter(self, qs: Any, value: datetime.datetime | None) -> Any:
        if value is not None:
            try:
                value = value.astimezone(datetime.UTC)
            except (OverflowError, ValueError):
                raise ValidationError({self.field_name: [_("Give a time in ISO 8601.")]}) from None
        return super().filter(qs, value)


class ChangedSince(django_filters.FilterSet):
    changed_since = UtcDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label="Changed at or after this time (ISO 8601), for incremental sync",
    )


def _municipality(path: str) -> django_filters.CharFilter:
    return django_filters.CharFilter(
        field_name=f"{path}__number", label="Municipality number, e.g. 1804"
    )


def _region(path: str) -> django_filters.CharFilter:
    return django_filters.CharFilter(
        field_name=f"{path}__region__code", label="Husbanken region code"
    )


class MunicipalityFilter(ChangedSince):
    region = django_filters.CharFilter(field_name="region__code", label="Husbanken region code")
    county = django_filters.CharFilter(field_name="county__number", label="County number")
    current = django_filters.BooleanFilter(method="filter_current", label="Only current ones")

    class Meta:
        model = Municipality
        fields = ["region", "county"]

    def filter_current(self, queryset: QuerySet[Any], name: str, value: bool | None) -> Any:
        return queryset.filter(valid_to__isnull=value) if value is not None else queryset


class InitiativeFilter(ChangedSince):
    municipality = _municipality("municipality")
    region = _region("municipality")

    class Meta:
        model = Initiative
        fields = ["municipality", "status", "goals", "priority_areas"]


class EventFilter(ChangedSince):
    municipality = _municipality("initiative__municipality")
    region = _region("initiative__municipality")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = InvolvementEvent
        fields = ["initiative", "method", "channel"]


class InputFilter(ChangedSince):
    municipality = _municipality("event__initiative__municipality")
    region = _region("event__initiative__municipality")

    class Meta:
        model = Input
        fields = ["event", "theme", "follow_up_status"]


class ReportingPeriodFilter(ChangedSince):
    class Meta:
        model = ReportingPeriod
        fields = ["strategy", "kind", "status"]


class IndicatorValueFilter(ChangedSince):
    municipality = _municipality("municipality")
    region = _region("municipality")

    class Meta:
        model = IndicatorValue
        fields = ["period", "indicator", "status"]


class AgreementFilter(ChangedSince):
    municipality = _municipality("municipality")
    region = _region("municipality")

    class Meta:
        model = ProgrammeAgreement
        fields = ["kind", "level"]


class MeetingFilter(ChangedSince):
    municipality = _municipality("municipalities")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = Meeting
        fields = ["kind"]


class CommitmentFilter(ChangedSince):
    municipality = _municipality("municipality")
    region = _region("municipality")

    class Meta:
        model = Commitment
        fields = ["meeting", "status"]


class ReportFilter(ChangedSince):
    municipality = _municipality("municipality")
    region = django_filters.CharFilter(field_name="region__code", label="Husbanken region code")

    class Meta:
        model = ReportSnapshot
        fields = ["scope", "status", "strategy", "period_kind"]
