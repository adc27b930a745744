"""The admins' audit-log search (Revisjon): row changes and security events in one list, and the
security events on their own. Read-only: nothing here (or anywhere) edits or deletes audit rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import CharField, F, Q, QuerySet, Value
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from participation.accounts.audit import EntryView, describe
from participation.accounts.forms.audit import CHANGE, SECURITY, AuditSearchForm
from participation.accounts.models import SecurityEvent
from participation.accounts.shortcuts import require_permission
from participation.core.pagination import CappedPaginator

PAGE_SIZE = 50
# The combined list counts at most this many records: with millions of entries an exact count of
# the union reads both logs whole. Past it the page says "more than", and pages up to it.
COUNT_CAP = 10_000


@dataclass
class AuditRow:
    """One line of the combined list: a row change or a security event."""

    when: datetime
    change: EntryView | None = None
    event: SecurityEvent | None = None


def _require_auditor(request: HttpRequest) -> None:
    require_permission(request.user, "participation.view_auditlog")


@require_GET
@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    _require_auditor(request)
    form = AuditSearchForm(request.GET or None)
    changes: QuerySet[LogEntry] | None = LogEntry.objects.all()
    events: QuerySet[SecurityEvent] | None = SecurityEvent.objects.all()
    if form.is_bound:
        if form.is_valid():
            changes = _filter_changes(form) if form.wants(CHANGE) else None
            events = _filter_events(form) if form.wants(SECURITY) else None
        else:
            changes = events = None

    # One list from both tables: the union gives each page's keys in time order, then each
    # table's rows of the page are fetched with what they show (two queries, whatever the page).
    keys = _union_keys(changes, events)
    page = CappedPaginator(keys, PAGE_SIZE, cap=COUNT_CAP).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/audit/log.html",
        {"form": form, "page": page, "rows": _rows(page.object_list)},
    )


@require_GET
@login_required
def security_events(request: HttpRequest) -> HttpResponse:
    _require_auditor(request)
    form = AuditSearchForm(request.GET or None, security_only=True)
    events = SecurityEvent.objects.all()
    if form.is_bound:
        events = _filter_events(form) if form.is_valid() else SecurityEvent.objects.none()
    events = events.select_related("actor", "target_user").order_by("-created_at", "-pk")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/audit/security_events.html",
        {"form": form, "page": page},
    )


def _filter_changes(form: AuditSearchForm) -> QuerySet[LogEntry]:
    data: dict[str, Any] = form.cleaned_data
    changes = LogEntry.objects.all()
    if what := form.what_value():
        changes = changes.filter(action=int(what))
    if data.get("object_type"):
        changes = changes.filter(content_type_id=int(data["object_type"]))
    if data["user"]:
        changes = changes.filter(actor__username__icontains=data["user"])
    if data["date_from"]:
        changes = changes.filter(timestamp__date__gte=data["date_from"])
    if data["date_to"]:
        changes = changes.filter(timestamp__date__lte=data["date_to"])
    if data["q"]:
        changes = changes.filter(object_repr__icontains=data["q"])
    return changes


def _filter_events(form: AuditSearchForm) -> QuerySet[SecurityEvent]:
    data: dict[str, Any] = form.cleaned_data
    events = SecurityEvent.objects.all()
    if what := form.what_value():
        events = events.filter(kind=what)
    if data["user"]:
        # `username` is the actor's, or the name typed at a failed login.
        events = events.filter(
            Q(username__icontains=data["user"]) | Q(target_user__username__icontains=data["user"])
        )
    if data["date_from"]:
        events = events.filter(created_at__date__gte=data["date_from"])
    if data["date_to"]:
        events = events.filter(created_at__date__lte=data["date_to"])
    if data["q"]:
        events = events.filter(target_user__username__icontains=data["q"])
    return events


def _union_keys(
    changes: QuerySet[LogEntry] | None, events: QuerySet[SecurityEvent] | None
) -> QuerySet[Any]:
    def keyed(queryset: QuerySet[Any], source: str, when: str) -> QuerySet[Any]:
        return (
            queryset.order_by()
            .annotate(source=Value(source, output_field=CharField()), when=F(when))
            .values_list("when", "source", "pk")
        )

    parts = []
    if changes is not None:
        parts.append(keyed(changes, CHANGE, "timestamp"))
    if events is not None:
        parts.append(keyed(events, SECURITY, "created_at"))
    if not parts:
        return keyed(LogEntry.objects.none(), CHANGE, "timestamp")
    if len(parts) == 1:
        return parts[0].order_by("-when", "-pk")
    return parts[0].union(parts[1], all=True).order_by("-when", "-source", "-pk")


def _rows(keys: Any) -> list[AuditRow]:
    keys = list(keys)
    change_ids = [pk for _when, source, pk in keys if source == CHANGE]
    event_ids = [pk for _when, source, pk in keys if source == SECURITY]
    changes = {}
    if change_ids:
        entries = LogEntry.objects.filter(pk__in=change_ids).select_related("actor", "content_type")
        changes = {view.entry.pk: view for view in describe(entries)}
    events = {}
    if event_ids:
        events = SecurityEvent.objects.select_related("actor", "target_user").in_bulk(event_ids)
    return [
        AuditRow(when=when, change=changes.get(pk))
        if source == CHANGE
        else AuditRow(when=when, event=events.get(pk))
        for when, source, pk in keys
    ]
