"""What changed in the user's scope since a moment (their previous login): new involvement
events, new input, indicator values submitted for review and values returned.

Scoped with `visible_to(user)`; three or four queries, however much changed (the events' total
is counted only when there are more than the few newest shown). Each reads what changed through an index on the rows'
`created_at` (events, input) or `updated_at` (values) (migrations `involvement` 0009 and
`programme` 0005), not the whole scope: its cost grows with what changed since, not with the data.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Q

from participation.accounts.access import AnyUser
from participation.involvement.models import Input, InvolvementEvent
from participation.programme.models import IndicatorValue

# How many of the new events the dashboard names (the rest are counted).
NEWEST = 5


@dataclass(frozen=True)
class Changes:
    since: datetime.datetime
    events: int = 0
    newest_events: Sequence[InvolvementEvent] = field(default_factory=list)
    inputs: int = 0
    values_submitted: int = 0
    values_returned: int = 0

    @property
    def any(self) -> bool:
        return bool(self.events or self.inputs or self.values_submitted or self.values_returned)


def changes_since(user: AnyUser, since: datetime.datetime) -> Changes:
    """What was recorded or changed in `user`'s scope after `since`. Values count by their
    status now and their last change after `since` (submitted or returned since then)."""
    events = InvolvementEvent.objects.visible_to(user).filter(created_at__gt=since)
    newest = list(
        events.select_related("initiative__municipality").order_by("-created_at", "-pk")[:NEWEST]
    )
    # Fewer than NEWEST are all there are; else counted in the index (a window count over the
    # rows read every new event with its initiative and municipality: 50-175 ms at scale 1).
    total = len(newest) if len(newest) < NEWEST else events.count()
    inputs = Input.objects.visible_to(user).filter(created_at__gt=since).count()
    values = (
        IndicatorValue.objects.visible_to(user)
        .filter(updated_at__gt=since)
        .order_by()
        .aggregate(
            submitted=Count("pk", filter=Q(status=IndicatorValue.Status.SUBMITTED)),
            returned=Count("pk", filter=Q(status=IndicatorValue.Status.RETURNED)),
        )
    )
    return Changes(
        since=since,
        events=total,
        newest_events=newest,
        inputs=inputs,
        values_submitted=values["submitted"],
        values_returned=values["returned"],
    )
