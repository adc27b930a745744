"""Meetings with municipalities and their commitments (oppfølgingspunkter).

Anyone who may see one of a meeting's municipalities sees the meeting. Holding and changing
meetings and their commitments takes `manage_agreements` on every municipality involved (advisers
in their scope, admins): the form offers only those, and the view checks again.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participation.places.models import Municipality
from participation.programme.forms.meetings import (
    CommitmentForm,
    CommitmentStatusForm,
    MeetingForm,
    manageable_municipalities,
)
from participation.programme.models import Commitment, Meeting
from participation.programme.services import meetings as service

PAGE_SIZE = 25
PERM = "participation.manage_agreements"


def _may_manage_all(user: User, municipalities: list[Municipality]) -> bool:
    return all(user.has_perm(PERM, m) for m in municipalities)


def _meeting_for_change(request: HttpRequest, pk: int) -> Meeting:
    """The meeting if the user sees it (else 404) and may manage each of its municipalities."""
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user), pk=pk)
    if not _may_manage_all(request.user, list(meeting.municipalities.all())):  # type: ignore[arg-type]
        raise PermissionDenied
    return meeting


def _count(commitments: QuerySet[Commitment]) -> Coalesce:
    """The number of `commitments` (correlated on the outer meeting), 0 when none."""
    counted = commitments.order_by().values("meeting").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


@require_http_methods(["GET"])
@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    # The scope as a semi-join (no DISTINCT over every meeting in scope, no COUNT(DISTINCT) over
    # their commitments): the page's 25 meetings are counted by subqueries after the LIMIT.
    open_commitments = Commitment.objects.filter(meeting=OuterRef("pk"), status="open")
    meetings = (
        Meeting.objects.filter(pk__in=Meeting.objects.visible_to(user).values("pk"))
        .prefetch_related(
            Prefetch("municipalities", queryset=Municipality.objects.order_by("name"))
        )
        .annotate(
            open_count=_count(open_commitments),
            overdue_count=_count(open_commitments.filter(due_date__lt=today)),
        )
        .order_by("-date", "-pk")
    )
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/meetings/list.html",
        {"page": page, "can_add": manageable_municipalities(user).exists()},  # type: ignore[arg-type]
    )


@require_http_methods(["GET", "POST"])
@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not manageable_municipalities(user).exists():
        raise PermissionDenied
    form = MeetingForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["municipalities"])
        if not _may_manage_all(user, chosen):
            raise PermissionDenied
        meeting = service.create_meeting(actor=user, municipalities=chosen, **form.service_fields())
        messages.success(request, _("The meeting was saved."))
        return redirect("participation:meeting-detail", pk=meeting.pk)
    return render(
        request,
        "participation/meetings/form.html",
        {"form": form, "meeting": None, "title": _("New meeting")},
    )


@require_http_methods(["GET", "POST"])
@login_required
def meeting_update(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    meeting = _meeting_for_change(request, pk)
    form = MeetingForm(request.POST or None, instance=meeting, user=user)
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["municipalities"])
        if not _may_manage_all(user, chosen):
            raise PermissionDenied
        try:
            service.update_meeting(
                Meeting.objects.get(pk=meeting.pk),
                actor=user,
                municipalities=chosen,
                **form.service_fields(),
            )
        except ValidationError as error:
            form.add_error("municipalities", error)
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
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    meeting = get_object_or_404(Meeting.objects.visible_to(user), pk=pk)
    municipalities = list(meeting.municipalities.select_related("region").order_by("name"))
    visible = set(
        Municipality.objects.visible_to(user)
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
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def commitment_add(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    meeting = _meeting_for_change(request, pk)
    form = CommitmentForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        service.add_commitment(
            meeting,
            actor=user,
            municipality=data["municipality"],
            description=data["description"],
            due_date=data["due_date"],
            responsible=data["responsible"],
            responsible_name=data["responsible_name"],
        )
        messages.success(request, _("The commitment was added."))
        return redirect("participation:meeting-detail", pk=meeting.pk)
    return render(
        request,
        "participation/meetings/commitment_form.html",
        {"form": form, "meeting": meeting, "title": _("New commitment")},
    )


@require_http_methods(["GET", "POST"])
@login_required
def commitment_status(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    commitment = get_object_or_404(
        Commitment.objects.visible_to(user).select_related("meeting", "municipality"), pk=pk
    )
    if not user.has_perm(PERM, commitment):
        raise PermissionDenied
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
        return redirect("participation:meeting-detail", pk=commitment.meeting_id)
    return render(
        request,
        "participation/meetings/commitment_status.html",
        {"form": form, "commitment": commitment, "meeting": commitment.meeting},
    )


def _overdue_rows(queryset: QuerySet[Commitment]) -> QuerySet[Commitment]:
    return (
        service.overdue(queryset, timezone.localdate())
        .select_related("municipality", "meeting", "responsible")
        .order_by("due_date", "municipality__name", "pk")
    )


@require_http_methods(["GET"])
@login_required
def overdue_list(request: HttpRequest) -> HttpResponse:
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
def municipality_commitments(request: HttpRequest, number: str) -> HttpResponse:
    """One municipality's overdue commitments."""
    municipality = get_object_or_404(Municipality.objects.visible_to(request.user), number=number)
    rows = _overdue_rows(Commitment.objects.filter(municipality=municipality))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/meetings/overdue.html",
        {"page": page, "municipality": municipality, "today": timezone.localdate()},
    )
