"""Importing involvement events from a spreadsheet: the template, the dry run, the commit and
its progress page.

The upload is read and checked without saving (the dry run). A clean check keeps the file's
rows in the user's session under the file's SHA-256 fingerprint. The session is server-side
(database sessions), so the rows never travel through the browser. The confirm names the
fingerprint; it moves the rows from the session to an `EventImport` and sends the task that
commits them (participation/involvement/services/import_jobs.py), which checks the rows again
inside its transaction before it creates anything. The user follows it on the import's page,
as on a report's page: a progress bar polling `event_import_job_progress`, and how it ended.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from participation.core.http import AuthenticatedHttpRequest
from participation.involvement import imports
from participation.involvement.forms.imports import ImportCommitForm, ImportUploadForm
from participation.involvement.models import EventImport, Initiative
from participation.involvement.services.import_jobs import start_event_import, unfinished_import
from participation.involvement.shortcuts import get_initiative_or_404


def _initiative(request: HttpRequest, pk: int) -> Initiative:
    return get_initiative_or_404(
        request,
        pk,
        "municipality",
        perm="participation.add_event",
        queryset=Initiative.objects.prefetch_related("target_groups"),
    )


def _session_key(initiative: Initiative) -> str:
    return f"event-import-{initiative.pk}"


def _page(request: HttpRequest, initiative: Initiative, **context: Any) -> HttpResponse:
    context.setdefault("form", ImportUploadForm())
    return render(
        request,
        "participation/imports/import.html",
        {
            "initiative": initiative,
            "title": _("Import events"),
            "help_rows": imports.column_help(initiative),
            "allowed": imports.allowed_values(),
            "allowed_columns": imports.ALLOWED_VALUE_COLUMNS,
            "roles": imports.role_help(),
            "max_rows": imports.MAX_ROWS,
            **context,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def event_import(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """GET: the help and the upload form. POST: the dry run of the uploaded file."""
    initiative = _initiative(request, pk)
    if request.method == "GET":
        return _page(request, initiative)
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, initiative, form=form)
    upload = form.cleaned_data["file"]
    if upload.size > imports.MAX_FILE_BYTES:
        return _page(
            request,
            initiative,
            form=form,
            file_error=_("The file is too big: at most %(size)s MB is accepted.")
            % {"size": imports.MAX_FILE_BYTES // (1024 * 1024)},
        )
    try:
        sheet = imports.read_upload(upload.name, upload.read())
    except imports.ImportFileError as error:
        return _page(request, initiative, form=form, file_error=str(error))
    check = imports.check_upload(initiative, sheet)
    commit_form = None
    if check.is_clean and check.to_create:
        request.session[_session_key(initiative)] = {
            "digest": sheet.digest,
            "header": sheet.header,
            "rows": sheet.rows,
        }
        commit_form = ImportCommitForm(initial={"digest": sheet.digest})
    else:
        request.session.pop(_session_key(initiative), None)
    return _page(
        request,
        initiative,
        form=form,
        check=check,
        file_name=upload.name,
        commit_form=commit_form,
    )


@require_POST
@login_required
def event_import_commit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The user confirms the checked file: record the import and send it to a task, then show
    its progress page. Nothing waits here for the rows to be saved."""
    initiative = _initiative(request, pk)
    form = ImportCommitForm(request.POST)
    kept = request.session.get(_session_key(initiative))
    if not form.is_valid() or not kept or kept.get("digest") != form.cleaned_data["digest"]:
        # The confirm button pressed twice: the first press took the rows; follow that import.
        already = (
            unfinished_import(initiative, actor=request.user, digest=form.cleaned_data["digest"])
            if form.is_valid()
            else None
        )
        if already is not None:
            return redirect(already)
        messages.error(
            request,
            _("The checked file is no longer available. Upload it again and check it first."),
        )
        return redirect("participation:event-import", pk=initiative.pk)
    # The rows leave the session: from here only the import's task holds them.
    request.session.pop(_session_key(initiative), None)
    job = start_event_import(
        initiative,
        actor=request.user,
        header=kept["header"],
        rows=kept["rows"],
        digest=kept["digest"],
        language=get_language() or settings.LANGUAGE_CODE,
    )
    return redirect(job)


def _job(request: AuthenticatedHttpRequest, pk: int, *fields: str) -> EventImport:
    """The user's own import (anyone else's, or one outside their scope: 404)."""
    queryset = EventImport.objects.visible_to(request.user).filter(created_by=request.user)
    if fields:
        queryset = queryset.only(*fields)
    else:
        queryset = queryset.select_related("initiative__municipality").defer("payload")
    job: EventImport = get_object_or_404(queryset, pk=pk)
    return job


def _job_message(job: EventImport) -> str:
    """What the import's page says of it, in a sentence (also what the live region reads)."""
    Status = EventImport.Status
    if job.status == Status.DONE:
        return ngettext(
            "%(count)s event imported.", "%(count)s events imported.", job.created_count
        ) % {"count": job.created_count}
    if job.status == Status.FAILED:
        return _("The import failed. Nothing was saved.")
    if job.status == Status.QUEUED:
        return _("Waiting for its turn.")
    if job.rows_done >= job.rows_total:
        return _("Every row is checked; saving the events.")
    return ngettext(
        "%(done)s of %(total)s row checked.", "%(done)s of %(total)s rows checked.", job.rows_total
    ) % {"done": job.rows_done, "total": job.rows_total}


@require_GET
@login_required
def event_import_job(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An import's page: its progress while it runs (reloading shows the same state; with
    JavaScript the bar follows by itself), then how it ended."""
    job = _job(request, pk)
    return render(
        request,
        "participation/imports/job.html",
        {
            "job": job,
            "initiative": job.initiative,
            "title": _("Import of events"),
            "message": _job_message(job),
        },
    )


@never_cache
@require_GET
@login_required
def event_import_job_progress(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    """What the progress bar on the import's page polls (as a report's page does)."""
    job = _job(request, pk, "pk", "status", "rows_total", "rows_done", "created_count")
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "progress": job.percent,
            "message": _job_message(job),
            "finished": job.is_finished,
        }
    )


@require_GET
@login_required
def event_import_template(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    initiative = _initiative(request, pk)
    if fmt == "xlsx":
        response = HttpResponse(
            imports.template_xlsx(initiative),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(imports.template_csv(initiative), content_type="text/csv")
    filename = f"aktiviteter-{initiative.reference}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
