"""Meetings with municipalities and their commitments (oppfølgingspunkter).

Anyone who may see one of a meeting's municipalities sees the meeting. Holding and changing
meetings and their commitments takes `manage_agreements` on every municipality involved (advisers
in their scope, admins): the form offers only those, and the view checks again.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participation.accounts.access import visible_municipalities
from participation.accounts.shortcuts import get_municipality_or_404, require_permission
from participation.core.http import AuthenticatedHttpRequest
from participation.core.services import ServiceError
from participation.core.views import show_service_error
from participation.places.models import Municipality
from participation.programme.forms.meetings import (
    CommitmentForm,
    CommitmentStatusForm,
    MeetingForm,
    manageable_municipalities,
)
from participation.programme.models import Commitment, Meeting
from participation.programme.services import meetings as service
from participation.programme.shortcuts import get_commitment_or_404, get_meeting_or_404

PAGE_SIZE = 25
PERM = "participation.manage_agreements"


def _may_manage_all(user: User, municipalities: list[Municipality]) -> bool:
    return all(user.has_perm(PERM, m) for m in municipalities)


def _require_manage_all(user: User, municipalities: list[Municipality]) -> None:
    """403 unless the user may manage every one of the municipalities."""
    for municipality in municipalities:
        require_permission(user, PERM, municipality)


def _meeting_for_change(request: AuthenticatedHttpRequest, pk: int) -> Meeting:
    """The meeting if the user sees it (else 404) and may manage each of its municipalities."""
    meeting = get_meeting_or_404(request, pk)
    _require_manage_all(request.user, list(meeting.municipalities.all()))
    return meeting


def _count(commitments: QuerySet[Commitment]) -> Coalesce:
    """The number of `commitments` (correlated on the outer meeting), 0 when none."""
    counted = commitments.order_by().values("meeting").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


@require_http_methods(["GET"])
@login_required
def meeting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    # The scope is a semi-join (`visible_to`; no DISTINCT over every meeting in scope, no
    # COUNT(DISTINCT) over their commitments): the page's 25 meetings are counted by subqueries
    # after the LIMIT.
    # Only the follow-up items the user may see: a joint meeting's other municipalities' items
    # are neither shown nor counted.
    of_meeting = Commitment.objects.visible_to(user).filter(meeting=OuterRef("pk"))
    meetings = (
        Meeting.objects.visible_to(user)
        .prefetch_related(
            Prefetch("municipalities", queryset=Municipality.objects.order_by("name"))
        )
        .annotate(
            open_count=_count(of_meeting.open()),
            overdue_count=_count(of_meeting.overdue(today)),
        )
        .order_by("-date", "-pk")
    )
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/meetings/list.html",
        {"page": page, "can_add": manageable_municipalities(user).exists()},
    )


@require_http_methods(["GET", "POST"])
@login_required
def meeting_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not manageable_municipalities(user).exists():
        raise PermissionDenied  # no municipality to hold a meeting with
    form = MeetingForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["municipalities"])
        _require_manage_all(user, chosen)
        try:
            meeting = service.create_meeting(
                actor=user, municipalities=chosen, **form.service_fields()
            )
        except ServiceError as error:
            show_service_error(request, error, form)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("participation:meeting-detail", pk=meeting.pk)
    return render(
        request,
        "participation/meetings/form.html",
        {"form": form, "meeting": None, "title": _("New meeting")},
    )


@require_http_methods(["GET", "POST"])
@login_required
def meeting_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    meeting = _meeting_for_change(request, pk)
    form = MeetingForm(request.POST or None, instance=meeting, user=user)
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["municipalities"])
        _require_manage_all(user, chosen)
        try:
            service.update_meeting(
                Meeting.objects.get(pk=meeting.pk),
                actor=user,
                municipalities=chosen,
                **form.service_fields(),
            )
        except ServiceError as error:
            show_service_error(request, error, form)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("participation:meeting-detail", pk=meeting.pk)
    return render(
        request,
        "participation/meetings/form.html",
        {"form": form, "meeting": meeting, "title": _("Change meeting")},
    )


@require_http_methods(["GET"])
@login_required
def meeting_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    meeting = get_meeting_or_404(request, pk)
    municipalities = list(meeting.municipalities.select_related("region").order_by("name"))
    visible = set(
        visible_municipalities(user)
        .filter(pk__in=[m.pk for m in municipalities])
        .values_list("pk", flat=True)
    )
    commitments = (
        meeting.commitments.filter(municipality__in=visible)
        .select_related("municipality", "responsible")
        .order_by("due_date", "pk")
    )
    return render(
        request,
        "participation/meetings/detail.html",
        {
            "meeting": meeting,
            "municipalities": municipalities,
            "commitments": commitments,
            "can_manage": _may_manage_all(user, municipalities),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def commitment_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    meeting = _meeting_for_change(request, pk)
    form = CommitmentForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service.add_commitment(
                meeting,
                actor=user,
                municipality=data["municipality"],
                description=data["description"],
                due_date=data["due_date"],
                responsible=data["responsible"],
                responsible_name=data["responsible_name"],
            )
        except ServiceError as error:
            show_service_error(request, error, form)
        else:
            messages.success(request, _("The commitment was added."))
            return redirect("participation:meeting-detail", pk=meeting.pk)
    return render(
        request,
        "participation/meetings/commitment_form.html",
        {"form": form, "meeting": meeting, "title": _("New commitment")},
    )


@require_http_methods(["GET", "POST"])
@login_required
def commitment_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    commitment = get_commitment_or_404(
        request, pk, "meeting", "municipality", perm="participation.update_commitment_status"
    )
    form = CommitmentStatusForm(
        request.POST or None, initial={"status": commitment.status, "note": commitment.note}
    )
    if request.method == "POST" and form.is_valid():
        service.set_commitment_status(
            commitment,
            actor=user,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            today=timezone.localdate(),
        )
        messages.success(request, _("The commitment's status was saved."))
        if request.GET.get("next") == reverse("participation:my-tasks"):
            return redirect("participation:my-tasks")
        return redirect("participation:meeting-detail", pk=commitment.meeting_id)
    return render(
        request,
        "participation/meetings/commitment_status.html",
        {"form": form, "commitment": commitment, "meeting": commitment.meeting},
    )


def _overdue_rows(queryset: QuerySet[Commitment]) -> QuerySet[Commitment]:
    return (
        queryset.filter(Commitment.overdue_filter(timezone.localdate()))
        .select_related("municipality", "meeting", "responsible")
        .order_by("due_date", "municipality__name", "pk")
    )


@require_http_methods(["GET"])
@login_required
def overdue_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The adviser's follow-up list: overdue commitments in every municipality they see."""
    rows = _overdue_rows(Commitment.objects.visible_to(request.user))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/meetings/overdue.html",
        {"page": page, "municipality": None, "today": timezone.localdate()},
    )


@require_http_methods(["GET"])
@login_required
def municipality_commitments(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    """One municipality's overdue commitments."""
    municipality = get_municipality_or_404(request, number)
    rows = _overdue_rows(Commitment.objects.filter(municipality=municipality))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/meetings/overdue.html",
        {"page": page, "municipality": municipality, "today": timezone.localdate()},
    )
