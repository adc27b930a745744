"""Notices of feedback owed: a week before an event's feedback to its participants is due, the
person who recorded the event is told (participation/accounts/services/notifications.py)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from participation.accounts.models import Notification
from participation.accounts.services.notifications import notify
from participation.involvement.models import InvolvementEvent

# How many days before the feedback is due the notice comes.
NOTICE_DAYS = 7


def notify_feedback_due(*, today: datetime.date) -> int:
    """Tell each event's recorder about feedback due within `NOTICE_DAYS` and not yet given;
    once per event and due date, however often it runs. Returns how many notices were new."""
    due_soon = (
        InvolvementEvent.objects.filter(
            feedback_given__isnull=True,
            feedback_due__gte=today,
            feedback_due__lte=today + datetime.timedelta(days=NOTICE_DAYS),
            created_by__is_active=True,
        )
        .select_related("created_by", "initiative")
        .order_by("feedback_due", "pk")
    )
    made = 0
    for event in due_soon.iterator(chunk_size=500):
        assert event.feedback_due is not None
        key = f"feedback-due:{event.pk}:{event.feedback_due.isoformat()}"
        if Notification.objects.filter(user=event.created_by, key=key).exists():
            continue
        notify(
            event.created_by,
            kind=Notification.Kind.FEEDBACK_DUE,
            key=key,
            text=_("Feedback to the participants of %(event)s (%(initiative)s) is due %(due)s.")
            % {
                "event": event.title,
                "initiative": event.initiative.name,
                "due": formats.date_format(event.feedback_due, "SHORT_DATE_FORMAT"),
            },
            url=reverse("participation:event-detail", args=[event.pk]),
        )
        made += 1
    return made
