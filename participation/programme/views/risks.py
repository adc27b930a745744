"""Risk flags: a municipality's list, raising one by hand, closing one with a note.

Raising and closing demand `participation.manage_agreements` (advisers in scope, admins); the
rules that raise flags by themselves are in participation/programme/services/risks.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from participation.accounts.shortcuts import get_municipality_or_404
from participation.core.http import AuthenticatedHttpRequest
from participation.core.views import show_service_error
from participation.programme.forms.risks import RiskFlagCloseForm, RiskFlagForm
from participation.programme.models import RiskFlag
from participation.programme.services import risks as service
from participation.programme.shortcuts import get_risk_flag_or_404

PAGE_SIZE = 50


@login_required
@require_GET
def flag_list(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality_or_404(request, number)
    # The open flags first (PostgreSQL would sort their NULL closed_on last), each part newest
    # first; a page at a time: Oslo has close to two hundred open.
    flags = RiskFlag.objects.filter(municipality=municipality).order_by(
        F("closed_on").asc(nulls_first=True), "-raised_on", "-pk"
    )
    page = Paginator(flags, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/risks/list.html",
        {"municipality": municipality, "flags": page.object_list, "page": page},
    )


@login_required
@require_http_methods(["GET", "POST"])
def flag_create(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality_or_404(request, number, perm="participation.manage_agreements")
    form = RiskFlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        service.raise_flag(
            municipality,
            kind=form.cleaned_data["kind"],
            note=form.cleaned_data["note"],
            actor=request.user,
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
def flag_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    flag = get_risk_flag_or_404(request, pk, "municipality", perm="participation.manage_agreements")
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
                actor=request.user,
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
