"""An initiative's history page (Historikk): who changed the initiative and its events, input,
participant counts and factor assessments, when. Drawn by the history page of
participation/accounts/views/history.py, which asks the `view_history` permission.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from participation.accounts.audit import entries_for_initiative
from participation.accounts.views.history import history_page
from participation.involvement.models import Initiative


@require_GET
@login_required
def initiative_history(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = get_object_or_404(
        Initiative.objects.visible_to(request.user).select_related("municipality"), pk=pk
    )
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
