"""Celery tasks of involvement: notices of feedback owed. Idempotent; task names are fixed
(`participation.*`). A worker runs them (under `make run` its background worker); with
CELERY_BROKER_URL unset, in-process."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="participation.notify_feedback_due")
def notify_feedback_due(today: str | None = None) -> int:
    """Daily (see CELERY_BEAT_SCHEDULE): notices of feedback due within a week.

    `today` (ISO date) is for tests and reruns; by default the local date."""
    import datetime

    from django.utils import timezone

    from participation.involvement.services.notices import notify_feedback_due as notify

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return notify(today=day)
