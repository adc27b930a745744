"""Making a report: `generate`, which the task `participation.generate_report` calls.

How `generate` stays correct with duplicate messages, retries and killed workers:

- A session-level PostgreSQL advisory lock per snapshot (`pg_try_advisory_lock`). A second
  worker with the same snapshot sees it taken and returns. A killed worker's connection closes,
  and PostgreSQL frees its lock.
- It uses three connections to the same database, each for one job:
  - *control* (autocommit): the lock, and the progress the page polls. Writes here are seen at
    once by everyone.
  - *default*: the figures step, in one REPEATABLE READ, READ ONLY transaction, so that every
    figure sees the same moment; the data cut-off is that transaction's start.
  - *writer*: one READ COMMITTED transaction that holds the stored rows, the file records and
    the snapshot's final state (status done, data, checksum). They become visible together when
    it commits; a worker killed before that leaves nothing behind but files in storage, which
    the next attempt deletes.
  Why not one REPEATABLE READ transaction for everything: its last write, the snapshot's
  status, would fail ("could not serialize access due to concurrent update") because the
  control connection has updated the same row's progress in the meantime.
- Transient errors (database or broker unreachable) propagate, and the task retries with
  back-off; anything else marks the snapshot failed with a message that holds no data.

On the embedded SQLite default (`make run`, a background worker beside the development server)
the same three connections are three connections to the file, and the lock is a file lock (see
`locks`). SQLite has one writer at a time, so the figures step reads in a transaction that takes
no lock, and the writer commits each write at once instead of holding one transaction (that
would stop the web's writes and this report's progress until the report is done): the status
done is still written last, and nothing shows a report's rows or files before it is done.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable

import redis.exceptions
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError, connection
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from participation.reports.document import ReportDocument, checksum
from participation.reports.models import ReportFile, ReportRow, ReportSnapshot

from .files import FORMATS, Renderer, delete_stored_files, store_file
from .locks import consistent_reading, held_until_done, side_connection, try_lock, unlock
from .mail import notify_requester
from .requesting import period_of, scope_of
from .rows import row_sink, rows_of

logger = logging.getLogger(__name__)

Status = ReportSnapshot.Status


# A snapshot tried this often (retries and re-deliveries together) is given up as failed.
MAX_ATTEMPTS = 8


# Errors worth retrying: the database or Redis was briefly unreachable, or a conflict.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)

Progress = Callable[[int, str], None]


def generate(snapshot_id: int) -> str:
    """Make the snapshot's report, once, whatever duplicates and retries come (see the module
    docstring). Returns what happened: "done", "already done", "busy", "failed" or "gone".

    Runs its own transactions: call it outside any (a Celery task does).
    """
    if connection.in_atomic_block:
        raise RuntimeError("generate() runs its own transactions: call it outside any.")
    with side_connection("control") as control:
        if not try_lock(control, snapshot_id):
            return "busy"
        try:
            return _generate_locked(snapshot_id, control.alias)
        finally:
            unlock(control, snapshot_id)


def _generate_locked(snapshot_id: int, control: str) -> str:
    snapshot = (
        ReportSnapshot.objects.select_related("municipality", "region", "strategy", "requested_by")
        .filter(pk=snapshot_id)
        .first()
    )
    if snapshot is None:
        return "gone"
    if snapshot.status == Status.DONE:
        notify_requester(snapshot.pk)  # in case a worker died between finishing and mailing
        return "already done"
    if snapshot.status == Status.FAILED:
        return "failed"  # asking again (request_report) queues it anew
    if snapshot.attempts >= MAX_ATTEMPTS:
        with translation.override(snapshot.language):
            _fail(snapshot.pk, _("The report could not be made after several attempts."))
        notify_requester(snapshot.pk)
        return "failed"

    ReportSnapshot.objects.using(control).filter(pk=snapshot.pk).update(
        status=Status.RUNNING,
        attempts=F("attempts") + 1,
        started_at=timezone.now(),
        progress=1,
        progress_step="",
        error="",
    )
    progress = _progress_writer(snapshot.pk, control)
    try:
        delete_stored_files(snapshot.pk)
        with translation.override(snapshot.language):
            _make(snapshot, progress)
    except TRANSIENT_ERRORS:
        raise  # the task retries it
    except Exception as exc:
        logger.exception("Report %s could not be made.", snapshot.pk)
        _discard_attempt(snapshot.pk)
        with translation.override(snapshot.language):
            if isinstance(exc, SoftTimeLimitExceeded):
                message = _("Making the report took longer than the time limit.")
            else:
                message = _(
                    "The report could not be made (%(error)s). The error is logged for the "
                    "administrators."
                ) % {"error": type(exc).__name__}
            _fail(snapshot.pk, message)
        notify_requester(snapshot.pk)
        return "failed"
    notify_requester(snapshot.pk)
    return "done"


def _make(snapshot: ReportSnapshot, progress: Progress) -> None:
    """Figures, rows, files and the final state: visible together when the writer commits."""
    from participation.reports.figures import GENERATOR_VERSION

    with side_connection("writer") as writer, held_until_done(writer):
        # Leftovers of an earlier attempt cannot be committed (they would have come with status
        # done), but remove any all the same, in the transaction that replaces them.
        ReportRow.objects.using(writer.alias).filter(snapshot_id=snapshot.pk).delete()
        ReportFile.objects.using(writer.alias).filter(snapshot_id=snapshot.pk).delete()

        document, data_cutoff = figures_step(snapshot, progress, writer.alias)

        document.meta["generated_at"] = timezone.now().isoformat()
        document.meta["generated_by"] = generated_by(snapshot)
        document.meta["version"] = snapshot.version
        source = rows_of(snapshot.pk, using=writer.alias)
        digest = checksum(document, source)
        # The files show the checksum; the stored data leaves it out, so it can be recomputed.
        shown = ReportDocument.from_json(document.to_json())
        shown.meta["checksum"] = digest

        from participation.reports.render import render_csv_zip, render_pdf, render_xlsx

        renderers: dict[str, Renderer] = {
            ReportFile.Format.PDF: render_pdf,
            ReportFile.Format.XLSX: render_xlsx,
            ReportFile.Format.CSV: render_csv_zip,
        }
        for number, fmt in enumerate(FORMATS):
            progress(65 + number * 10, _("Making the %(format)s file") % {"format": fmt.label})
            store_file(snapshot, fmt, renderers[fmt], shown, source, writer.alias)

        progress(95, _("Saving"))
        ReportSnapshot.objects.using(writer.alias).filter(pk=snapshot.pk).update(
            status=Status.DONE,
            progress=100,
            progress_step="",
            data=document.to_json(),
            checksum=digest,
            generator_version=GENERATOR_VERSION,
            data_cutoff=data_cutoff,
            finished_at=timezone.now(),
            error="",
            updated_at=timezone.now(),
        )


def figures_step(
    snapshot: ReportSnapshot, progress: Progress, writer: str
) -> tuple[ReportDocument, datetime.datetime]:
    """The figures step: every figure read in one consistent transaction on the default
    connection, the long tables' rows written through `writer` (uncommitted until the report is
    done). Returns the document and the data cut-off; progress stands at 60 when it returns."""
    from participation.reports.figures import build_report

    progress(5, _("Computing the figures"))
    with consistent_reading() as data_cutoff:
        document = build_report(
            scope_of(snapshot),
            period_of(snapshot),
            snapshot.strategy,
            today=timezone.localdate(data_cutoff),
            sink=row_sink(snapshot.pk, writer),
            progress=lambda percent, step: progress(5 + percent * 55 // 90, step),
        )
    progress(60, _("Figures done; making the files"))
    return document, data_cutoff


def generated_by(snapshot: ReportSnapshot) -> str:
    """Who asked (their name), or the schedule."""
    if snapshot.requested_by is not None:
        user = snapshot.requested_by
        return user.get_full_name() or user.get_username()
    if snapshot.schedule_name:
        return _("Schedule: %(name)s") % {"name": snapshot.schedule_name}
    return ""


def _discard_attempt(snapshot_id: int) -> None:
    """What a failed attempt stored: its files in storage and, on SQLite (where each write
    commits at once), its rows and file records. On PostgreSQL the rows and records went with
    the writer's transaction."""
    ReportRow.objects.filter(snapshot_id=snapshot_id).delete()
    ReportFile.objects.filter(snapshot_id=snapshot_id).delete()
    try:
        delete_stored_files(snapshot_id)
    except OSError:  # the storage may be what failed; the next attempt deletes them
        logger.warning("Report %s: the failed attempt's files stay in storage.", snapshot_id)


def _fail(snapshot_id: int, message: str) -> None:
    ReportSnapshot.objects.filter(pk=snapshot_id).exclude(status=Status.DONE).update(
        status=Status.FAILED,
        error=message,
        progress_step="",
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


def mark_failed(snapshot_id: int, message: str) -> None:
    """For the task, when its retries are used up."""
    _fail(snapshot_id, message)
    notify_requester(snapshot_id)


def _progress_writer(snapshot_id: int, using: str) -> Progress:
    """Progress on the control connection: others see it at once. It only ever grows."""

    def write(percent: int, step: str) -> None:
        percent = max(1, min(int(percent), 99))
        ReportSnapshot.objects.using(using).filter(
            pk=snapshot_id, status=Status.RUNNING, progress__lte=percent
        ).update(progress=percent, progress_step=str(step)[:120])

    return write
