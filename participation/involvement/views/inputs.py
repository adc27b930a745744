"""Input (innspill): add several items to an event, follow one up, and the open-input list."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from participation.accounts.access import visible_municipalities
from participation.core.http import AuthenticatedHttpRequest
from participation.core.pagination import CappedPaginator
from participation.core.privacy import PERSONAL_DATA_WARNING
from participation.core.views import show_service_error
from participation.involvement import readmodel
from participation.involvement.definitions import ANSWERED_INPUT, OPEN_INPUT
from participation.involvement.forms.inputs import InputFilterForm, InputForm, InputRowFormSet
from participation.involvement.models import Input
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
    status = InputFilterForm.OPEN
    if form.is_valid():
        status = form.cleaned_data["status"] or InputFilterForm.OPEN
        if form.cleaned_data["theme"]:
            items = items.filter(theme=form.cleaned_data["theme"])
        if form.cleaned_data["municipality"]:
            items = items.filter(event__municipality=form.cleaned_data["municipality"])
    if status == InputFilterForm.OPEN:
        items = items.filter(OPEN_INPUT)
    elif status == InputFilterForm.UNANSWERED:
        items = items.exclude(ANSWERED_INPUT)
    elif status != InputFilterForm.ALL:
        items = items.filter(follow_up_status=status)
    # "Next" pages by keyset (the last row's date, event and id): as fast at page 100 as at 1.
    keys = (("event__date", datetime.date.fromisoformat), ("event_id", int), ("pk", int))
    page = CappedPaginator(items, PAGE_SIZE, cap=COUNT_CAP, keys=keys).get_page(
        request.GET.get("page"), after=request.GET.get("after")
    )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("after", None)
    return render(
        request,
        "participation/inputs/list.html",
        {"form": form, "page": page, "filtered": bool(query)},
    )
