"""A municipality's grants under /kommuner/<number>/tilskudd/: the list with totals per year,
and adding or changing a grant (`participation.manage_agreements`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participation.core.services import ServiceError
from participation.core.views import show_service_error
from participation.places.models import Municipality
from participation.programme.forms.grants import GrantForm
from participation.programme.models import Grant
from participation.programme.services.grants import create_grant, grants_by_year, update_grant


@login_required
def grant_list(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality.objects.visible_to(request.user), number=number)
    grants = list(Grant.objects.filter(municipality=municipality).select_related("instrument"))
    years = grants_by_year(grants)
    return render(
        request,
        "participation/grants/list.html",
        {"municipality": municipality, "years": years},
    )


def _form_page(
    request: HttpRequest, municipality: Municipality, grant: Grant | None
) -> HttpResponse:
    if not request.user.has_perm("participation.manage_agreements", municipality):
        raise PermissionDenied
    form = GrantForm(request.POST or None, instance=grant)
    if request.method == "POST" and form.is_valid():
        try:
            if grant is None:
                create_grant(municipality, actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
            else:
                update_grant(grant, actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
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
def grant_create(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality.objects.visible_to(request.user), number=number)
    return _form_page(request, municipality, None)


@login_required
@require_http_methods(["GET", "POST"])
def grant_update(request: HttpRequest, pk: int) -> HttpResponse:
    grant = get_object_or_404(
        Grant.objects.visible_to(request.user).select_related("municipality"), pk=pk
    )
    return _form_page(request, grant.municipality, grant)
