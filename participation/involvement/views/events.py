"""Involvement events: create, edit, see, duplicate, and mark feedback given.

Each view fetches its object with `get_event_or_404`/`get_initiative_or_404` (outsiders get
404), which then checks the action's permission on it (insiders without the right get 403). Writes go through
`participation.involvement.services.involvement`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from participation.accounts.shortcuts import require_permission
from participation.core.http import AuthenticatedHttpRequest
from participation.core.views import show_service_error
from participation.involvement.definitions import LoopClosure, feedback_overdue_flag
from participation.involvement.forms.events import EventForm, FeedbackForm, ParticipantCountForm
from participation.involvement.models import Initiative, Input, InvolvementEvent, ParticipantCount
from participation.involvement.services import involvement as service
from participation.involvement.shortcuts import get_event_or_404, get_initiative_or_404
from participation.involvement.templatetags.input_rows import INPUT_ROW_FIELDS
from participation.places.models import TargetGroup

# What every event page shows of the event's initiative and municipality.
EVENT_RELATED = ("initiative__municipality", "method")


def _grid_groups(
    initiative: Initiative, counted_ids: set[int]
) -> tuple[list[TargetGroup], list[TargetGroup]]:
    """The grid's rows: first the initiative's target groups and any group already counted
    (every active group when the initiative names none), then every other active group, which
    the form offers under "Other target groups" (people outside the initiative's groups come
    too: an immigrant organisation, a crisis centre)."""
    chosen = {g.pk for g in initiative.target_groups.all()} | counted_ids
    groups = list(TargetGroup.objects.filter(Q(is_active=True) | Q(pk__in=chosen)))
    if not chosen:
        return groups, []
    return [g for g in groups if g.pk in chosen], [g for g in groups if g.pk not in chosen]


def _lookalikes(
    request: AuthenticatedHttpRequest, initiative: Initiative, cleaned: dict[str, Any]
) -> list[InvolvementEvent]:
    """Events already recorded in the initiative's municipality on the same date with the same
    method: most likely the same meeting entered twice (a few, for the warning's links)."""
    return list(
        InvolvementEvent.objects.visible_to(request.user)
        .filter(
            initiative__municipality_id=initiative.municipality_id,
            date=cleaned["date"],
            method=cleaned["method"],
        )
        .select_related("initiative")
        .order_by("pk")[:5]
    )


def _event_form_page(
    request: AuthenticatedHttpRequest,
    *,
    initiative: Initiative,
    event: InvolvementEvent | None,
) -> HttpResponse:
    existing: dict[tuple[int, str], int] = {}
    if event is not None:
        existing = {(c.target_group_id, c.role): c.count for c in event.participant_counts.all()}
    groups, other_groups = _grid_groups(initiative, {group_id for group_id, _role in existing})
    data = request.POST if request.method == "POST" else None
    form = EventForm(data, instance=event)
    count_form = ParticipantCountForm(
        data, target_groups=groups, other_groups=other_groups, initial_counts=existing
    )
    lookalikes: list[InvolvementEvent] = []
    if request.method == "POST" and form.is_valid() and count_form.is_valid():
        fields = {name: form.cleaned_data[name] for name in service.EVENT_FIELDS}
        if event is None and not request.POST.get("confirm_duplicate"):
            lookalikes = _lookalikes(request, initiative, form.cleaned_data)
    if request.method == "POST" and form.is_valid() and count_form.is_valid() and not lookalikes:
        if event is None:
            event = service.create_event(
                initiative,
                actor=request.user,
                themes=form.cleaned_data["themes"],
                counts=count_form.counts(),
                **fields,
            )
            messages.success(
                request,
                _("The event “%(title)s” was saved. Add the input that came out of it.")
                % {"title": event.title},
            )
            return redirect("participation:event-detail", pk=event.pk)
        service.update_event(
            event,
            actor=request.user,
            themes=form.cleaned_data["themes"],
            counts=count_form.counts(),
            **fields,
        )
        messages.success(request, _("The event “%(title)s” was saved.") % {"title": event.title})
        return redirect("participation:event-detail", pk=event.pk)
    return render(
        request,
        "participation/events/form.html",
        {
            "form": form,
            "count_form": count_form,
            "roles": ParticipantCount.Role.choices,
            "initiative": initiative,
            "event": event,
            "saved_total": sum(existing.values()),
            "lookalikes": lookalikes,
            "title": _("Edit involvement event") if event else _("New involvement event"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def event_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = get_initiative_or_404(
        request,
        pk,
        "municipality",
        perm="participation.add_event",
        queryset=Initiative.objects.prefetch_related("target_groups"),
    )
    return _event_form_page(request, initiative=initiative, event=None)


@require_http_methods(["GET", "POST"])
@login_required
def event_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_or_404(
        request,
        pk,
        *EVENT_RELATED,
        perm="participation.change_event",
        queryset=InvolvementEvent.objects.prefetch_related(
            "initiative__target_groups", "participant_counts", "themes"
        ),
    )
    return _event_form_page(request, initiative=event.initiative, event=event)


@require_http_methods(["GET"])
@login_required
def event_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    event = get_event_or_404(
        request,
        pk,
        *EVENT_RELATED,
        queryset=InvolvementEvent.objects.annotate(
            is_overdue=feedback_overdue_flag(today)
        ).prefetch_related(
            "themes",
            Prefetch(
                "participant_counts",
                queryset=ParticipantCount.objects.select_related("target_group"),
            ),
        ),
    )
    # The counts as a grid: rows are the counted target groups, columns the roles.
    roles = ParticipantCount.Role.choices
    cells: dict[int, dict[str, int]] = {}
    groups: dict[int, TargetGroup] = {}
    for cell in event.participant_counts.all():
        groups[cell.target_group_id] = cell.target_group
        cells.setdefault(cell.target_group_id, {})[cell.role] = cell.count
    grid = [
        (
            groups[group_id],
            [cells[group_id].get(role, 0) for role, _label in roles],
            sum(cells[group_id].values()),
        )
        for group_id in sorted(groups, key=lambda g: (groups[g].order, groups[g].name))
    ]
    role_totals = [sum(row[1][i] for row in grid) for i in range(len(roles))]
    inputs = (
        Input.objects.filter(event=event)
        .select_related("theme")
        .only(*INPUT_ROW_FIELDS)  # the columns the table shows
        .order_by("pk")
    )
    return render(
        request,
        "participation/events/detail.html",
        {
            "event": event,
            "initiative": event.initiative,
            "municipality": event.initiative.municipality,
            "roles": roles,
            "grid": grid,
            "role_totals": role_totals,
            "total": sum(role_totals),
            "inputs": inputs,
            "loop": LoopClosure.for_events(InvolvementEvent.objects.filter(pk=event.pk), today),
        },
    )


@require_POST
@login_required
def event_duplicate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_or_404(request, pk, *EVENT_RELATED)
    require_permission(request.user, "participation.add_event", event.initiative)
    copy = service.duplicate_event(event, actor=request.user)
    messages.success(
        request,
        _(
            "A copy was made, dated today. Check the date, title and feedback due date, "
            "and enter the participants."
        ),
    )
    return redirect("participation:event-update", pk=copy.pk)


@require_http_methods(["GET", "POST"])
@login_required
def event_feedback(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_event_or_404(request, pk, *EVENT_RELATED, perm="participation.change_event")
    initial = {"given_on": event.feedback_given or timezone.localdate(), "how": event.feedback_how}
    form = FeedbackForm(request.POST or None, event=event, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            service.mark_feedback_given(
                event,
                actor=request.user,
                given_on=form.cleaned_data["given_on"],
                how=form.cleaned_data["how"],
            )
        except service.InvolvementError as error:
            show_service_error(request, error, form)
        else:
            messages.success(request, _("Feedback to the participants was recorded."))
            return redirect(reverse("participation:event-detail", args=[event.pk]))
    return render(
        request,
        "participation/events/feedback.html",
        {
            "form": form,
            "event": event,
            "initiative": event.initiative,
            "title": _("Feedback given to the participants"),
        },
    )
