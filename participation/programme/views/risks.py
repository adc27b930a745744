"""Risk flags: a municipality's list, raising one by hand, closing one with a note.

Raising and closing demand `participation.manage_agreements` (advisers in scope, admins); the
rules that raise flags by themselves are in participation/services/risks.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participation.core.views import show_service_error
from participation.places.models import Municipality
from participation.programme.forms.risks import RiskFlagCloseForm, RiskFlagForm
from participation.programme.models import RiskFlag
from participation.programme.services import risks as service


@login_required
def flag_list(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality.objects.visible_to(request.user), number=number)
    flags = RiskFlag.objects.filter(municipality=municipality).order_by(
        "closed_on", "-raised_on", "-pk"
    )
    return render(
        request,
        "participation/risks/list.html",
        {"municipality": municipality, "flags": flags},
    )


@login_required
@require_http_methods(["GET", "POST"])
def flag_create(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality.objects.visible_to(request.user), number=number)
    if not request.user.has_perm("participation.manage_agreements", municipality):
        raise PermissionDenied
    form = RiskFlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        service.raise_flag(
            municipality,
            kind=form.cleaned_data["kind"],
            note=form.cleaned_data["note"],
            actor=request.user,  # type: ignore[arg-type]
            today=timezone.localdate(),
        )
        messages.success(request, _("The risk flag was raised."))
        return redirect("participation:riskflag-list", number=municipality.number)
    return render(
        request,
        "participation/risks/form.html",
        {"municipality": municipality, "form": form, "title": _("Raise a risk flag")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def flag_close(request: HttpRequest, pk: int) -> HttpResponse:
    flag = get_object_or_404(
        RiskFlag.objects.visible_to(request.user).select_related("municipality"), pk=pk
    )
    if not request.user.has_perm("participation.manage_agreements", flag):
        raise PermissionDenied
    back = redirect("participation:riskflag-list", number=flag.municipality.number)
    if flag.closed_on is not None:
        messages.info(request, _("This risk flag is already closed."))
        return back
    form = RiskFlagCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.close_flag(
                flag,
                note=form.cleaned_data["note"],
                actor=request.user,  # type: ignore[arg-type]
                today=timezone.localdate(),
            )
        except service.FlagAlreadyClosed as error:
            show_service_error(request, error)
        else:
            messages.success(request, _("The risk flag was closed."))
        return back
    return render(
        request,
        "participation/risks/close.html",
        {"municipality": flag.municipality, "flag": flag, "form": form},
    )
