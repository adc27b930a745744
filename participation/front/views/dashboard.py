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
from participation.involvement import readmodel

PAGE_SIZE = 25


@login_required
@require_GET
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    in_scope = visible_municipalities(request.user).current()
    # The figures come from the read model (`involvement.readmodel`), which the database keeps
    # in step with every write: a few rows per municipality, however much data it has.
    figures = readmodel.municipality_figures(today)
    # Totals across the whole scope, whatever the search: one query.
    totals = readmodel.scope_totals(in_scope, today)

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
