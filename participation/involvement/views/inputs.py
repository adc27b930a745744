"""Input (innspill): add several items to an event, follow one up, and the open-input list."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from participation.accounts.access import municipality_ids, visible_municipalities
from participation.core.http import AuthenticatedHttpRequest
from participation.core.pagination import CappedPaginator
from participation.core.privacy import PERSONAL_DATA_WARNING
from participation.core.views import show_service_error
from participation.involvement import readmodel
from participation.involvement.definitions import ANSWERED_INPUT, OPEN_INPUT
from participation.involvement.forms.inputs import InputFilterForm, InputForm, InputRowFormSet
from participation.involvement.models import Input, InvolvementEvent
from participation.involvement.services import involvement as service
from participation.involvement.shortcuts import get_event_or_404, get_input_or_404
from participation.places.models import Theme

PAGE_SIZE = 25
# The list counts at most this many items (see participation/core/pagination.py): a national
# count of open input read every one of them on each page.
COUNT_CAP = 10_000


@require_http_methods(["GET", "POST"])
@login_required
def input_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_or_404(
        request, pk, "initiative__municipality", perm="participation.add_input"
    )
    themes = Theme.objects.filter(is_active=True)
    formset = InputRowFormSet(request.POST or None, prefix="input", form_kwargs={"themes": themes})
    if request.method == "POST" and formset.is_valid():
        created = service.add_inputs(
            event,
            actor=request.user,
            items=formset.items(),  # type: ignore[attr-defined]
        )
        messages.success(
            request,
            ngettext(
                "%(count)d input item was added.", "%(count)d input items were added.", len(created)
            )
            % {"count": len(created)},
        )
        return redirect("participation:event-detail", pk=event.pk)
    return render(
        request,
        "participation/inputs/add.html",
        {
            "formset": formset,
            "event": event,
            "initiative": event.initiative,
            "warning": PERSONAL_DATA_WARNING,
            "title": _("Add input"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def input_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_input_or_404(
        request,
        pk,
        "event__initiative__municipality",
        "event__municipality",
        "theme",
        perm="participation.change_input",
    )
    form = InputForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            service.update_input(
                item,
                actor=request.user,
                **{name: form.cleaned_data[name] for name in service.INPUT_FIELDS},
            )
        except service.InvolvementError as error:
            show_service_error(request, error, form)
        else:
            messages.success(request, _("The input was saved."))
            return redirect("participation:event-detail", pk=item.event_id)
    return render(
        request,
        "participation/inputs/form.html",
        {
            "form": form,
            "item": item,
            "event": item.event,
            "initiative": item.event.initiative,
            "title": _("Follow up input"),
        },
    )


def _locator(
    chosen: Q, events: QuerySet[InvolvementEvent]
) -> Callable[[int], tuple[datetime.date, int, int] | None]:
    """Where a numbered page of the input list starts: the keys (event date, event, item) of
    its n-th item. The list is the items of `events` that meet `chosen`, event by event in date
    order, then by id. The events are read in that order, each with its number of such items
    (an index-only probe by event), through a cursor inside a transaction, so that PostgreSQL
    plans for the first rows (walking an index on the events' date, not sorting a region's
    events) and stops when the running total reaches n; the item is then picked among that
    event's few. An OFFSET of the same page sorted (or hashed) every listed item of the scope."""

    def locate(n: int) -> tuple[datetime.date, int, int] | None:
        # COUNT(*) with no GROUP BY: one row, 0 for none; an index-only probe where it can.
        listed = (
            Input.objects.filter(chosen, event=OuterRef("pk"))
            .order_by()
            .values(n=Func(template="COUNT(*)", output_field=IntegerField()))
        )
        rows = (
            events.annotate(listed=Subquery(listed))
            .order_by("date", "pk")
            .values_list("date", "pk", "listed")
        )
        boundary = None
        with transaction.atomic(savepoint=False):
            read = rows.iterator(chunk_size=2000)
            total = 0
            try:
                for date, event_pk, count in read:
                    if total + count >= n:
                        boundary = (date, event_pk, n - total)  # its place in the event, from 1
                        break
                    total += count
            finally:
                read.close()  # type: ignore[attr-defined]  # a generator: its cursor closed
        if boundary is None:
            return None
        date, event_pk, position = boundary
        found = list(
            Input.objects.filter(chosen, event_id=event_pk)
            .order_by("pk")
            .values_list("pk", flat=True)[position - 1 : position]
        )
        return (date, event_pk, found[0]) if found else None

    return locate


@require_http_methods(["GET"])
@login_required
def input_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """All input in the user's scope, by default the items nobody has assessed yet."""
    visible = Input.objects.visible_to(request.user)
    # Those in scope with any input, from the read model (not a scan of the scope's input).
    municipalities = (
        readmodel.having(visible_municipalities(request.user), "input_count")
        .only("pk", "name", "number")
        .order_by("name")
    )
    form = InputFilterForm(request.GET or None, municipalities=municipalities)
    # By event date; one municipality's events are walked in that order by an index on the
    # event's own municipality column (scope and filter below), then by event and item.
    items = visible.select_related("theme", "event__initiative__municipality").order_by(
        "event__date", "event_id", "pk"
    )
    # The events whose items the list may show (the scope and the municipality filter, on the
    # event's own municipality, as the items' scope reads it) and the filters on an item itself:
    # for finding where a numbered page starts (`_locator`).
    events = InvolvementEvent.objects.all()
    ids = municipality_ids(request.user)
    if ids is not None:
        events = events.filter(municipality__in=ids)
    chosen = Q()
    status = InputFilterForm.OPEN
    if form.is_valid():
        status = form.cleaned_data["status"] or InputFilterForm.OPEN
        if form.cleaned_data["theme"]:
            chosen &= Q(theme=form.cleaned_data["theme"])
        if form.cleaned_data["municipality"]:
            items = items.filter(event__municipality=form.cleaned_data["municipality"])
            events = events.filter(municipality=form.cleaned_data["municipality"])
    if status == InputFilterForm.OPEN:
        chosen &= OPEN_INPUT
    elif status == InputFilterForm.UNANSWERED:
        chosen &= ~ANSWERED_INPUT
    elif status != InputFilterForm.ALL:
        chosen &= Q(follow_up_status=status)
    items = items.filter(chosen)
    # Pages by keyset (the last row's date, event and id): "Next" carries the keys, a numbered
    # page finds them (`_locator`); as fast at page 100 as at 1.
    keys = (("event__date", datetime.date.fromisoformat), ("event_id", int), ("pk", int))
    paginator = CappedPaginator(
        items, PAGE_SIZE, cap=COUNT_CAP, keys=keys, locate=_locator(chosen, events)
    )
    page = paginator.get_page(request.GET.get("page"), after=request.GET.get("after"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("after", None)
    return render(
        request,
        "participation/inputs/list.html",
        {"form": form, "page": page, "filtered": bool(query)},
    )
