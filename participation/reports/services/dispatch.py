"""Sending a report to the workers: the task `participation.generate_report`, sent by its name
(participation/reports/tasks.py defines it; the reports app registers it in every process), with
the time limits of the sender's settings. When the broker cannot be reached the snapshot waits
with `dispatched_at` None, and `dispatch_waiting` (a beat task every five minutes) sends it when
the broker is back.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from typing import Any

import kombu.exceptions
import redis.exceptions
from celery import current_app
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from participation.reports.models import ReportSnapshot

from .locks import locked_snapshot_ids

logger = logging.getLogger(__name__)

Status = ReportSnapshot.Status


# The task that makes a report (participation/reports/tasks.py): its name is fixed.
GENERATE_REPORT = "participation.generate_report"

# Publishing: give up quickly, so that a user is not kept waiting when the broker is down.
PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2}


# What publishing raises when the broker cannot be reached (kombu wraps the transport's errors
# in its OperationalError; the Redis ones are there in case one slips through unwrapped).
BROKER_ERRORS: tuple[type[BaseException], ...] = (
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)


def time_limits() -> tuple[int, int]:
    """The report task's hard and soft time limits (REPORT_TASK_TIME_LIMIT; the soft one a
    minute earlier, when the task marks the report failed). Sent with every message: Celery
    obeys the limits in the message over the worker's own."""
    limit = settings.REPORT_TASK_TIME_LIMIT
    return limit, max(limit - 60, 1)


def dispatch(snapshot: ReportSnapshot) -> bool:
    """Send the snapshot's task to the broker; False (and the snapshot left waiting) when the
    broker cannot be reached."""
    # By name: the tasks module sits above the services (it calls them).
    generate_report = current_app.tasks[GENERATE_REPORT]
    task_id = str(uuid.uuid4())
    # Celery's default queue unless REPORT_QUEUE names one (a worker of its own for reports).
    options: dict[str, Any] = {"queue": settings.REPORT_QUEUE} if settings.REPORT_QUEUE else {}
    hard, soft = time_limits()
    try:
        generate_report.apply_async(
            args=(snapshot.pk,),
            task_id=task_id,
            retry=True,
            retry_policy=PUBLISH_RETRY_POLICY,
            time_limit=hard,
            soft_time_limit=soft,
            **options,
        )
    except BROKER_ERRORS:
        logger.warning("Report %s: the broker is not reachable; it waits.", snapshot.pk)
        return False
    now = timezone.now()
    ReportSnapshot.objects.filter(pk=snapshot.pk).update(dispatched_at=now, task_id=task_id)
    snapshot.dispatched_at, snapshot.task_id = now, task_id
    return True


def dispatch_waiting(*, now: datetime.datetime | None = None) -> int:
    """Send again what is waiting: snapshots the broker did not take, queued ones sent longer
    ago than the visibility timeout that never started, and running ones that outlived the time
    limit with no worker on them (nobody holds their lock). Sending twice is harmless. Returns
    the number sent."""
    now = now or timezone.now()
    visibility = datetime.timedelta(
        seconds=settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    )
    time_limit = datetime.timedelta(seconds=settings.REPORT_TASK_TIME_LIMIT)
    waiting = ReportSnapshot.objects.filter(
        Q(status=Status.QUEUED, dispatched_at__isnull=True)
        | Q(status=Status.QUEUED, dispatched_at__lt=now - visibility)
        | Q(status=Status.RUNNING, started_at__lt=now - visibility - time_limit)
    ).order_by("pk")
    locked = locked_snapshot_ids()
    sent = 0
    for snapshot in waiting:
        if snapshot.pk in locked:
            continue
        if not dispatch(snapshot):
            break  # the broker is down: the next run tries again
        sent += 1
    return sent
