"""Committing a confirmed event import as a Celery task, so that no web request waits for it.

`start_event_import` (the confirm button) records an `EventImport` (audited) with what the
commit needs, the checked file's header and rows, and sends the task
`participation.import_events` when that transaction commits. The task calls `run_import`:

- It marks the import running, and writes its progress (rows checked) through a connection of
  its own (`participation.core.connections.side_connection`), in autocommit, so the import's
  page sees it at once.
- In one transaction on the default connection it locks the initiative, checks every row again
  with the dry run's own check (`import_events`, `check_rows`: a row that became invalid since
  the preview, say its method was made inactive, fails the import), writes the events in bulk
  with their audit entries, and marks the import done, its payload emptied. Every event or
  none: any error rolls the whole transaction back.
- On any failure it marks the import failed with a message in the user's language (the rows'
  errors listed), its payload emptied, and nothing saved.

An import that never finishes (its message lost) is failed after STALE_AFTER by an hourly task
(`expire_stale_imports`), and its rows deleted with it.

Duplicate messages, a retry or a re-delivery after a killed worker are harmless: the second
run waits for the initiative's lock, then finds the import finished and does nothing; a run
killed half-way committed nothing, so the next one starts from the beginning.

With CELERY_BROKER_URL unset (the embedded default) the task runs in-process, as the reports'
do. When the broker cannot be reached the import fails at once with a message to try again.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence
from typing import Any

import kombu.exceptions
import redis.exceptions
from celery import current_app
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from participation.accounts.audit import acting_as
from participation.core.connections import side_connection
from participation.involvement.models import EventImport, Initiative
from participation.involvement.services.imports import ImportRefused, import_events

logger = logging.getLogger(__name__)

Status = EventImport.Status

# The task (participation/involvement/tasks.py), sent by name: the tasks sit above the services.
IMPORT_EVENTS = "participation.import_events"

# What publishing raises when the broker cannot be reached.
BROKER_ERRORS: tuple[type[BaseException], ...] = (
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)
PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2}

# How many of the rows' errors a failed import keeps to show.
MAX_ROW_ERRORS = 50

# An import still waiting or running this long after it was confirmed will not finish (its
# message was lost, or its worker died and Redis's re-delivery is long past: the visibility
# timeout and the task's time limit are each well under an hour by default).
STALE_AFTER = datetime.timedelta(hours=3)


def start_event_import(
    initiative: Initiative,
    *,
    actor: User,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    digest: str,
    language: str,
) -> EventImport:
    """Record the confirmed import of a checked file and send its task when the transaction
    commits. Stores the file's header and rows (text, as checked) for the task alone."""
    with transaction.atomic(), acting_as(actor):
        job = EventImport.objects.create(
            initiative=initiative,
            municipality_id=initiative.municipality_id,
            created_by=actor,
            updated_by=actor,
            language=language[:8],
            digest=digest,
            rows_total=len(rows),
            payload={"header": list(header), "rows": [list(row) for row in rows]},
        )
        job_id = job.pk
        transaction.on_commit(lambda: dispatch(job_id))
    return job


def unfinished_import(initiative: Initiative, *, actor: User, digest: str) -> EventImport | None:
    """The user's import of this file that is still waiting or running (a confirm button
    pressed twice finds the first)."""
    return (
        EventImport.objects.filter(
            initiative=initiative,
            created_by=actor,
            digest=digest,
            status__in=(Status.QUEUED, Status.RUNNING),
        )
        .order_by("-pk")
        .first()
    )


def dispatch(job_id: int) -> bool:
    """Send the import's task (IMPORT_QUEUE, or Celery's default queue). When the broker cannot
    be reached the import fails at once, nothing saved, with a message to try again."""
    options: dict[str, Any] = {"queue": settings.IMPORT_QUEUE} if settings.IMPORT_QUEUE else {}
    try:
        current_app.tasks[IMPORT_EVENTS].apply_async(
            args=(job_id,), retry=True, retry_policy=PUBLISH_RETRY_POLICY, **options
        )
    except BROKER_ERRORS:
        logger.warning("Event import %s: the broker is not reachable.", job_id)
        job = EventImport.objects.filter(pk=job_id).only("language").first()
        with translation.override(job.language if job else settings.LANGUAGE_CODE):
            _fail(
                job_id,
                _(
                    "The import could not be started: the task queue is not reachable. Nothing "
                    "was saved. Upload the file again in a while."
                ),
            )
        return False
    return True


def expire_stale_imports(*, now: datetime.datetime | None = None) -> int:
    """Fail the imports that will not finish (STALE_AFTER), so that the rows they hold are not
    kept: hourly, by the task `participation.expire_stale_imports`. A message that still comes
    for one finds it failed and does nothing. Returns how many."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    stale = EventImport.objects.filter(
        status__in=(Status.QUEUED, Status.RUNNING), created_at__lt=cutoff
    ).values_list("pk", "language")
    count = 0
    for job_id, language in stale:
        with translation.override(language):
            _fail(
                job_id,
                _(
                    "The import did not finish: it was not taken up or its worker stopped. "
                    "Nothing was saved. Upload the file again."
                ),
            )
        count += 1
    return count


def run_import(job_id: int) -> str:
    """Commit the import (see the module docstring). Returns what happened: "done", "failed",
    "finished already" or "gone"."""
    job = EventImport.objects.filter(pk=job_id).select_related("created_by").first()
    if job is None:
        return "gone"
    # Outside a transaction (a worker, or in-process after the confirm's commit) this commits
    # at once: the page sees the import running.
    started = EventImport.objects.filter(
        pk=job_id, status__in=(Status.QUEUED, Status.RUNNING)
    ).update(status=Status.RUNNING, started_at=timezone.now(), rows_done=0)
    if not started:
        return "finished already"
    with side_connection("import") as control:

        def progress(done: int) -> None:
            EventImport.objects.using(control).filter(pk=job_id, status=Status.RUNNING).update(
                rows_done=min(done, job.rows_total)
            )

        with translation.override(job.language):
            try:
                return _commit(job_id, progress)
            except ImportRefused as refused:
                errors = [
                    [error.row, error.column, error.message] for error in refused.check.errors
                ]
                summary = _("Nothing was imported: %(problem)s") % {
                    "problem": "; ".join(refused.check.file_errors)
                    or _(
                        "since the file was checked, some of its rows have become invalid (below). "
                        "Correct them and upload the file again."
                    )
                }
                _fail(job_id, summary, errors[:MAX_ROW_ERRORS])
                return "failed"
            except Exception as exc:
                logger.exception("Event import %s failed.", job_id)
                _fail(
                    job_id,
                    _(
                        "The import could not be finished (%(error)s). Nothing was saved. The "
                        "error is logged for the administrators."
                    )
                    % {"error": type(exc).__name__},
                )
                return "failed"


def _commit(job_id: int, progress: Any) -> str:
    with transaction.atomic():
        # The initiative's lock (taken by `import_events`) orders imports into one initiative;
        # a second run of the same import reads the first one's outcome after waiting for it.
        job = (
            EventImport.objects.select_related("initiative", "created_by").filter(pk=job_id).first()
        )
        if job is None:
            return "gone"
        Initiative.objects.select_for_update(no_key=True).filter(pk=job.initiative_id).first()
        job.refresh_from_db(fields=["status", "payload"])
        if job.status != Status.RUNNING or job.payload is None:
            return "finished already"
        created, check = import_events(
            job.initiative,
            actor=job.created_by,
            header=job.payload["header"],
            rows=job.payload["rows"],
            progress=progress,
        )
        job.status = Status.DONE
        job.rows_done = job.rows_total
        job.created_count = len(created)
        job.skipped_count = len(check.already_imported)
        job.finished_at = timezone.now()
        job.payload = None
        job.updated_by = job.created_by
        with acting_as(job.created_by):
            job.save(
                update_fields=[
                    "status",
                    "rows_done",
                    "created_count",
                    "skipped_count",
                    "finished_at",
                    "payload",
                    "updated_by",
                    "updated_at",
                ]
            )
    return "done"


def _fail(job_id: int, message: str, row_errors: list[list[Any]] | None = None) -> None:
    """Mark the import failed (unless it is done), its payload emptied; audited."""
    with transaction.atomic():
        job = (
            EventImport.objects.select_for_update(of=("self",))
            .select_related("created_by")
            .filter(pk=job_id)
            .exclude(status=Status.DONE)
            .first()
        )
        if job is None:
            return
        job.status = Status.FAILED
        job.error = message
        job.row_errors = row_errors or []
        job.finished_at = timezone.now()
        job.payload = None
        job.updated_by = job.created_by
        with acting_as(job.created_by):
            job.save(
                update_fields=[
                    "status",
                    "error",
                    "row_errors",
                    "finished_at",
                    "payload",
                    "updated_by",
                    "updated_at",
                ]
            )
