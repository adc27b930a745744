"""The initiative page: the research's seven columns, then its events, input and loop closure."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.views.generic import DetailView

from participation.models import (
    Goal,
    Initiative,
    Input,
    InvolvementEvent,
    ParticipantCount,
    PriorityArea,
    TargetGroup,
)
from participation.reports.definitions import LoopClosure, feedback_overdue_flag


def participants_by_target_group(event: InvolvementEvent) -> list[tuple[TargetGroup, int]]:
    """The event's participant counts summed over roles, per target group, in vocabulary order."""
    totals: dict[int, tuple[TargetGroup, int]] = {}
    for cell in event.participant_counts.all():
        group, count = totals.get(cell.target_group_id, (cell.target_group, 0))
        totals[cell.target_group_id] = (group, count + cell.count)
    return list(totals.values())


class InitiativeDetailView(LoginRequiredMixin, DetailView):
    model = Initiative
    context_object_name = "initiative"

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
        events = list(
            initiative.events.select_related("method")
            .prefetch_related(
                Prefetch(
                    "participant_counts",
                    queryset=ParticipantCount.objects.select_related("target_group"),
                ),
                "themes",
            )
            .annotate(is_overdue=feedback_overdue_flag(today))
            .order_by("date", "start_time", "pk")
        )
        for event in events:
            event.by_target_group = participants_by_target_group(event)  # type: ignore[attr-defined]
        context.update(
            today=today,
            events=events,
            inputs=Input.objects.filter(event__initiative=initiative)
            .select_related("theme", "event")
            .order_by("event__date", "pk"),
            loop=LoopClosure.for_events(initiative.events.all(), today),
        )
        return context
