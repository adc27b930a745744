"""The municipality page: facts, initiatives, programme agreements, risks, events, indicators."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Window
from django.db.models.functions import RowNumber
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from participation.accounts.access import visible_municipalities
from participation.core.http import AuthenticatedHttpRequest
from participation.involvement import readmodel
from participation.involvement.definitions import feedback_overdue_flag, initiative_figures
from participation.involvement.models import Initiative, InvolvementEvent, ParticipantCount
from participation.programme.models import (
    IndicatorValue,
    ProgrammeAgreement,
    ReportingPeriod,
    RiskFlag,
)

RECENT_EVENTS = 10
INITIATIVES_PAGE_SIZE = 50


@login_required
@require_GET
def municipality_detail(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    today = timezone.localdate()
    # The municipality carries its own totals (open input, events with feedback overdue, the
    # number of initiatives), read from the read model: the initiatives are paginated, so they
    # no longer add up to them.
    municipality = get_object_or_404(
        visible_municipalities(request.user)
        .select_related("county", "region", "successor")
        .annotate(**readmodel.municipality_figures(today)),
        number=number,
    )
    totals: Any = municipality  # annotated with readmodel.municipality_figures
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
        .order_by("name", "pk")
    )
    # A big municipality has well over a thousand initiatives: a page of them at a time, the
    # count known already from the municipality's totals.
    paginator = Paginator(initiatives, INITIATIVES_PAGE_SIZE)
    paginator.count = totals.initiative_count  # type: ignore[misc]  # cached_property, preset
    page = paginator.get_page(request.GET.get("page"))
    initiative_rows: list[Any] = list(page.object_list)  # annotated with initiative_figures
    overdue_event_count = totals.overdue_event_count
    open_input_count = totals.open_input_count
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
    loop_closure_years = readmodel.loop_closure_by_year(municipality)
    agreements = ProgrammeAgreement.objects.filter(municipality=municipality).select_related(
        "previous"
    )
    open_risks = RiskFlag.objects.filter(municipality=municipality, closed_on__isnull=True)
    # The participants are a subquery per event, so they are summed for the ten events shown
    # only (PostgreSQL evaluates it after the LIMIT), not for all of a big municipality's events.
    participants = (
        ParticipantCount.objects.filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(total=Sum("count"))
        .values("total")
    )
    recent_events = (
        InvolvementEvent.objects.filter(initiative__municipality=municipality)
        .select_related("initiative", "method")
        .annotate(
            participants=Subquery(participants, output_field=IntegerField()),
            is_overdue=feedback_overdue_flag(today),
        )
        .order_by("-date", "-start_time", "-pk")[:RECENT_EVENTS]
    )
    # The latest approved value of each indicator, by reporting period: only approved values
    # count where figures are shown (the values pages show every status). Ranked in one pass
    # over the municipality's approved values, not a subquery per value.
    indicator_values = (
        IndicatorValue.objects.approved()
        .filter(municipality=municipality)
        .annotate(
            latest=Window(
                RowNumber(),
                partition_by=F("indicator"),
                order_by=[F("period__start_date").desc(), F("pk").desc()],
            )
        )
        .filter(latest=1)
        .select_related("indicator", "period")
        .order_by("indicator__name", "indicator")
    )
    return render(
        request,
        "participation/municipality_detail.html",
        {
            "municipality": municipality,
            "predecessors": predecessors,
            "successor_visible": successor_visible,
            "initiatives": initiative_rows,
            "page": page,
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
