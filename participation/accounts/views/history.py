"""History pages (Historikk): who changed what, when, on a municipality; `history_page` shows
any record's (the initiative's page is participation/involvement/views/history.py).

Whoever may see the record may see its history: the page fetches the record within the user's
scope (outsiders get 404) and asks the `view_history` permission, which agrees with it.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from participation.accounts.audit import describe, entries_for_municipality
from participation.accounts.shortcuts import get_municipality_or_404, require_permission
from participation.core.http import AuthenticatedHttpRequest

PAGE_SIZE = 25


@require_GET
@login_required
def municipality_history(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality_or_404(request, number)
    return history_page(
        request,
        municipality,
        entries_for_municipality(municipality),
        intro=_(
            "Changes to the municipality and to its initiatives, involvement events, input and "
            "programme records, newest first."
        ),
        context={"municipality": municipality},
    )


def history_page(
    request: AuthenticatedHttpRequest,
    subject: Model,
    entries: QuerySet,
    *,
    intro: str,
    context: dict[str, object],
) -> HttpResponse:
    require_permission(request.user, "participation.view_history", subject)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/audit/history.html",
        {
            **context,
            "subject": subject,
            "intro": intro,
            "page": page,
            "entries": describe(page.object_list),
        },
    )
