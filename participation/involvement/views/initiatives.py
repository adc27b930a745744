"""Initiatives: the list, creating and changing one, its success-factor/barrier assessment, and
its page (the research's seven columns, then its events a page at a time with their input, and
its loop closure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView

from participation.accounts.access import municipalities_for_role, visible_municipalities
from participation.accounts.models import RoleAssignment
from participation.accounts.shortcuts import get_municipality_or_404
from participation.core.http import AuthenticatedHttpRequest
from participation.core.services import ServiceError
from participation.core.views import show_service_error
from participation.involvement import readmodel
from participation.involvement.definitions import LoopClosure, feedback_overdue_flag
from participation.involvement.filters import InitiativeFilter, with_status_rank
from participation.involvement.forms.initiatives import InitiativeForm, factor_assessment_forms
from participation.involvement.models import (
    FactorAssessment,
    Initiative,
    Input,
    InvolvementEvent,
    ParticipantCount,
)
from participation.involvement.services import initiatives as service
from participation.involvement.shortcuts import get_initiative_or_404
from participation.involvement.templatetags.input_rows import INPUT_ROW_FIELDS
from participation.places.models import Factor, Goal, Municipality, PriorityArea, TargetGroup


def participants_by_target_group(event: InvolvementEvent) -> list[tuple[TargetGroup, int]]:
    """The event's participant counts summed over roles, per target group, in vocabulary order."""
    totals: dict[int, tuple[TargetGroup, int]] = {}
    for cell in event.participant_counts.all():
        group, count = totals.get(cell.target_group_id, (cell.target_group, 0))
        totals[cell.target_group_id] = (group, count + cell.count)
    return list(totals.values())


EVENTS_PAGE_SIZE = 20


class InitiativeDetailView(LoginRequiredMixin, DetailView):
    model = Initiative
    http_method_names = ["get"]  # like require_GET
    context_object_name = "initiative"
    template_name = "participation/initiative_detail.html"

    def get_queryset(self) -> QuerySet[Initiative]:
        return (
            Initiative.objects.visible_to(self.request.user)
            .select_related("municipality__county", "municipality__region")
            .prefetch_related(
                "target_groups",
                "participation_forms",
                Prefetch("goals", queryset=Goal.objects.select_related("strategy")),
                Prefetch(
                    "priority_areas", queryset=PriorityArea.objects.select_related("strategy")
                ),
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        initiative = self.object
        loop = LoopClosure.for_events(initiative.events.all(), today)
        # A big initiative has hundreds of events and thousands of input items: its events a page
        # at a time (the count known already from the loop-closure figures), and the input of
        # the events on the page only; each event's page lists all of its input.
        paginator = Paginator(
            initiative.events.select_related("method")
            .prefetch_related(
                Prefetch(
                    "participant_counts",
                    queryset=ParticipantCount.objects.select_related("target_group"),
                ),
                "themes",
            )
            .annotate(is_overdue=feedback_overdue_flag(today))
            .order_by("date", "start_time", "pk"),
            EVENTS_PAGE_SIZE,
        )
        paginator.count = loop.events_total  # type: ignore[misc]  # cached_property, preset
        page = paginator.get_page(self.request.GET.get("page"))
        events = list(page.object_list)
        assessments = list(initiative.factor_assessments.select_related("factor"))
        for event in events:
            event.by_target_group = participants_by_target_group(event)  # type: ignore[attr-defined]
        context.update(
            today=today,
            events=events,
            page=page,
            inputs=Input.objects.filter(event__in=[event.pk for event in events])
            .select_related("theme", "event")
            .only(*INPUT_ROW_FIELDS, "event__title", "event__date")  # the columns shown
            .order_by("event__date", "pk"),
            loop=loop,
            factor_groups=group_factors(
                [a.factor for a in assessments],
                {a.factor_id: a for a in assessments},
            ),
        )
        return context


# The list, and creating and changing initiatives ----------------------------------------------

PAGE_SIZE = 25


def _municipalities_user_can_add_to(user: User) -> list[Municipality]:
    """Where the "New initiative" button may lead: municipal staff's own municipalities.

    Admins may add anywhere; they choose the municipality from its page instead of a list of
    357, so they get no direct button here.
    """
    return list(
        municipalities_for_role(
            user, {RoleAssignment.Role.MUNICIPAL}, admins_everywhere=False
        ).order_by("name")
    )


@require_http_methods(["GET"])
@login_required
def initiative_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    queryset = with_status_rank(
        Initiative.objects.visible_to(user)
        .select_related("municipality")
        .prefetch_related("target_groups")
        .order_by("municipality__name", "name", "pk")
    )
    filterset = InitiativeFilter(request.GET or None, queryset=queryset, user=user)
    initiatives = filterset.qs if filterset.is_bound else queryset
    if filterset.is_bound and filterset.form.is_valid() and filterset.form.cleaned_data.get("sort"):
        # A stable order within equal sort keys, so pages never overlap.
        initiatives = initiatives.order_by(*initiatives.query.order_by, "pk")
    paginator = Paginator(initiatives, PAGE_SIZE)
    if not (filterset.is_bound and filterset.is_filtered):
        # The whole scope: its total from the read model, not a count of its initiatives.
        paginator.count = readmodel.figure_total(  # type: ignore[misc]  # cached_property, preset
            visible_municipalities(user), "initiative_count"
        )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "participation/initiatives/list.html",
        {
            "filter": filterset,
            "page": page,
            "filtered": filterset.is_bound and filterset.is_filtered,
            "addable": _municipalities_user_can_add_to(user),
        },
    )


def _initiative_for_change(request: HttpRequest, pk: int) -> Initiative:
    """The initiative if the user may see it (else 404) and change it (else 403)."""
    return get_initiative_or_404(
        request, pk, "municipality", perm="participation.change_initiative"
    )


@require_http_methods(["GET", "POST"])
@login_required
def initiative_create(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    # The municipality comes from the URL only, scoped first (outsiders get 404).
    municipality = get_municipality_or_404(request, number, perm="participation.add_initiative")
    form = InitiativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            initiative = service.create_initiative(
                municipality,
                actor=request.user,
                **form.service_fields(),
            )
        except ServiceError as error:
            show_service_error(request, error, form)
        else:
            messages.success(
                request,
                _("The initiative %(name)s was created with reference %(reference)s.")
                % {"name": initiative.name, "reference": initiative.reference},
            )
            return redirect(initiative)
    return render(
        request,
        "participation/initiatives/form.html",
        {
            "form": form,
            "municipality": municipality,
            "initiative": None,
            "title": _("New initiative"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def initiative_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for_change(request, pk)
    form = InitiativeForm(request.POST or None, instance=initiative)
    if request.method == "POST" and form.is_valid():
        try:
            service.update_initiative(
                initiative,
                actor=request.user,
                **form.service_fields(),
            )
        except ServiceError as error:
            show_service_error(request, error, form)
        else:
            messages.success(
                request, _("Your changes to %(name)s were saved.") % {"name": initiative.name}
            )
            return redirect(initiative)
    return render(
        request,
        "participation/initiatives/form.html",
        {
            "form": form,
            "municipality": initiative.municipality,
            "initiative": initiative,
            "title": _("Edit initiative"),
        },
    )


# Success factors and barriers ----------------------------------------------------------------


@dataclass
class FactorGroup:
    kind_label: str
    group_label: str
    items: list[Any]


def group_factors(
    factors: list[Factor], items: dict[int, Any]
) -> list[tuple[str, list[FactorGroup]]]:
    """Items per factor, grouped by kind (success factors first, then barriers) and then the
    research's four groups, in that order. Factors without an item are left out."""
    kind_rank = {kind: rank for rank, kind in enumerate(Factor.Kind.values)}
    group_rank = {group: rank for rank, group in enumerate(Factor.Group.values)}
    factors = sorted(
        factors,
        key=lambda f: (kind_rank.get(f.kind, 99), group_rank.get(f.group, 99), f.order, f.name),
    )
    kinds: dict[str, tuple[str, dict[str, FactorGroup]]] = {}
    for factor in factors:
        item = items.get(factor.pk)
        if item is None:
            continue
        kind_label, groups = kinds.setdefault(
            factor.kind,
            (factor.get_kind_display(), {}),  # type: ignore[attr-defined]
        )
        group = groups.setdefault(
            factor.group,
            FactorGroup(kind_label, factor.get_group_display(), []),  # type: ignore[attr-defined]
        )
        group.items.append(item)
    return [(label, list(groups.values())) for label, groups in kinds.values()]


def _factors_for(initiative: Initiative, assessments: dict[int, FactorAssessment]) -> list[Factor]:
    """Active factors, plus inactive ones the initiative was already assessed on."""
    return list(
        Factor.objects.filter(Q(is_active=True) | Q(pk__in=list(assessments))).order_by(
            "kind", "group", "order", "name"
        )
    )


@require_http_methods(["GET", "POST"])
@login_required
def initiative_factors(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for_change(request, pk)
    assessments = {a.factor_id: a for a in initiative.factor_assessments.all()}
    factors = _factors_for(initiative, assessments)
    forms_ = factor_assessment_forms(
        factors, assessments, request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and all(f.is_valid() for f in forms_):
        service.assess_factors(
            initiative,
            actor=request.user,
            answers=[
                service.FactorAnswer(
                    f.factor, f.cleaned_data["presence"], f.cleaned_data["comment"]
                )
                for f in forms_
            ],
        )
        messages.success(request, _("The assessment of success factors and barriers was saved."))
        return redirect(initiative)
    has_errors = request.method == "POST"
    return render(
        request,
        "participation/initiatives/factors.html",
        {
            "initiative": initiative,
            "municipality": initiative.municipality,
            "groups": group_factors(factors, {f.factor.pk: f for f in forms_}),
            "has_errors": has_errors,
        },
    )
