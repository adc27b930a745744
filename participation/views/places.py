"""The municipality page: facts, initiatives, programme agreements, risks, events, indicators."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from participation.models import (
    IndicatorValue,
    Initiative,
    InvolvementEvent,
    Municipality,
    ProgrammeAgreement,
    RiskFlag,
)
from participation.reports.definitions import feedback_overdue_flag, initiative_figures

RECENT_EVENTS = 10


@login_required
def municipality_detail(request: HttpRequest, number: str) -> HttpResponse:
    today = timezone.localdate()
    municipality = get_object_or_404(
        Municipality.objects.visible_to(request.user).select_related(
            "county", "region", "successor"
        ),
        number=number,
    )
    # Renumbered municipalities link to each other; only those in scope get a link.
    visible = Municipality.objects.visible_to(request.user)
    predecessors = visible.filter(successor=municipality).order_by("-valid_to", "name")
    successor_visible = (
        municipality.successor_id is not None
        and visible.filter(pk=municipality.successor_id).exists()
    )
    initiatives = (
        Initiative.objects.filter(municipality=municipality)
        .annotate(**initiative_figures(today))
        .prefetch_related("target_groups")
        .order_by("name")
    )
    agreements = ProgrammeAgreement.objects.filter(municipality=municipality).select_related(
        "previous"
    )
    open_risks = RiskFlag.objects.filter(municipality=municipality, closed_on__isnull=True)
    recent_events = (
        InvolvementEvent.objects.filter(initiative__municipality=municipality)
        .select_related("initiative", "method")
        .annotate(
            participants=Sum("participant_counts__count"),
            is_overdue=feedback_overdue_flag(today),
        )
        .order_by("-date", "-start_time")[:RECENT_EVENTS]
    )
    # The latest value of each indicator, by reporting period, whatever its status.
    latest_for_indicator = (
        IndicatorValue.objects.filter(municipality=municipality, indicator=OuterRef("indicator"))
        .order_by("-period__start_date", "-pk")
        .values("pk")[:1]
    )
    indicator_values = (
        IndicatorValue.objects.filter(municipality=municipality, pk=Subquery(latest_for_indicator))
        .select_related("indicator", "period")
        .order_by("indicator__name")
    )
    return render(
        request,
        "participation/municipality_detail.html",
        {
            "municipality": municipality,
            "predecessors": predecessors,
            "successor_visible": successor_visible,
            "initiatives": initiatives,
            "agreements": agreements,
            "open_risks": open_risks,
            "recent_events": recent_events,
            "indicator_values": indicator_values,
            "today": today,
        },
    )
