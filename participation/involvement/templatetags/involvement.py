"""`{% feedback_overdue_list municipality %}`: the municipality's events with feedback overdue."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from participation.involvement.definitions import feedback_overdue
from participation.involvement.models import InvolvementEvent
from participation.places.models import Municipality

register = template.Library()

OVERDUE_LIMIT = 10


@register.inclusion_tag("participation/events/_overdue.html")
def feedback_overdue_list(municipality: Municipality) -> dict[str, Any]:
    """The events whose feedback is overdue, oldest due date first (one query)."""
    today = timezone.localdate()
    events = list(
        InvolvementEvent.objects.filter(
            feedback_overdue(today), initiative__municipality=municipality
        )
        .select_related("initiative")
        .order_by("feedback_due", "pk")[: OVERDUE_LIMIT + 1]
    )
    return {"overdue_events": events[:OVERDUE_LIMIT], "more": len(events) > OVERDUE_LIMIT}
