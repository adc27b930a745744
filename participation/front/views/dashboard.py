"""The dashboard: the municipalities in the user's scope, with their participation figures
(what needs attention first, or A–Å), the scope's trends per year and what changed since the
user's previous login."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from participation.accounts.access import visible_municipalities
from participation.accounts.signals import PREVIOUS_LOGIN_SESSION_KEY
from participation.core.http import AuthenticatedHttpRequest
from participation.front import trends
from participation.front.changes import changes_since
from participation.involvement import readmodel

PAGE_SIZE = 25

ORDERS = {
    "attention": (
        F("overdue_event_count").desc(),
        F("open_input_count").desc(),
        F("event_count").desc(),
        "name",
        "number",
    ),
    "name": ("name", "number"),
}


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
    # What needs attention first (feedback overdue, then input nobody has assessed, then the
    # most active), or all of them A–Å; any other value is the default.
    sort = "name" if request.GET.get("sort") == "name" else "attention"
    order = ORDERS[sort]
    rows = rows.select_related("county", "region").annotate(**figures).order_by(*order)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))

    # The trends are of the whole scope: shown on the dashboard itself, not with a search's hits.
    charts = []
    changes = None
    if totals["municipalities"] and not query:
        charts = _trend_charts(trends.trend_years(request.user, today))
        changes = changes_since(request.user, _last_visit(request))

    return render(
        request,
        "participation/dashboard.html",
        {
            "page": page,
            "query": query,
            "sort": sort,
            "totals": totals,
            "today": today,
            "charts": charts,
            "changes": changes,
            "since_last_login": PREVIOUS_LOGIN_SESSION_KEY in request.session,
        },
    )


# Without a previous login to go by (a first login), "what changed" covers this many days.
DEFAULT_CHANGES_DAYS = 7


def _last_visit(request: AuthenticatedHttpRequest) -> datetime.datetime:
    """The user's previous login, kept in the session at login (`accounts.signals`), or a week
    ago when there is none."""
    stored = request.session.get(PREVIOUS_LOGIN_SESSION_KEY)
    if stored:
        try:
            return datetime.datetime.fromisoformat(stored)
        except (TypeError, ValueError):
            pass
    return timezone.now() - datetime.timedelta(days=DEFAULT_CHANGES_DAYS)


def _trend_charts(years: list[trends.TrendYear]) -> list[dict[str, object]]:
    """The trend section's charts, each with the figures of its table (same numbers)."""
    year = _("Year")
    events = [(str(y.year), y.events) for y in years]
    participants = [(str(y.year), y.participants) for y in years]
    answered = [(str(y.year), y.share_answered) for y in years]
    on_target = [(str(y.year), y.share_on_target) for y in years]
    return [
        {
            "id": "trend-events",
            "heading": _("Involvement events per year"),
            "svg": trends.bar_chart(
                title=_("Involvement events per year"),
                description=trends.describe(events),
                points=events,
            ),
            "columns": [year, _("Involvement events")],
            "rows": [[str(y.year), y.events] for y in years],
        },
        {
            "id": "trend-participants",
            "heading": _("Participants per year"),
            "svg": trends.bar_chart(
                title=_("Participants per year"),
                description=trends.describe(participants),
                points=participants,
            ),
            "columns": [year, _("Participants")],
            "rows": [[str(y.year), y.participants] for y in years],
        },
        {
            "id": "trend-loop",
            "heading": _("Share of input answered, per year"),
            "svg": trends.bar_chart(
                title=_("Share of input answered, per year"),
                description=trends.describe(answered, "\u00a0%"),
                points=answered,
                maximum=100,
                suffix="\u00a0%",
            ),
            "columns": [year, _("Input items"), _("Answered"), _("Share answered")],
            "rows": [
                [
                    str(y.year),
                    y.input_total,
                    y.input_answered,
                    "–" if y.share_answered is None else f"{y.share_answered}\u00a0%",
                ]
                for y in years
            ],
        },
        {
            "id": "trend-targets",
            "heading": _("Indicator values at target, per year"),
            "svg": trends.bar_chart(
                title=_("Indicator values at target, per year"),
                description=trends.describe(on_target, "\u00a0%"),
                points=on_target,
                maximum=100,
                suffix="\u00a0%",
            ),
            "note": _(
                "Approved values of indicators with a target, by the year their reporting period "
                "starts: at or above the target where higher is better, at or below it where "
                "lower is better."
            ),
            "columns": [year, _("Approved values"), _("At target"), _("Share at target")],
            "rows": [
                [
                    str(y.year),
                    y.values_total,
                    y.values_on_target,
                    "–" if y.share_on_target is None else f"{y.share_on_target}\u00a0%",
                ]
                for y in years
            ],
        },
    ]
