"""Sending a report to the workers: the task `participation.generate_report`, sent by its name
(participation/reports/tasks.py defines it; the reports app registers it in every process), with
the time limits of the sender's settings. When the broker cannot be reached the snapshot waits
with `dispatched_at` None, and `dispatch_waiting` (a beat task every minute) sends it when the
broker is back.

A worker that dies while making a report (killed, out of memory, its host gone) leaves the
snapshot "being made", and its message with Redis until the visibility timeout (40 minutes by
default). `dispatch_waiting` notices it sooner: a worker making a report holds the snapshot's
advisory lock for as long as its database connection lives (services/generation.py), and
PostgreSQL lets go of the lock when the dead worker's connection closes. A snapshot being made
for more than ORPHAN_GRACE with nobody holding its lock is put back in the queue, with a note
that says what happened, and sent once; a worker that then takes it makes it from the start.
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
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

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


# How long a snapshot may be "being made" with nobody holding its lock before it counts as
# orphaned: a worker takes the lock before it marks the snapshot running, so this only covers
# the moment between reading the locks and reading the snapshots.
ORPHAN_GRACE = datetime.timedelta(minutes=1)


def requeue_orphans(*, now: datetime.datetime, locked: set[int]) -> int:
    """Put back in the queue the snapshots whose worker died (see the module docstring): status
    queued, not yet sent (`dispatched_at` None), progress 0, and in `error` a note in the
    report's language that the report page and its progress show. Returns how many."""
    orphans = (
        ReportSnapshot.objects.filter(status=Status.RUNNING, started_at__lt=now - ORPHAN_GRACE)
        .exclude(pk__in=locked)
        .only("pk", "language", "progress", "started_at")
    )
    requeued = 0
    for orphan in orphans:
        with translation.override(orphan.language):
            note = _(
                "The worker making this report stopped at %(progress)s %% (started "
                "%(started)s). The report was put back in the queue at %(now)s and is made "
                "again from the start."
            ) % {
                "progress": orphan.progress,
                "started": formats.date_format(
                    timezone.localtime(orphan.started_at), "SHORT_DATETIME_FORMAT"
                ),
                "now": formats.date_format(timezone.localtime(now), "SHORT_DATETIME_FORMAT"),
            }
        # Only if still the same orphaned attempt: a worker may have taken it meanwhile.
        requeued += ReportSnapshot.objects.filter(
            pk=orphan.pk, status=Status.RUNNING, started_at=orphan.started_at
        ).update(
            status=Status.QUEUED,
            dispatched_at=None,
            progress=0,
            progress_step="",
            error=note,
            updated_at=timezone.now(),
        )
        logger.warning("Report %s: its worker stopped; put back in the queue.", orphan.pk)
    return requeued


def dispatch_waiting(*, now: datetime.datetime | None = None) -> int:
    """Send again what is waiting: snapshots whose worker died (`requeue_orphans`), those the
    broker did not take, and queued ones sent longer ago than the visibility timeout that never
    started (nobody holds their lock). Sending twice is harmless. Returns the number sent."""
    now = now or timezone.now()
    visibility = datetime.timedelta(
        seconds=settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    )
    # The locks first: a snapshot unlocked then and running now was taken after this read
    # (and has a recent `started_at`, inside ORPHAN_GRACE).
    locked = locked_snapshot_ids()
    requeue_orphans(now=now, locked=locked)
    waiting = ReportSnapshot.objects.filter(
        Q(status=Status.QUEUED, dispatched_at__isnull=True)
        | Q(status=Status.QUEUED, dispatched_at__lt=now - visibility)
    ).order_by("pk")
    sent = 0
    for snapshot in waiting:
        if snapshot.pk in locked:
            continue
        if not dispatch(snapshot):
            break  # the broker is down: the next run tries again
        sent += 1
    return sent
