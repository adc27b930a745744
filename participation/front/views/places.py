"""The municipality page: facts, initiatives, programme agreements, risks, events, indicators.

The sections are read by `front.queries.municipality_page`; the view fetches the municipality in
the user's scope and renders.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from participation.accounts.shortcuts import get_municipality_or_404
from participation.core.http import AuthenticatedHttpRequest
from participation.front import queries


@login_required
@require_GET
def municipality_detail(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    today = timezone.localdate()
    municipality = get_municipality_or_404(request, number, "county", "region", "successor")
    sections = queries.municipality_page(municipality, request.user, today, request.GET.get("page"))
    return render(
        request,
        "participation/municipality_detail.html",
        {
            "municipality": municipality,
            "predecessors": sections.predecessors,
            "successor_visible": sections.successor_visible,
            "initiatives": sections.initiatives,
            "page": sections.page,
            "agreements": sections.agreements,
            "open_risks": sections.open_risks,
            "open_risk_count": sections.open_risk_count,
            "recent_events": sections.recent_events,
            "indicator_values": sections.indicator_values,
            "overdue_event_count": sections.totals["overdue_event_count"],
            "open_input_count": sections.totals["open_input_count"],
            "open_periods": sections.open_periods,
            "loop_closure_years": sections.loop_closure_years,
            "today": today,
        },
    )
