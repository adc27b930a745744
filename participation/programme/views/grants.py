"""A municipality's grants under /kommuner/<number>/tilskudd/: the list with totals per year,
and adding or changing a grant (`participation.manage_agreements`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from participation.accounts.shortcuts import get_municipality_or_404, require_permission
from participation.core.http import AuthenticatedHttpRequest
from participation.core.services import ServiceError
from participation.core.views import show_service_error
from participation.places.models import Municipality
from participation.programme.forms.grants import GrantForm
from participation.programme.models import Grant
from participation.programme.services.grants import (
    create_grant,
    grants_by_year,
    update_grant,
)
from participation.programme.shortcuts import get_grant_or_404


@login_required
@require_GET
def grant_list(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality_or_404(request, number)
    grants = list(Grant.objects.filter(municipality=municipality).select_related("instrument"))
    years = grants_by_year(grants)
    return render(
        request,
        "participation/grants/list.html",
        {"municipality": municipality, "years": years},
    )


def _form_page(
    request: AuthenticatedHttpRequest, municipality: Municipality, grant: Grant | None
) -> HttpResponse:
    require_permission(request.user, "participation.manage_agreements", municipality)
    form = GrantForm(request.POST or None, instance=grant)
    if request.method == "POST" and form.is_valid():
        try:
            if grant is None:
                create_grant(municipality, actor=request.user, **form.cleaned_data)
            else:
                update_grant(grant, actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            show_service_error(request, error, form)
        else:
            messages.success(request, _("The grant was saved."))
            return redirect("participation:grant-list", number=municipality.number)
    title = _("Change grant") if grant else _("New grant")
    return render(
        request,
        "participation/grants/form.html",
        {"municipality": municipality, "form": form, "title": title},
    )


@login_required
@require_http_methods(["GET", "POST"])
def grant_create(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality_or_404(request, number)
    return _form_page(request, municipality, None)


@login_required
@require_http_methods(["GET", "POST"])
def grant_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    grant = get_grant_or_404(request, pk, "municipality")
    return _form_page(request, grant.municipality, grant)
