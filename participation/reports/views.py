"""Reports: the list, asking for one, a report's page with its progress, downloads, asking
again, and the definitions of the figures.

Seeing a report follows `ReportSnapshot.objects.visible_to` (outsiders get 404, through
`get_report_or_404`) and `participation.view_report`; asking for one takes
`participation.request_report` on the place (participation/reports/rules.py). The work is in participation/reports/services/.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from participation.accounts.models import SecurityEvent
from participation.accounts.services.audit import record_security_event
from participation.accounts.shortcuts import require_permission
from participation.core.http import AuthenticatedHttpRequest
from participation.core.views import client_ip
from participation.reports.definitions import report_definitions
from participation.reports.forms import ReportFilterForm, ReportRequestForm
from participation.reports.models import ReportFile, ReportSnapshot
from participation.reports.render import render_html
from participation.reports.services.files import download_name
from participation.reports.services.requesting import (
    is_waiting_for_broker,
    period_of,
    request_report,
    scope_of,
)
from participation.reports.services.rows import document_of, preview_rows_of

logger = logging.getLogger(__name__)

PAGE_SIZE = 25
Status = ReportSnapshot.Status
CONTENT_TYPES = {
    ReportFile.Format.PDF: "application/pdf",
    ReportFile.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFile.Format.CSV: "application/zip",
}


def _visible(request: HttpRequest) -> Any:
    return ReportSnapshot.objects.visible_to(request.user).select_related(
        "municipality", "region", "strategy", "requested_by"
    )


def _may_edit_schedules(request: HttpRequest) -> bool:
    # Asked of rules alone (as the {% has_perm %} tag does): a refusal would otherwise go on to
    # Django's ModelBackend, which loads the user's model permissions for nothing.
    return bool(rules.has_perm("participation.manage_report_schedules", request.user))


def get_report_or_404(
    request: HttpRequest, pk: int, *, perm: str | None = None, **lookup: Any
) -> ReportSnapshot:
    """The report if the user may see it (else 404) and, given `perm`, has it on the report
    (else 403)."""
    snapshot: ReportSnapshot = get_object_or_404(_visible(request), pk=pk, **lookup)
    if perm is not None:
        require_permission(request.user, perm, snapshot)
    return snapshot


@login_required
@require_GET
def report_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filter_form = ReportFilterForm(request.GET or None)
    # The list never shows a report's figures: leave the (large) document out of the query.
    snapshots = filter_form.filter(_visible(request).defer("data")).order_by(
        "-period_end", "scope", "municipality__name", "region__name", "-version", "-pk"
    )
    page = Paginator(snapshots, PAGE_SIZE).get_page(request.GET.get("page"))
    for snapshot in page:
        snapshot.period_label = period_of(snapshot).label  # type: ignore[attr-defined]
    return render(
        request,
        "participation/reports/list.html",
        {
            "page": page,
            "filter_form": filter_form,
            "filtered": filter_form.is_filtered,
            "can_request": request.user.has_perm("participation.request_report"),
            "can_edit_schedules": _may_edit_schedules(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_request(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_permission(request.user, "participation.request_report")
    form = ReportRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        asked_at = timezone.now()
        snapshot = request_report(
            actor=request.user,
            scope=data["report_scope"],
            period=data["period"],
            strategy=data["strategy"],
            language=data["language"],
            new_version=data["new_version"],
        )
        _say_how_it_goes(request, snapshot, asked_at)
        return redirect(snapshot)
    return render(request, "participation/reports/request.html", {"form": form})


@login_required
@require_POST
def report_again(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Ask again for the report on this page: a failed or waiting one is queued again, a done
    one gets a new version (older versions stay as they are)."""
    snapshot = get_report_or_404(request, pk, perm="participation.request_report")
    asked_at = timezone.now()
    again = request_report(
        actor=request.user,
        scope=scope_of(snapshot),
        period=period_of(snapshot),
        strategy=snapshot.strategy,
        language=snapshot.language,
        new_version=snapshot.status == Status.DONE,
    )
    _say_how_it_goes(request, again, asked_at)
    return redirect(again)


def _say_how_it_goes(
    request: HttpRequest, snapshot: ReportSnapshot, asked_at: datetime.datetime
) -> None:
    snapshot.refresh_from_db(fields=["status", "dispatched_at"])
    if is_waiting_for_broker(snapshot):
        messages.warning(
            request,
            _(
                "The report queue is not reachable right now. Your request is saved and will "
                "start by itself when the queue is back."
            ),
        )
    elif snapshot.status == Status.DONE and snapshot.created_at < asked_at:
        messages.info(
            request,
            _(
                "This report already exists: here it is. To make it again from today's data, "
                "make a new version."
            ),
        )
    elif snapshot.status == Status.DONE:
        messages.success(request, _("The report is ready."))
    else:
        messages.info(
            request,
            _("The report is being made. You can leave this page: we e-mail you when it is done."),
        )


@login_required
@require_GET
def report_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    snapshot = get_report_or_404(request, pk, perm="participation.view_report")
    document = document_of(snapshot) if snapshot.status == Status.DONE else None
    # The page shows "About the report" (checksum, generator) itself, after the body.
    body = (
        render_html(document, preview_rows_of(snapshot, document), about_section=False)
        if document
        else ""
    )
    same_report: dict[str, Any] = {  # every version of this report (ids may be None)
        "scope": snapshot.scope,
        "municipality_id": snapshot.municipality_id,
        "region_id": snapshot.region_id,
        "strategy_id": snapshot.strategy_id,
        "period_start": snapshot.period_start,
        "period_end": snapshot.period_end,
        "language": snapshot.language,
    }
    versions = (
        ReportSnapshot.objects.filter(**same_report)
        .exclude(pk=snapshot.pk)
        .order_by("-version")
        .only("pk", "version", "status", "created_at", "finished_at")
    )
    period_label = period_of(snapshot).label
    return render(
        request,
        "participation/reports/detail.html",
        {
            "snapshot": snapshot,
            "title": _("Report for %(place)s, %(period)s")
            % {"place": snapshot.place_name, "period": period_label},
            "period_label": period_label,
            "language_name": dict(settings.LANGUAGES).get(snapshot.language, snapshot.language),
            "files": list(snapshot.files.all()) if document else [],
            "body": body,
            "versions": versions,
            "waiting_for_broker": is_waiting_for_broker(snapshot),
            "in_progress": snapshot.status in (Status.QUEUED, Status.RUNNING),
            "can_request": request.user.has_perm("participation.request_report", snapshot),
            "can_edit_schedules": _may_edit_schedules(request),
        },
    )


@never_cache
@login_required
@require_GET
def report_progress(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    """What the progress bar on the report's page polls."""
    snapshot = get_object_or_404(
        ReportSnapshot.objects.visible_to(request.user).only(
            "pk", "status", "progress", "progress_step", "dispatched_at", "error"
        ),
        pk=pk,
    )
    finished = snapshot.status in (Status.DONE, Status.FAILED)
    if snapshot.status == Status.DONE:
        message = _("The report is ready.")
    elif snapshot.status == Status.FAILED:
        message = _("The report could not be made.")
    elif is_waiting_for_broker(snapshot):
        message = _("Waiting for the report queue to come back.")
    elif snapshot.status == Status.QUEUED:
        # Put back in the queue after its worker died: the note says so (services/dispatch.py).
        message = snapshot.error or _("Waiting for its turn.")
    else:
        message = snapshot.progress_step or snapshot.get_status_display()
    return JsonResponse(
        {
            "status": snapshot.status,
            "status_label": snapshot.get_status_display(),
            "progress": 100 if snapshot.status == Status.DONE else snapshot.progress,
            "message": message,
            "finished": finished,
            "waiting_for_broker": is_waiting_for_broker(snapshot),
        }
    )


@login_required
@require_GET
def report_download(
    request: AuthenticatedHttpRequest, pk: int, fmt: str
) -> HttpResponse | FileResponse:
    """A report's file; every download is recorded in the security log. A file missing from
    storage (a media folder lost or not shared between hosts) is said plainly on the report's
    page, and logged for the operators, instead of failing with a server error."""
    snapshot = get_report_or_404(request, pk, perm="participation.view_report", status=Status.DONE)
    report_file = get_object_or_404(ReportFile, snapshot=snapshot, format=fmt)
    try:
        handle = report_file.file.open("rb")
    except FileNotFoundError:
        logger.error(
            "report %s: its %s file %s is missing", snapshot.pk, fmt, report_file.file.name
        )
        messages.error(
            request,
            _(
                "The file of this report is missing from the storage. Ask for the report again "
                "to make it anew, or tell the operators."
            ),
        )
        return redirect(snapshot)
    record_security_event(
        SecurityEvent.Kind.EXPORT,
        actor=request.user,
        ip_address=client_ip(request),
        data={
            "report": snapshot.pk,
            "version": snapshot.version,
            "format": fmt,
            "sha256": report_file.sha256,
        },
    )
    return FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(report_file, snapshot),
        content_type=CONTENT_TYPES[fmt],  # type: ignore[index]
    )


@login_required
@require_GET
def report_definitions_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every figure's definition, the same text as every report's appendix."""
    return render(
        request, "participation/reports/definitions.html", {"definitions": report_definitions()}
    )
