"""The municipality page: facts, initiatives, programme agreements, risks, events, indicators."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from participation.accounts.access import visible_municipalities
from participation.accounts.shortcuts import get_municipality_or_404
from participation.core.http import AuthenticatedHttpRequest
from participation.involvement.definitions import (
    feedback_overdue_flag,
    initiative_figures,
    loop_closure_by_year,
)
from participation.involvement.models import Initiative, InvolvementEvent
from participation.programme.models import (
    IndicatorValue,
    ProgrammeAgreement,
    ReportingPeriod,
    RiskFlag,
)

RECENT_EVENTS = 10


@login_required
@require_GET
def municipality_detail(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    today = timezone.localdate()
    municipality = get_municipality_or_404(request, number, "county", "region", "successor")
    # Renumbered municipalities link to each other; only those in scope get a link.
    visible = visible_municipalities(request.user)
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
    # Needs attention: every event and input belongs to one of the initiatives, so their counts
    # add up to the municipality's without another query.
    initiative_rows: list[Any] = list(initiatives)  # annotated with initiative_figures
    overdue_event_count = sum(i.overdue_event_count for i in initiative_rows)
    open_input_count = sum(i.open_input_count for i in initiative_rows)
    mine = Q(values__municipality=municipality)
    open_periods = (
        ReportingPeriod.objects.filter(status=ReportingPeriod.Status.OPEN)
        .annotate(
            draft_count=Count(
                "values", filter=mine & Q(values__status=IndicatorValue.Status.DRAFT)
            ),
            returned_count=Count(
                "values", filter=mine & Q(values__status=IndicatorValue.Status.RETURNED)
            ),
        )
        .order_by("deadline", "name")
    )
    loop_closure_years = loop_closure_by_year(
        InvolvementEvent.objects.filter(initiative__municipality=municipality)
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
    # The latest approved value of each indicator, by reporting period: only approved values
    # count where figures are shown (the values pages show every status).
    latest_for_indicator = (
        IndicatorValue.objects.approved()
        .filter(municipality=municipality, indicator=OuterRef("indicator"))
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
            "initiatives": initiative_rows,
            "agreements": agreements,
            "open_risks": open_risks,
            "recent_events": recent_events,
            "indicator_values": indicator_values,
            "overdue_event_count": overdue_event_count,
            "open_input_count": open_input_count,
            "open_periods": open_periods,
            "loop_closure_years": loop_closure_years,
            "today": today,
        },
    )
