"""The dashboard: the municipalities in the user's scope, with their participation figures."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from participation.accounts.access import visible_municipalities
from participation.core.http import AuthenticatedHttpRequest
from participation.front.queries import scalar_counts
from participation.involvement.definitions import OPEN_INPUT, feedback_overdue, municipality_figures
from participation.involvement.models import Initiative, Input, InvolvementEvent

PAGE_SIZE = 25


@login_required
@require_GET
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    in_scope = visible_municipalities(request.user).current()
    figures = municipality_figures(today)

    # Totals across the whole scope, whatever the search: one query, each figure counted once
    # over the scope (the same definitions as the rows' figures), not summed per municipality.
    scope = in_scope.values("pk")
    events = InvolvementEvent.objects.filter(initiative__municipality__in=scope)
    totals = scalar_counts(
        municipalities=in_scope,
        initiatives=Initiative.objects.filter(municipality__in=scope),
        events=events,
        open_input=Input.objects.filter(OPEN_INPUT, event__initiative__municipality__in=scope),
        overdue_events=events.filter(feedback_overdue(today)),
    )

    query = request.GET.get("q", "").strip()
    rows = in_scope
    if query:
        rows = rows.filter(Q(name__icontains=query) | Q(number__startswith=query))
    rows = rows.select_related("county", "region").annotate(**figures).order_by("name", "number")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))

    return render(
        request,
        "participation/dashboard.html",
        {"page": page, "query": query, "totals": totals, "today": today},
    )
