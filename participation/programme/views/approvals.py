"""The adviser's review of submitted indicator values: /radgiver/verdier/ lists, per reporting
period, the municipalities in scope with values to review; the review page of one municipality
and period shows each value beside the previous period's and the indicator's baseline and
target, with approve and return (with a comment) per value, and approve all.

Every step goes through `participation.programme.services.values`; the value's history (django-auditlog)
is shown under each value.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from participation.accounts.audit import EntryView, describe
from participation.accounts.shortcuts import get_municipality_or_404, require_permission
from participation.core.http import AuthenticatedHttpRequest
from participation.core.views import posted_id, show_service_error
from participation.programme import readmodel
from participation.programme.forms.approvals import ReturnValueForm
from participation.programme.models import IndicatorValue, ReportingPeriod
from participation.programme.services import values as service

Status = IndicatorValue.Status
PAGE_SIZE = 50
# The statuses an adviser reviews or has reviewed; drafts are the municipality's work in progress.
REVIEWED = readmodel.REVIEWED


@require_GET
@login_required
def review_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Per reporting period, the municipalities in scope that have submitted values, with counts."""
    require_permission(request.user, "participation.approve_indicatorvalue")
    # One row per (period, municipality) from the read model (`programme/readmodel.py`), not a
    # group over the ~500 000 values in scope: their grouping took 0.2 s for admins (issue 11).
    page = Paginator(readmodel.review_rows(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "participation/approvals/review_list.html", {"page": page})


@dataclass
class Row:
    """One value on the review page, with what it is compared to and its history."""

    value: IndicatorValue
    previous: IndicatorValue | None
    history: list[EntryView] = field(default_factory=list)
    return_form: ReturnValueForm | None = None

    @property
    def reviewable(self) -> bool:
        return self.value.status == Status.SUBMITTED


def previous_period(period: ReportingPeriod) -> ReportingPeriod | None:
    """The period of the same strategy and kind just before `period`."""
    return (
        ReportingPeriod.objects.filter(
            strategy=period.strategy_id, kind=period.kind, start_date__lt=period.start_date
        )
        .order_by("-start_date")
        .first()
    )


@login_required
@require_http_methods(["GET", "POST"])
def value_review(request: AuthenticatedHttpRequest, number: str, period: int) -> HttpResponse:
    municipality = get_municipality_or_404(request, number)
    reporting_period = get_object_or_404(
        ReportingPeriod.objects.select_related("strategy"), pk=period
    )
    require_permission(request.user, "participation.approve_indicatorvalue", municipality)
    url = reverse("participation:value-review", args=[municipality.number, reporting_period.pk])
    mine = IndicatorValue.objects.filter(municipality=municipality, period=reporting_period)
    failed: dict[int, ReturnValueForm] = {}
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "approve_all":
                approved = service.approve_all(
                    municipality, actor=request.user, period=reporting_period
                )
                messages.success(
                    request,
                    ngettext(
                        "%(count)s value was approved.",
                        "%(count)s values were approved.",
                        len(approved),
                    )
                    % {"count": len(approved)},
                )
                return redirect(url)
            value = get_object_or_404(mine, pk=posted_id(request.POST.get("value")))
            if action == "approve":
                service.approve(value, actor=request.user)
                messages.success(
                    request,
                    _("The value of %(indicator)s was approved.")
                    % {"indicator": value.indicator.name},
                )
                return redirect(url)
            if action == "return":
                form = ReturnValueForm(request.POST, prefix=f"value-{value.pk}")
                if form.is_valid():
                    service.return_value(
                        value, actor=request.user, comment=form.cleaned_data["comment"]
                    )
                    messages.success(
                        request,
                        _("The value of %(indicator)s was returned to the municipality.")
                        % {"indicator": value.indicator.name},
                    )
                    return redirect(url)
                failed[value.pk] = form
                messages.error(request, _("The value was not returned; see the message below."))
            else:
                messages.error(request, _("Unknown action."))
                return redirect(url)
        except service.ValuesError as error:
            show_service_error(request, error)
            return redirect(url)

    values = list(mine.filter(status__in=REVIEWED).select_related("indicator"))
    values.sort(key=lambda v: (v.indicator.code, v.pk))
    before = previous_period(reporting_period)
    previous = (
        {
            v.indicator_id: v
            for v in IndicatorValue.objects.approved().filter(
                municipality=municipality, period=before
            )
        }
        if before is not None
        else {}
    )
    history: dict[int, list[EntryView]] = defaultdict(list)
    if values:
        entries = (
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(IndicatorValue),
                object_id__in=[v.pk for v in values],
            )
            .select_related("actor", "content_type")
            .order_by("timestamp", "pk")
        )
        for view in describe(entries):
            history[int(view.entry.object_id or 0)].append(view)
    rows = [
        Row(
            value=v,
            previous=previous.get(v.indicator_id),
            history=history[v.pk],
            return_form=failed.get(v.pk) or ReturnValueForm(prefix=f"value-{v.pk}"),
        )
        for v in values
    ]
    return render(
        request,
        "participation/approvals/review.html",
        {
            "municipality": municipality,
            "period": reporting_period,
            "previous_period": before,
            "rows": rows,
            "submitted_count": sum(1 for r in rows if r.reviewable),
            "draft_count": mine.filter(status=Status.DRAFT).count(),
        },
    )
