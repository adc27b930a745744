"""Celery tasks of involvement: notices of feedback owed, and committing an event import.
Idempotent; task names are fixed (`participation.*`). A worker runs them (under `make run` its
background worker); with CELERY_BROKER_URL unset, in-process."""

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


@shared_task(
    name="participation.import_events",
    # Acknowledged when done, so a worker killed halfway leaves the message for another (which
    # starts the import anew: the killed one committed nothing).
    acks_late=True,
    reject_on_worker_lost=True,
    # Progress and outcome are in the EventImport row; nobody waits for a result.
    ignore_result=True,
)
def import_events(job_id: int) -> str:
    """Commit a confirmed event import: check its rows again and save every one or none
    (participation/involvement/services/import_jobs.py). Idempotent: a duplicate message or a
    re-delivery finds the import finished and does nothing."""
    from participation.involvement.services.import_jobs import run_import

    return run_import(job_id)


@shared_task(name="participation.expire_stale_imports")
def expire_stale_imports() -> int:
    """Hourly (see CELERY_BEAT_SCHEDULE): fail the event imports that will not finish, deleting
    the rows they hold. Returns how many."""
    from participation.involvement.services.import_jobs import expire_stale_imports as expire

    return expire()
