"""Celery tasks of the API: the stored answers of idempotent writes, cleaned up. Task names are
fixed (`participation.*`). With CELERY_BROKER_URL unset (the embedded default) they run
in-process."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="participation.delete_old_idempotency_answers")
def delete_old_idempotency_answers(now: str | None = None) -> int:
    """Daily (see CELERY_BEAT_SCHEDULE): delete the answers kept for Idempotency-Key replays
    once older than API_IDEMPOTENCY_HOURS; the number deleted.

    `now` (an ISO time with its offset) is for tests and reruns; by default the current time."""
    import datetime

    from participation.api.idempotency import delete_old_answers

    return delete_old_answers(datetime.datetime.fromisoformat(now) if now else None)
