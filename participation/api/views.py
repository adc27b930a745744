"""The API's read endpoints: every list and detail starts from `visible_to(request.user)` (or, for
reference data, which belongs to no municipality, from every row), so an outsider gets 404 on a
record as in the web. Writes are in participation/api/writes.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.views import APIView

from participation.accounts.access import visible_municipalities
from participation.accounts.models import SecurityEvent
from participation.accounts.services.audit import record_security_event
from participation.core.views import client_ip
from participation.involvement.models import Initiative, Input, InvolvementEvent, ParticipantCount
from participation.places.models import (
    County,
    Factor,
    Goal,
    Indicator,
    Instrument,
    Method,
    ParticipationForm,
    PriorityArea,
    Region,
    Strategy,
    TargetGroup,
    Theme,
)
from participation.programme.models import (
    Commitment,
    IndicatorValue,
    Meeting,
    ProgrammeAgreement,
    ReportingPeriod,
)
from participation.reports.models import ReportFile, ReportSnapshot

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from . import filters, serializers
from .base import ApiCursorPagination, ETagMixin, Throttled, TokenRateThrottle, TokenScope


class ApiView(APIView):
    """The API's common settings (also in REST_FRAMEWORK, for views that do not inherit)."""

    permission_classes = [TokenScope]
    throttle_classes = [TokenRateThrottle]

    def throttled(self, request: Request, wait: float | None) -> None:
        raise Throttled(wait)


class ReadViewSet(ETagMixin, viewsets.ReadOnlyModelViewSet):
    """A list (cursor-paged, filtered) and a detail read with an ETag."""

    permission_classes = [TokenScope]
    throttle_classes = [TokenRateThrottle]
    pagination_class = ApiCursorPagination
    filter_backends = [DjangoFilterBackend]
    # Ids are numbers: anything else is not found (404) by the URL, never looked up.
    lookup_value_regex = "[0-9]+"

    def throttled(self, request: Request, wait: float | None) -> None:
        raise Throttled(wait)


# Places and reference data -----------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=_("Husbanken regions"), tags=["places"]),
    retrieve=extend_schema(summary=_("A Husbanken region"), tags=["places"]),
)
class RegionViewSet(ReadViewSet):
    serializer_class = serializers.RegionSerializer
    queryset = Region.objects.all()
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    filterset_class = filters.ChangedSince


@extend_schema_view(
    list=extend_schema(summary=_("Counties"), tags=["places"]),
    retrieve=extend_schema(summary=_("A county"), tags=["places"]),
)
class CountyViewSet(ReadViewSet):
    serializer_class = serializers.CountySerializer
    queryset = County.objects.all()
    lookup_field = "number"
    filterset_class = filters.ChangedSince


@extend_schema_view(
    list=extend_schema(
        summary=_("Municipalities"),
        description=_("The municipalities your roles reach (all of them for admins)."),
        tags=["places"],
    ),
    retrieve=extend_schema(summary=_("A municipality, by its number"), tags=["places"]),
)
class MunicipalityViewSet(ReadViewSet):
    serializer_class = serializers.MunicipalitySerializer
    lookup_field = "number"
    filterset_class = filters.MunicipalityFilter

    def get_queryset(self) -> QuerySet[Any]:
        return visible_municipalities(self.request.user).select_related(
            "county", "region", "successor"
        )


@extend_schema_view(
    list=extend_schema(summary=_("Strategies"), tags=["strategies"]),
    retrieve=extend_schema(summary=_("A strategy"), tags=["strategies"]),
)
class StrategyViewSet(ReadViewSet):
    serializer_class = serializers.StrategySerializer
    queryset = Strategy.objects.all()
    filterset_class = filters.ChangedSince


@extend_schema_view(
    list=extend_schema(summary=_("Goals of the strategies"), tags=["strategies"]),
    retrieve=extend_schema(summary=_("A goal"), tags=["strategies"]),
)
class GoalViewSet(ReadViewSet):
    serializer_class = serializers.GoalSerializer
    queryset = Goal.objects.all()
    filterset_fields = ["strategy", "kind"]


@extend_schema_view(
    list=extend_schema(summary=_("Priority areas of the strategies"), tags=["strategies"]),
    retrieve=extend_schema(summary=_("A priority area"), tags=["strategies"]),
)
class PriorityAreaViewSet(ReadViewSet):
    serializer_class = serializers.PriorityAreaSerializer
    queryset = PriorityArea.objects.all()
    filterset_fields = ["strategy", "goal"]


@extend_schema_view(
    list=extend_schema(summary=_("Indicators"), tags=["strategies"]),
    retrieve=extend_schema(summary=_("An indicator"), tags=["strategies"]),
)
class IndicatorViewSet(ReadViewSet):
    serializer_class = serializers.IndicatorSerializer
    queryset = Indicator.objects.all()
    filterset_fields = ["strategy", "goal", "priority_area", "unit"]


def vocabulary_viewset(model: type[Any], label: StrOrPromise) -> type[ReadViewSet]:
    """A read endpoint for one vocabulary."""

    @extend_schema_view(
        list=extend_schema(summary=label, tags=["vocabularies"]),
        retrieve=extend_schema(summary=label, tags=["vocabularies"]),
    )
    class VocabularyViewSet(ReadViewSet):
        serializer_class = serializers.VocabularySerializer
        queryset = model.objects.all()
        filterset_fields = ["is_active"]

    VocabularyViewSet.__name__ = f"{model.__name__}ViewSet"
    VocabularyViewSet.__qualname__ = VocabularyViewSet.__name__
    return VocabularyViewSet


VOCABULARIES = {
    "target-groups": vocabulary_viewset(TargetGroup, _("Target groups")),
    "methods": vocabulary_viewset(Method, _("Participation methods")),
    "participation-forms": vocabulary_viewset(ParticipationForm, _("Participation forms")),
    "themes": vocabulary_viewset(Theme, _("Themes")),
    "factors": vocabulary_viewset(Factor, _("Success factors and barriers")),
    "instruments": vocabulary_viewset(Instrument, _("Husbanken's instruments")),
}


# A municipality's own records --------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=_("Initiatives"), tags=["involvement"]),
    retrieve=extend_schema(summary=_("An initiative"), tags=["involvement"]),
)
class InitiativeViewSet(ReadViewSet):
    serializer_class = serializers.InitiativeSerializer
    filterset_class = filters.InitiativeFilter

    def get_queryset(self) -> QuerySet[Any]:
        return (
            Initiative.objects.visible_to(self.request.user)
            .select_related("municipality")
            .prefetch_related("target_groups", "participation_forms", "goals", "priority_areas")
        )


def event_queryset(user: Any) -> QuerySet[InvolvementEvent]:
    return (
        InvolvementEvent.objects.visible_to(user)
        .select_related("initiative__municipality")
        .prefetch_related(
            "themes",
            Prefetch(
                "participant_counts",
                queryset=ParticipantCount.objects.order_by("target_group_id", "role"),
            ),
        )
    )


@extend_schema_view(
    list=extend_schema(
        summary=_("Involvement events, with their participant counts"), tags=["involvement"]
    ),
    retrieve=extend_schema(summary=_("An involvement event"), tags=["involvement"]),
)
class EventReadViewSet(ReadViewSet):
    serializer_class = serializers.EventSerializer
    filterset_class = filters.EventFilter

    def get_queryset(self) -> QuerySet[Any]:
        return event_queryset(self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary=_("Input from residents, with follow-up status and answers"),
        tags=["involvement"],
    ),
    retrieve=extend_schema(summary=_("An input item"), tags=["involvement"]),
)
class InputReadViewSet(ReadViewSet):
    serializer_class = serializers.InputSerializer
    filterset_class = filters.InputFilter

    def get_queryset(self) -> QuerySet[Any]:
        return Input.objects.visible_to(self.request.user).select_related("event")


# The programme ---------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=_("Reporting periods"), tags=["programme"]),
    retrieve=extend_schema(summary=_("A reporting period"), tags=["programme"]),
)
class ReportingPeriodViewSet(ReadViewSet):
    serializer_class = serializers.ReportingPeriodSerializer
    queryset = ReportingPeriod.objects.all()
    filterset_class = filters.ReportingPeriodFilter


@extend_schema_view(
    list=extend_schema(
        summary=_("Indicator values"),
        description=_(
            "Each municipality's own values, for the municipalities your roles reach. Only "
            "approved values count in reports: filter with status=approved."
        ),
        tags=["programme"],
    ),
    retrieve=extend_schema(summary=_("An indicator value"), tags=["programme"]),
)
class IndicatorValueReadViewSet(ReadViewSet):
    serializer_class = serializers.IndicatorValueSerializer
    filterset_class = filters.IndicatorValueFilter

    def get_queryset(self) -> QuerySet[Any]:
        return IndicatorValue.objects.visible_to(self.request.user).select_related(
            "municipality", "indicator"
        )


@extend_schema_view(
    list=extend_schema(summary=_("Programme agreements"), tags=["programme"]),
    retrieve=extend_schema(summary=_("A programme agreement"), tags=["programme"]),
)
class AgreementViewSet(ReadViewSet):
    serializer_class = serializers.AgreementSerializer
    filterset_class = filters.AgreementFilter

    def get_queryset(self) -> QuerySet[Any]:
        return (
            ProgrammeAgreement.objects.visible_to(self.request.user)
            .select_related("municipality")
            .prefetch_related("priority_sub_goals")
        )


@extend_schema_view(
    list=extend_schema(summary=_("Meetings with municipalities"), tags=["programme"]),
    retrieve=extend_schema(summary=_("A meeting"), tags=["programme"]),
)
class MeetingViewSet(ReadViewSet):
    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilter

    def get_queryset(self) -> QuerySet[Any]:
        return Meeting.objects.visible_to(self.request.user).prefetch_related("municipalities")


@extend_schema_view(
    list=extend_schema(summary=_("Commitments from meetings"), tags=["programme"]),
    retrieve=extend_schema(summary=_("A commitment"), tags=["programme"]),
)
class CommitmentViewSet(ReadViewSet):
    serializer_class = serializers.CommitmentSerializer
    filterset_class = filters.CommitmentFilter

    def get_queryset(self) -> QuerySet[Any]:
        return Commitment.objects.visible_to(self.request.user).select_related("municipality")


# Reports ---------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=_("Reports"),
        description=_(
            "Report snapshots you may see, with their metadata and the links to their files. "
            "Region and national reports hold protected figures only (disclosure control)."
        ),
        tags=["reports"],
    ),
    retrieve=extend_schema(summary=_("A report"), tags=["reports"]),
)
class ReportViewSet(ReadViewSet):
    serializer_class = serializers.ReportSerializer
    filterset_class = filters.ReportFilter

    def get_queryset(self) -> QuerySet[Any]:
        return (
            ReportSnapshot.objects.visible_to(self.request.user)
            .select_related("municipality", "region")
            .prefetch_related("files")
        )


class ReportFileView(ApiView):
    """A report's file (PDF, XLSX or a zip of CSV files). Every download is recorded in the
    security log, as in the web."""

    @extend_schema(
        summary=_("Download a report's file"),
        tags=["reports"],
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
            404: OpenApiResponse(description=_("No such report or file")),
        },
    )
    def get(self, request: Request, pk: int, fmt: str) -> FileResponse:
        snapshot = get_object_or_404(ReportSnapshot.objects.visible_to(request.user).done(), pk=pk)
        report_file = get_object_or_404(ReportFile, snapshot=snapshot, format=fmt)
        try:
            handle = report_file.file.open("rb")
        except FileNotFoundError:
            raise Http404(_("The file of this report is missing from the storage.")) from None
        record_security_event(
            SecurityEvent.Kind.EXPORT,
            actor=request.user,
            ip_address=client_ip(request._request),
            data={
                "report": snapshot.pk,
                "version": snapshot.version,
                "format": fmt,
                "sha256": report_file.sha256,
                "via": "api",
            },
        )
        return FileResponse(
            handle, as_attachment=True, filename=(report_file.file.name or "").rsplit("/", 1)[-1]
        )
