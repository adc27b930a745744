"""Indicator values for a reporting period, under /kommuner/<number>/perioder/.

Whoever may see the municipality may see its periods and values; entering and submitting them
needs `participation.submit_indicatorvalue` on the municipality. Every change goes through
`participation.programme.services.values`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from participation.accounts.shortcuts import get_municipality_or_404, require_permission
from participation.core.http import AuthenticatedHttpRequest
from participation.core.views import show_service_error
from participation.places.models import Indicator, Municipality
from participation.programme import readmodel
from participation.programme.forms.values import IndicatorValuesForm
from participation.programme.models import IndicatorValue, ReportingPeriod
from participation.programme.services import values as service

Status = IndicatorValue.Status


@login_required
@require_GET
def period_list(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    """The reporting periods that are or were open, with the municipality's values by status."""
    municipality = get_municipality_or_404(request, number)

    # The municipality's values by status from the read model (`programme/readmodel.py`): a
    # join to one row per period, not a count over the period's values (issue 11).
    periods = readmodel.periods_with_counts(municipality)
    return render(
        request,
        "participation/values/period_list.html",
        {"municipality": municipality, "periods": periods},
    )


@login_required
@require_http_methods(["GET", "POST"])
def period_values(request: AuthenticatedHttpRequest, number: str, period: int) -> HttpResponse:
    """The form with one row per indicator of the period's strategy."""
    municipality = get_municipality_or_404(request, number)
    reporting_period = get_object_or_404(
        ReportingPeriod.objects.select_related("strategy"), pk=period
    )
    may_submit = request.user.has_perm("participation.submit_indicatorvalue", municipality)
    if request.method == "POST":
        require_permission(request.user, "participation.submit_indicatorvalue", municipality)
    period_open = reporting_period.status == ReportingPeriod.Status.OPEN
    indicators = list(Indicator.objects.filter(strategy=reporting_period.strategy_id))
    saved = {
        value.indicator_id: value
        for value in IndicatorValue.objects.filter(
            municipality=municipality, period=reporting_period
        ).select_related("indicator")
    }
    form = IndicatorValuesForm(
        request.POST or None,
        indicators=indicators,
        saved=saved,
        period_open=period_open and may_submit,
    )
    url = reverse("participation:period-values", args=[municipality.number, reporting_period.pk])
    if request.method == "POST":
        if not period_open:
            messages.error(
                request, _("This reporting period is not open: its values cannot be changed.")
            )
            return redirect(url)
        if request.POST.get("withdraw"):
            return _withdraw(request, municipality, reporting_period, url)
        if form.is_valid():
            submitting = request.POST.get("action") == "submit"
            entries = form.entries()
            try:
                if submitting:
                    service.submit(
                        municipality, actor=request.user, period=reporting_period, entries=entries
                    )
                else:
                    service.save_draft(
                        municipality, actor=request.user, period=reporting_period, entries=entries
                    )
            except service.ValuesError as error:
                show_service_error(request, error)
                return redirect(url)
            if submitting:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s value was submitted for approval.",
                        "%(count)s values were submitted for approval.",
                        len(entries),
                    )
                    % {"count": len(entries)},
                )
            elif entries:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s value was saved as draft.",
                        "%(count)s values were saved as draft.",
                        len(entries),
                    )
                    % {"count": len(entries)},
                )
            else:
                messages.info(request, _("Nothing was saved: no values were entered."))
            return redirect(url)
        messages.error(request, _("Some values need correcting; see the messages below."))
    returned = [value for value in saved.values() if value.status == Status.RETURNED]
    return render(
        request,
        "participation/values/form.html",
        {
            "municipality": municipality,
            "period": reporting_period,
            "form": form,
            "may_submit": may_submit,
            "period_open": period_open,
            "returned": returned,
        },
    )


def _withdraw(
    request: AuthenticatedHttpRequest,
    municipality: Municipality,
    reporting_period: ReportingPeriod,
    url: str,
) -> HttpResponse:
    """The "Withdraw" button of a submitted row: the value becomes a draft again."""
    value = get_object_or_404(
        IndicatorValue.objects.select_related("indicator"),
        municipality=municipality,
        period=reporting_period,
        pk=request.POST.get("withdraw") if str(request.POST.get("withdraw")).isdigit() else 0,
    )
    try:
        service.withdraw(value, actor=request.user)
    except service.ValuesError as error:
        show_service_error(request, error)
        return redirect(url)
    messages.success(
        request,
        _("%(indicator)s was withdrawn and is a draft again: correct it and submit it again.")
        % {"indicator": value.indicator.name},
    )
    return redirect(url)
