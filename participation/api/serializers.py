"""What the API shows of each record. Read serializers only: writes are validated by the web's own
forms and saved by the web's own services (participation/api/writes.py)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from participation.involvement.models import Initiative, Input, InvolvementEvent, ParticipantCount
from participation.places.models import (
    County,
    Goal,
    Indicator,
    Municipality,
    PriorityArea,
    Region,
    Strategy,
)
from participation.programme.models import (
    Commitment,
    IndicatorValue,
    Meeting,
    ProgrammeAgreement,
    ReportingPeriod,
)
from participation.reports.models import ReportFile, ReportSnapshot


# Municipalities are named by their number, as in the web's addresses.
def _number(*, allow_null: bool = False) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="number", read_only=True, allow_null=allow_null)


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ("id", "code", "name", "updated_at")


class CountySerializer(serializers.ModelSerializer):
    class Meta:
        model = County
        fields = ("id", "number", "name", "region", "valid_from", "valid_to", "updated_at")


class MunicipalitySerializer(serializers.ModelSerializer):
    county = serializers.SlugRelatedField(slug_field="number", read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    successor = _number(allow_null=True)

    class Meta:
        model = Municipality
        fields = (
            "id",
            "number",
            "name",
            "county",
            "region",
            "population",
            "population_year",
            "valid_from",
            "valid_to",
            "successor",
            "updated_at",
        )


class StrategySerializer(serializers.ModelSerializer):
    class Meta:
        model = Strategy
        fields = ("id", "code", "name", "subtitle", "start_year", "end_year", "updated_at")


class GoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Goal
        fields = ("id", "strategy", "kind", "code", "name", "order", "updated_at")


class PriorityAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = PriorityArea
        fields = ("id", "strategy", "goal", "code", "name", "order", "updated_at")


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = (
            "id",
            "strategy",
            "goal",
            "priority_area",
            "sub_goal",
            "code",
            "name",
            "description",
            "unit",
            "direction",
            "baseline",
            "baseline_year",
            "target",
            "is_example",
            "updated_at",
        )


class VocabularySerializer(serializers.Serializer):
    """A term of a vocabulary (target groups, methods, participation forms, themes, factors,
    instruments)."""

    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    order = serializers.IntegerField(read_only=True)
    is_active = serializers.BooleanField(read_only=True)


class InitiativeSerializer(serializers.ModelSerializer):
    municipality = _number()
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = Initiative
        fields = (
            "id",
            "reference",
            "municipality",
            "name",
            "aim",
            "status",
            "start_date",
            "end_date",
            "target_groups",
            "participation_forms",
            "goals",
            "priority_areas",
            "individual_level",
            "collective_level",
            "system_level",
            "directness",
            "intended_influence",
            "participation_description",
            "strengths",
            "success_factors",
            "challenges",
            "staffing_fte",
            "is_example",
            "created_at",
            "updated_at",
            "web_url",
        )

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, obj: Initiative) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class ParticipantCountSerializer(serializers.ModelSerializer):
    class Meta:
        model = ParticipantCount
        fields = ("target_group", "role", "count")


class EventSerializer(serializers.ModelSerializer):
    municipality = serializers.SerializerMethodField()
    participant_counts = ParticipantCountSerializer(many=True, read_only=True)
    participant_total = serializers.SerializerMethodField()
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = InvolvementEvent
        fields = (
            "id",
            "initiative",
            "municipality",
            "title",
            "date",
            "start_time",
            "method",
            "channel",
            "themes",
            "description",
            "accessibility_measures",
            "expectations_clarified",
            "promise_to_participants",
            "feedback_due",
            "feedback_given",
            "feedback_how",
            "consent_noted",
            "consent_how",
            "participant_counts",
            "participant_total",
            "is_example",
            "created_at",
            "updated_at",
            "web_url",
        )

    def get_municipality(self, obj: InvolvementEvent) -> str:
        return obj.initiative.municipality.number

    def get_participant_total(self, obj: InvolvementEvent) -> int:
        return obj.participant_total

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, obj: InvolvementEvent) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("participation:event-detail", args=[obj.pk])
        )


class InputSerializer(serializers.ModelSerializer):
    initiative = serializers.SerializerMethodField()

    class Meta:
        model = Input
        fields = (
            "id",
            "event",
            "initiative",
            "theme",
            "summary",
            "follow_up_status",
            "follow_up_date",
            "answer",
            "answered_on",
            "is_example",
            "created_at",
            "updated_at",
        )

    def get_initiative(self, obj: Input) -> int:
        return obj.event.initiative_id


class ReportingPeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingPeriod
        fields = (
            "id",
            "strategy",
            "name",
            "kind",
            "start_date",
            "end_date",
            "deadline",
            "status",
            "updated_at",
        )


class IndicatorValueSerializer(serializers.ModelSerializer):
    municipality = _number()
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)

    class Meta:
        model = IndicatorValue
        fields = (
            "id",
            "municipality",
            "indicator",
            "indicator_code",
            "period",
            "value",
            "source",
            "status",
            "comment",
            "is_example",
            "created_at",
            "updated_at",
        )


class AgreementSerializer(serializers.ModelSerializer):
    municipality = _number()

    class Meta:
        model = ProgrammeAgreement
        fields = (
            "id",
            "municipality",
            "kind",
            "level",
            "start_date",
            "end_date",
            "signatories",
            "previous",
            "priority_sub_goals",
            "is_example",
            "created_at",
            "updated_at",
        )


class MeetingSerializer(serializers.ModelSerializer):
    municipalities = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = (
            "id",
            "kind",
            "title",
            "date",
            "municipalities",
            "participants",
            "minutes",
            "is_example",
            "created_at",
            "updated_at",
        )


class CommitmentSerializer(serializers.ModelSerializer):
    municipality = _number()
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Commitment
        fields = (
            "id",
            "meeting",
            "municipality",
            "description",
            "responsible_name",
            "due_date",
            "status",
            "note",
            "closed_on",
            "is_overdue",
            "created_at",
            "updated_at",
        )


class ReportFileSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ReportFile
        fields = ("format", "size", "sha256", "url")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: ReportFile) -> str:
        return self.context["request"].build_absolute_uri(
            reverse(
                "participation:api-report-file",
                kwargs={"pk": obj.snapshot_id, "fmt": obj.format},
            )
        )


class ReportSerializer(serializers.ModelSerializer):
    municipality = _number(allow_null=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    files = serializers.SerializerMethodField()

    class Meta:
        model = ReportSnapshot
        fields = (
            "id",
            "scope",
            "municipality",
            "region",
            "strategy",
            "period_kind",
            "period_start",
            "period_end",
            "language",
            "version",
            "status",
            "schedule_name",
            "started_at",
            "finished_at",
            "data_cutoff",
            "parameters",
            "generator_version",
            "checksum",
            "redacted_at",
            "original_checksum",
            "created_at",
            "updated_at",
            "files",
        )

    @extend_schema_field(ReportFileSerializer(many=True))
    def get_files(self, obj: ReportSnapshot) -> list[dict[str, Any]]:
        if obj.status != ReportSnapshot.Status.DONE:
            return []
        files = obj.files.all()
        return ReportFileSerializer(files, many=True, context=self.context).data  # type: ignore[return-value]
