"""Importing involvement events from a spreadsheet: the template, the dry run, the commit.

The upload is read and checked without saving (the dry run). A clean check keeps the file's
rows in the user's session under the file's SHA-256 fingerprint; the commit names the
fingerprint, and the service checks the rows again inside its transaction before it creates
anything. The session is server-side (database sessions), so the rows never travel through the
browser.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from participation.core.http import AuthenticatedHttpRequest
from participation.involvement import imports
from participation.involvement.forms.imports import ImportCommitForm, ImportUploadForm
from participation.involvement.models import Initiative
from participation.involvement.services.imports import ImportRefused, import_events
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
    initiative = _initiative(request, pk)
    form = ImportCommitForm(request.POST)
    kept = request.session.get(_session_key(initiative))
    if not form.is_valid() or not kept or kept.get("digest") != form.cleaned_data["digest"]:
        messages.error(
            request,
            _("The checked file is no longer available. Upload it again and check it first."),
        )
        return redirect("participation:event-import", pk=initiative.pk)
    try:
        created, check = import_events(
            initiative,
            actor=request.user,
            header=kept["header"],
            rows=kept["rows"],
        )
    except ImportRefused as refused:
        request.session.pop(_session_key(initiative), None)
        return _page(
            request,
            initiative,
            check=refused.check,
            file_error=str(refused),
        )
    request.session.pop(_session_key(initiative), None)
    messages.success(
        request,
        ngettext(
            "%(created)s event was imported;",
            "%(created)s events were imported;",
            len(created),
        )
        % {"created": len(created)}
        + " "
        + ngettext(
            "%(skipped)s was already there.",
            "%(skipped)s were already there.",
            len(check.already_imported),
        )
        % {"skipped": len(check.already_imported)},
    )
    return redirect(initiative)


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
