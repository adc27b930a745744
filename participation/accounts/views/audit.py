"""The admins' audit-log search (Revisjon): row changes and security events in one list, and the
security events on their own. Read-only: nothing here (or anywhere) edits or deletes audit rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import CharField, F, Q, QuerySet, Value
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import cached_property
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
    paginator = _UnionPaginator(
        _parts(changes, events), PAGE_SIZE, cap=COUNT_CAP, fetch_keys=form.filtered
    )
    page = paginator.get_page(request.GET.get("page"))
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


def _on_days(field: str, first: date | None, last: date | None) -> Q:
    """`field`'s local date from `first` to `last` (either may be open), as a range of times
    (from the first day's local midnight to the next day's after the last), which the time
    index answers; the same rows as `field__date__gte` / `__lte` in the current time zone."""
    found = Q()
    if first:
        found &= Q(**{f"{field}__gte": _midnight(first)})
    if last and last < date.max:
        found &= Q(**{f"{field}__lt": _midnight(last + timedelta(days=1))})
    return found


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _filter_changes(form: AuditSearchForm) -> QuerySet[LogEntry]:
    data: dict[str, Any] = form.cleaned_data
    changes = LogEntry.objects.all()
    if what := form.what_value():
        changes = changes.filter(action=int(what))
    if data.get("object_type"):
        changes = changes.filter(content_type_id=int(data["object_type"]))
    if data["user"]:
        changes = changes.filter(actor__username__icontains=data["user"])
    changes = changes.filter(_on_days("timestamp", data["date_from"], data["date_to"]))
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
    events = events.filter(_on_days("created_at", data["date_from"], data["date_to"]))
    if data["q"]:
        events = events.filter(target_user__username__icontains=data["q"])
    return events


def _parts(
    changes: QuerySet[LogEntry] | None, events: QuerySet[SecurityEvent] | None
) -> list[QuerySet[Any]]:
    """Each table's keys (when, source, pk), newest first; none when the search excludes both."""

    def keyed(queryset: QuerySet[Any], source: str, when: str) -> QuerySet[Any]:
        return (
            queryset.order_by()
            .annotate(source=Value(source, output_field=CharField()), when=F(when))
            .values_list("when", "source", "pk")
            .order_by("-when", "-pk")
        )

    parts = []
    if changes is not None:
        parts.append(keyed(changes, CHANGE, "timestamp"))
    if events is not None:
        parts.append(keyed(events, SECURITY, "created_at"))
    if not parts:
        parts.append(keyed(LogEntry.objects.none(), CHANGE, "timestamp"))
    return parts


class _UnionPaginator(CappedPaginator):
    """Pages the union of the tables' keys, newest first (ties: security events, then the
    higher id), in one of two ways chosen by the (capped) count, which comes first:

    - up to the cap, the whole union is sorted and the page cut from it: its rows are few
      (found by an index: the description's trigrams, the actor, the kind, the time), and
      PostgreSQL sorts them all rather than walk the log by time for a rare match;
    - past the cap (the unfiltered log, or a common word), matches are dense: a page's rows are
      among each table's first `top` rows, so each side is cut there before the union is
      sorted, and PostgreSQL walks each table's time index back from the newest and stops,
      instead of sorting millions of rows for a page.

    Both give the same rows in the same order as `ORDER BY … OFFSET` of the whole union.

    With `fetch_keys` (a search: its matches are usually few), the count reads the matches'
    keys instead of counting them, up to the cap: under it, those keys sorted here (the
    database's order: time, then "security" before "change", then the higher id) are the whole
    list, and the page is cut from them without reading the matches a second time."""

    def __init__(
        self, parts: list[QuerySet[Any]], per_page: int, *, cap: int, fetch_keys: bool = False
    ) -> None:
        unordered = [part.order_by() for part in parts]
        union = unordered[0].union(*unordered[1:], all=True) if len(parts) > 1 else parts[0]
        super().__init__(union.order_by("-when", "-source", "-pk"), per_page, cap=cap)
        self.parts = parts
        self.fetch_keys = fetch_keys
        self.all_keys: list[tuple[Any, ...]] | None = None

    @cached_property
    def count(self) -> int:
        if not self.fetch_keys:
            return super().count
        keys = list(self.object_list.order_by()[: self.cap + 1])  # type: ignore[attr-defined]
        if len(keys) > self.cap:
            self.capped = True
            return self.cap
        self.all_keys = sorted(keys, reverse=True)
        return len(keys)

    def page(self, number: Any) -> Any:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if self.all_keys is not None:
            rows: Any = self.all_keys[bottom:top]
        elif not self.capped:
            rows = self.object_list[bottom:top]
        elif len(self.parts) == 1:
            rows = self.parts[0][bottom:top]
        else:
            first, *others = [part[:top] for part in self.parts]
            rows = first.union(*others, all=True).order_by("-when", "-source", "-pk")[bottom:top]
        return self._get_page(rows, number, self)  # type: ignore[attr-defined]


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
