"""Celery tasks of reports: they take ids, re-read the database, are idempotent and call
services.

A worker runs them: in production `celery -A housingapp worker`, under `make run` its
background worker (housingapp/background.py); with CELERY_BROKER_URL unset, in-process. Task names are fixed (`participation.*`), so schedules
and queued messages survive moving code.
"""

from __future__ import annotations

from typing import Any

from celery import Task, shared_task
from django.conf import settings

from participation.reports.services.dispatch import GENERATE_REPORT, dispatch_waiting, time_limits
from participation.reports.services.generation import TRANSIENT_ERRORS, generate, mark_failed
from participation.reports.services.requesting import request_scheduled_reports


class ReportTask(Task):  # type: ignore[type-arg]
    """Marks the snapshot failed when the task gives up (its retries used up)."""

    def on_failure(
        self,
        exc: Exception,
        task_id: str,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        einfo: Any,
    ) -> None:
        from django.utils import translation
        from django.utils.translation import gettext as _

        from participation.reports.models import ReportSnapshot

        snapshot_id: int = args[0] if args else kwargs["snapshot_id"]
        language = (
            ReportSnapshot.objects.filter(pk=snapshot_id).values_list("language", flat=True).first()
        )
        with translation.override(language or settings.LANGUAGE_CODE):
            mark_failed(
                snapshot_id,
                _(
                    "The report could not be made: the database or the queue was not reachable. "
                    "Try again later."
                ),
            )


@shared_task(
    bind=True,
    base=ReportTask,
    name=GENERATE_REPORT,
    # Acknowledged when done, so a worker killed halfway leaves the message for another.
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=10 * 60,
    retry_jitter=True,
    max_retries=5,
    time_limit=time_limits()[0],
    soft_time_limit=time_limits()[1],
    # Progress and outcome are in the snapshot row; nobody waits for a result.
    ignore_result=True,
)
def generate_report(self: Task[Any, Any], snapshot_id: int) -> str:
    """Make a requested report. Idempotent: a duplicate message, a retry or a re-delivery after
    a killed worker finishes the snapshot once (see
    participation/reports/services/generation.py)."""
    return generate(snapshot_id)


@shared_task(bind=True, name="participation.generate_scheduled_reports")
def generate_scheduled_reports(
    self: Task[Any, Any],
    scope_kind: str,
    period_kind: str,
    strategy_code: str | None = None,
    today: str | None = None,
) -> int:
    """From a django-celery-beat schedule (migration 0007; admins edit them in the Django
    admin): ask for the reports of the last ended period for every place of `scope_kind`.
    Idempotent: existing reports are not made again. Returns the number of reports asked for.
    `today` (ISO date) is for tests and reruns."""
    import datetime

    from django.utils import timezone

    # django-celery-beat sends the schedule's name in a message header.
    name = (
        (self.request.headers or {}).get("periodic_task_name")
        or getattr(self.request, "periodic_task_name", None)
        or self.name
    )
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    snapshots = request_scheduled_reports(
        scope_kind=scope_kind,
        period_kind=period_kind,
        strategy_code=strategy_code,
        schedule_name=name,
        today=day,
    )
    return len(snapshots)


@shared_task(name="participation.dispatch_waiting_reports")
def dispatch_waiting_reports() -> int:
    """Every minute (CELERY_BEAT_SCHEDULE): send reports that wait for the broker, were lost on
    the way, or whose worker died. Returns the number sent."""
    return dispatch_waiting()
