"""The initiative's history page (Historikk): who changed what, when, on the initiative and its
events, input, participant counts and factor assessments.

Whoever may see the initiative may see its history (outsiders get 404); the page itself is
participation/accounts/views/history.py's, as for a municipality.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from participation.accounts.audit import entries_for_initiative
from participation.accounts.views.history import history_page
from participation.core.http import AuthenticatedHttpRequest
from participation.involvement.shortcuts import get_initiative_or_404


@require_GET
@login_required
def initiative_history(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = get_initiative_or_404(request, pk, "municipality")
    return history_page(
        request,
        initiative,
        entries_for_initiative(initiative),
        intro=_(
            "Changes to the initiative and to its involvement events, input, participant "
            "counts and factor assessments, newest first."
        ),
        context={"initiative": initiative, "municipality": initiative.municipality},
    )
