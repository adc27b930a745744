"""The dashboard: the municipalities in the user's scope, with their participation figures."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from participation.front.queries import scalar_counts
from participation.involvement.models import Initiative, Input, InvolvementEvent
from participation.places.models import Municipality
from participation.reports.definitions import OPEN_INPUT, feedback_overdue, municipality_figures

PAGE_SIZE = 25


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    in_scope = Municipality.objects.visible_to(request.user).current()
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
