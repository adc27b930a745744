"""History pages (Historikk): who changed what, when, on a municipality; `history_page` also
draws an initiative's (participation/involvement/views/history.py).

Whoever may see the record may see its history: the page starts from `visible_to` (outsiders get
404) and asks the `view_history` permission, which agrees with it.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from participation.accounts.audit import describe, entries_for_municipality
from participation.places.models import Municipality

PAGE_SIZE = 25


@require_GET
@login_required
def municipality_history(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality.objects.visible_to(request.user), number=number)
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
    request: HttpRequest,
    subject: Model,
    entries: QuerySet,
    *,
    intro: str,
    context: dict[str, object],
) -> HttpResponse:
    """A page of `subject`'s history `entries` (403 without `view_history` on it)."""
    if not request.user.has_perm("participation.view_history", subject):
        raise PermissionDenied
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
