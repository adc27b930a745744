"""Reports: asking for one, sending it to the workers, making it, and telling the requester.

Every write about report snapshots goes through here.

- `request_report`: the snapshot for a scope, period, strategy and language. Asking again
  returns the latest version unless a new version is asked for (and the latest is done). A
  failed snapshot never produced anything, so asking again puts that same row back in the queue
  (same version number: versions count reports that exist) rather than adding a version.
- `dispatch`: hands the snapshot to Celery. When the broker cannot be reached the snapshot stays
  queued with `dispatched_at` None; `dispatch_waiting` (a beat task every five minutes) sends it
  when the broker is back. Nothing is lost.
- `generate`: makes the report; the task `participation.generate_report` calls it.
- `notify_requester`: one e-mail when the report is done (or failed), never two.

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
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO

import kombu.exceptions
import redis.exceptions
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import (
    DEFAULT_DB_ALIAS,
    InterfaceError,
    OperationalError,
    connection,
    connections,
    transaction,
)
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Exists, F, OuterRef, Q
from django.db.utils import load_backend
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from participation.involvement.models import Initiative
from participation.places.models import Municipality, Region, Strategy
from participation.programme.models import IndicatorValue
from participation.reports.document import ReportDocument, Row, RowSink, RowSource, checksum
from participation.reports.models import ReportFile, ReportRow, ReportSnapshot
from participation.reports.params import Period, ReportScope

logger = logging.getLogger(__name__)

Status = ReportSnapshot.Status

# The first key of the advisory locks taken here (two-key form: this, then the snapshot's id).
LOCK_NAMESPACE = 60_601
REQUEST_LOCK_NAMESPACE = 60_602
# Rows written and read per round trip.
ROW_CHUNK = 2000
# A snapshot tried this often (retries and re-deliveries together) is given up as failed.
MAX_ATTEMPTS = 8

# Publishing: give up quickly, so that a user is not kept waiting when the broker is down.
PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2}
# What publishing raises when the broker cannot be reached (kombu wraps the transport's errors
# in its OperationalError; the Redis ones are there in case one slips through unwrapped).
BROKER_ERRORS: tuple[type[BaseException], ...] = (
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)
# Errors worth retrying: the database or Redis was briefly unreachable, or a conflict.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)


def time_limits() -> tuple[int, int]:
    """The report task's hard and soft time limits (REPORT_TASK_TIME_LIMIT; the soft one a
    minute earlier, when the task marks the report failed). Sent with every message: Celery
    obeys the limits in the message over the worker's own."""
    limit = settings.REPORT_TASK_TIME_LIMIT
    return limit, max(limit - 60, 1)


FORMATS = (ReportFile.Format.PDF, ReportFile.Format.XLSX, ReportFile.Format.CSV)
EXTENSIONS = {
    ReportFile.Format.PDF: "pdf",
    ReportFile.Format.XLSX: "xlsx",
    ReportFile.Format.CSV: "zip",
}


# Asking for a report ---------------------------------------------------------------------------


def request_report(
    *,
    actor: User | None,
    scope: ReportScope,
    period: Period,
    strategy: Strategy,
    language: str,
    new_version: bool = False,
    schedule_name: str = "",
) -> ReportSnapshot:
    """The snapshot for these parameters, created and queued if needed (see the module
    docstring). The task is sent after the transaction commits; when the broker is down the
    snapshot waits with `dispatched_at` None (see `is_waiting_for_broker`)."""
    with transaction.atomic():
        # Two requests for the same report at once must not both make version 1. (The
        # embedded SQLite default has one writer at a time and needs no lock.)
        if _on_postgresql():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
                    [REQUEST_LOCK_NAMESPACE, _identity(scope, period, strategy, language)],
                )
        same = ReportSnapshot.objects.filter(
            scope=scope.kind,
            municipality=scope.municipality,
            region=scope.region,
            strategy=strategy,
            period_start=period.start,
            period_end=period.end,
            language=language,
        )
        latest = same.order_by("-version").select_for_update().first()
        if latest is not None and not (new_version and latest.status == Status.DONE):
            if latest.status == Status.FAILED:
                _requeue(latest, actor=actor, schedule_name=schedule_name)
            if latest.status == Status.QUEUED and latest.dispatched_at is None:
                transaction.on_commit(lambda: dispatch(latest))
            return latest
        snapshot = ReportSnapshot.objects.create(
            scope=scope.kind,
            municipality=scope.municipality,
            region=scope.region,
            strategy=strategy,
            period_kind=period.kind,
            period_start=period.start,
            period_end=period.end,
            language=language,
            version=latest.version + 1 if latest else 1,
            requested_by=actor,
            schedule_name=schedule_name,
            parameters=_parameters(scope, period, strategy, language),
        )
        transaction.on_commit(lambda: dispatch(snapshot))
    return snapshot


def _identity(scope: ReportScope, period: Period, strategy: Strategy, language: str) -> str:
    place = scope.municipality.pk if scope.municipality else scope.region.pk if scope.region else ""
    return f"{scope.kind}:{place}:{strategy.pk}:{period.start}:{period.end}:{language}"


def _parameters(
    scope: ReportScope, period: Period, strategy: Strategy, language: str
) -> dict[str, Any]:
    """What the report was asked for, readable without the database."""
    return {
        "scope": scope.kind,
        "municipality": scope.municipality.number if scope.municipality else None,
        "region": scope.region.code if scope.region else None,
        "place": scope.name,
        "strategy": strategy.code,
        "period_kind": period.kind,
        "period_start": period.start.isoformat(),
        "period_end": period.end.isoformat(),
        "language": language,
    }


def _requeue(snapshot: ReportSnapshot, *, actor: User | None, schedule_name: str) -> None:
    """A failed snapshot, queued again for whoever asked this time."""
    snapshot.status = Status.QUEUED
    snapshot.error = ""
    snapshot.progress = 0
    snapshot.progress_step = ""
    snapshot.attempts = 0
    snapshot.dispatched_at = None
    snapshot.task_id = ""
    snapshot.started_at = None
    snapshot.finished_at = None
    snapshot.notified_at = None
    snapshot.requested_by = actor
    snapshot.schedule_name = schedule_name
    snapshot.save(
        update_fields=[
            "status",
            "error",
            "progress",
            "progress_step",
            "attempts",
            "dispatched_at",
            "task_id",
            "started_at",
            "finished_at",
            "notified_at",
            "requested_by",
            "schedule_name",
            "updated_at",
        ]
    )


def is_waiting_for_broker(snapshot: ReportSnapshot) -> bool:
    """Queued, but the broker could not be reached when it was sent."""
    return snapshot.status == Status.QUEUED and snapshot.dispatched_at is None


def scope_of(snapshot: ReportSnapshot) -> ReportScope:
    return ReportScope.of(snapshot)


def period_of(snapshot: ReportSnapshot) -> Period:
    return Period(snapshot.period_kind, snapshot.period_start, snapshot.period_end)


# Sending it to the workers ---------------------------------------------------------------------


def dispatch(snapshot: ReportSnapshot) -> bool:
    """Send the snapshot's task to the broker; False (and the snapshot left waiting) when the
    broker cannot be reached."""
    from participation.reports.tasks import generate_report

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
    locked = _locked_snapshot_ids()
    sent = 0
    for snapshot in waiting:
        if snapshot.pk in locked:
            continue
        if not dispatch(snapshot):
            break  # the broker is down: the next run tries again
        sent += 1
    return sent


def _locked_snapshot_ids() -> set[int]:
    """Snapshots a live worker is making (it holds their advisory lock)."""
    if not _on_postgresql():
        return set()  # the embedded default makes reports in-process: none is in the making
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT objid FROM pg_locks "
            "WHERE locktype = 'advisory' AND classid = %s AND objsubid = 2 AND granted "
            # Advisory locks are per database; pg_locks shows the whole cluster's.
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            [LOCK_NAMESPACE],
        )
        return {int(row[0]) for row in cursor.fetchall()}


# Scheduled reports ----------------------------------------------------------------------------


def request_scheduled_reports(
    *,
    scope_kind: str,
    period_kind: str,
    schedule_name: str,
    today: datetime.date,
    strategy_code: str | None = None,
) -> list[ReportSnapshot]:
    """The reports of the last ended period for every place of `scope_kind`: each current
    municipality with records in the strategy, each region, or the country. Asking again
    returns the existing snapshots, so a repeated run makes nothing new."""
    period = Period.last_ended(period_kind, today)
    strategy = strategy_for(period, strategy_code)
    if strategy is None:
        logger.warning("Scheduled reports %s: no strategy to report on.", schedule_name)
        return []
    scopes: Iterable[ReportScope]
    if scope_kind == ReportSnapshot.Scope.MUNICIPALITY:
        scopes = (ReportScope.for_municipality(m) for m in municipalities_with_records(strategy))
    elif scope_kind == ReportSnapshot.Scope.REGION:
        scopes = (ReportScope.for_region(r) for r in Region.objects.order_by("name"))
    elif scope_kind == ReportSnapshot.Scope.NATIONAL:
        scopes = [ReportScope.national()]
    else:
        raise ValueError(f"Unknown report scope {scope_kind!r}")
    return [
        request_report(
            actor=None,
            scope=scope,
            period=period,
            strategy=strategy,
            language=settings.LANGUAGE_CODE,
            schedule_name=schedule_name,
        )
        for scope in scopes
    ]


def strategy_for(period: Period, code: str | None = None) -> Strategy | None:
    """The strategy named by `code`; by default the one in force in the period's last year, or,
    when none is (a gap before the next strategy), the latest that began before it."""
    if code:
        return Strategy.objects.filter(code=code).first()
    year = period.end.year
    begun = Strategy.objects.filter(start_year__lte=year).order_by("-start_year")
    return begun.filter(end_year__gte=year).first() or begun.first()


def municipalities_with_records(strategy: Strategy) -> Iterable[Municipality]:
    """Current municipalities with an initiative serving the strategy's goals or priority areas,
    or an indicator value of its indicators."""
    serving = Initiative.objects.filter(
        Q(goals__strategy=strategy) | Q(priority_areas__strategy=strategy),
        municipality=OuterRef("pk"),
    )
    valued = IndicatorValue.objects.filter(
        indicator__strategy=strategy, municipality=OuterRef("pk")
    )
    return (
        Municipality.objects.current()
        .filter(Exists(serving) | Exists(valued))
        .select_related("region")
        .order_by("number")
    )


# Making it ------------------------------------------------------------------------------------

Progress = Callable[[int, str], None]
Renderer = Callable[[ReportDocument, RowSource | None, BinaryIO], None]


def generate(snapshot_id: int) -> str:
    """Make the snapshot's report, once, whatever duplicates and retries come (see the module
    docstring). Returns what happened: "done", "already done", "busy", "failed" or "gone".

    Runs its own transactions: call it outside any (a Celery task does).
    """
    if connection.in_atomic_block:
        raise RuntimeError("generate() runs its own transactions: call it outside any.")
    with _side_connection("control") as control:
        if not _try_lock(control, snapshot_id):
            return "busy"
        try:
            return _generate_locked(snapshot_id, control.alias)
        finally:
            _unlock(control, snapshot_id)


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
        _delete_stored_files(snapshot.pk)
        with translation.override(snapshot.language):
            _make(snapshot, progress)
    except TRANSIENT_ERRORS:
        raise  # the task retries it
    except Exception as exc:
        logger.exception("Report %s could not be made.", snapshot.pk)
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
    from participation.reports.figures import GENERATOR_VERSION, build_report

    with _side_connection("writer") as writer, transaction.atomic(using=writer.alias):
        # Leftovers of an earlier attempt cannot be committed (they would have come with status
        # done), but remove any all the same, in the transaction that replaces them.
        ReportRow.objects.using(writer.alias).filter(snapshot_id=snapshot.pk).delete()
        ReportFile.objects.using(writer.alias).filter(snapshot_id=snapshot.pk).delete()

        progress(5, _("Computing the figures"))
        with transaction.atomic():
            data_cutoff = _consistent_read()
            document = build_report(
                scope_of(snapshot),
                period_of(snapshot),
                snapshot.strategy,
                today=timezone.localdate(data_cutoff),
                sink=_row_sink(snapshot.pk, writer.alias),
                progress=lambda percent, step: progress(5 + percent * 55 // 90, step),
            )
        progress(60, _("Figures done; making the files"))
        if settings.REPORT_TEST_PAUSE_AFTER_FIGURES:
            time.sleep(settings.REPORT_TEST_PAUSE_AFTER_FIGURES)  # test hook, see settings.py

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
            _store_file(snapshot, fmt, renderers[fmt], shown, source, writer.alias)

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


def generated_by(snapshot: ReportSnapshot) -> str:
    """Who asked (their name), or the schedule."""
    if snapshot.requested_by is not None:
        user = snapshot.requested_by
        return user.get_full_name() or user.get_username()
    if snapshot.schedule_name:
        return _("Schedule: %(name)s") % {"name": snapshot.schedule_name}
    return ""


def _store_file(
    snapshot: ReportSnapshot,
    fmt: str,
    render: Renderer,
    document: ReportDocument,
    source: RowSource,
    using: str,
) -> None:
    """Render into a temporary file, then store it with its size and SHA-256."""
    with tempfile.TemporaryFile() as out:
        render(document, source, out)
        out.flush()
        out.seek(0)
        digest = hashlib.sha256()
        size = 0
        for chunk in iter(lambda: out.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
        out.seek(0)
        record = ReportFile(
            snapshot_id=snapshot.pk, format=fmt, size=size, sha256=digest.hexdigest()
        )
        name = f"{snapshot.pk}-v{snapshot.version}.{EXTENSIONS[fmt]}"  # type: ignore[index]
        record.file.save(name, File(out, name=name), save=False)
        record.save(using=using)


def _delete_stored_files(snapshot_id: int) -> None:
    """Files an interrupted attempt stored: their records were never committed."""
    folder = f"reports/{snapshot_id}"
    try:
        _, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in names:
        default_storage.delete(f"{folder}/{name}")


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


# The stored rows ------------------------------------------------------------------------------


def _row_sink(snapshot_id: int, using: str) -> RowSink:
    """Writes a stored table's rows in batches as the figures step yields them."""

    def sink(table: str, rows: Iterable[Row]) -> int:
        count = 0
        batch: list[ReportRow] = []
        for count, row in enumerate(rows, start=1):  # noqa: B007  # count is the total
            batch.append(
                ReportRow(snapshot_id=snapshot_id, table=table, ordinal=count, cells=list(row))
            )
            if len(batch) >= ROW_CHUNK:
                ReportRow.objects.using(using).bulk_create(batch)
                batch = []
        if batch:
            ReportRow.objects.using(using).bulk_create(batch)
        return count

    return sink


def rows_of(snapshot: ReportSnapshot | int, *, using: str = DEFAULT_DB_ALIAS) -> RowSource:
    """The row source of a snapshot's stored tables, streamed from the database."""
    snapshot_id = snapshot if isinstance(snapshot, int) else snapshot.pk

    def source(table: str) -> Iterator[Row]:
        return (
            ReportRow.objects.using(using)
            .filter(snapshot_id=snapshot_id, table=table)
            .order_by("ordinal")
            .values_list("cells", flat=True)
            .iterator(chunk_size=ROW_CHUNK)
        )

    return source


def preview_rows_of(snapshot: ReportSnapshot, document: ReportDocument) -> RowSource:
    """Only the rows a screen shows of each stored table (its `preview_limit`), one query each."""

    def source(table: str) -> Iterable[Row]:
        limit = document.table(table).preview_limit
        return list(
            ReportRow.objects.filter(snapshot=snapshot, table=table)
            .order_by("ordinal")
            .values_list("cells", flat=True)[:limit]
        )

    return source


def document_of(snapshot: ReportSnapshot) -> ReportDocument | None:
    """The stored document, with the checksum in its meta as the files show it."""
    if not snapshot.data:
        return None
    document = ReportDocument.from_json(snapshot.data)
    document.meta["checksum"] = snapshot.checksum
    return document


def download_name(report_file: ReportFile, snapshot: ReportSnapshot) -> str:
    """A file name for the user: place, period, version."""
    place = slugify(snapshot.place_name.translate(_ASCII))
    period = f"{snapshot.period_start:%Y%m%d}-{snapshot.period_end:%Y%m%d}"
    extension = EXTENSIONS[report_file.format]  # type: ignore[index]
    return f"rapport-{place}-{period}-v{snapshot.version}.{extension}"


_ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


# Telling the requester ------------------------------------------------------------------------


def notify_requester(snapshot_id: int) -> bool:
    """E-mail the requester that the report is done (or failed), once: `notified_at` is claimed
    before sending, so a second call sends nothing. Scheduled reports have nobody to tell."""
    snapshot = (
        ReportSnapshot.objects.select_related("requested_by", "municipality", "region")
        .filter(pk=snapshot_id, status__in=[Status.DONE, Status.FAILED])
        .first()
    )
    if snapshot is None or snapshot.requested_by is None or not snapshot.requested_by.email:
        return False
    claimed = ReportSnapshot.objects.filter(pk=snapshot.pk, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    if not claimed:
        return False
    link = settings.SITE_URL + snapshot.get_absolute_url()
    with translation.override(snapshot.language):
        names = {"report": str(snapshot), "link": link, "error": snapshot.error}
        if snapshot.status == Status.DONE:
            subject = _("Your report is ready: %(report)s") % names
            body = (
                _(
                    "The report you asked for, %(report)s, is ready.\n\n"
                    "Open it and download it as PDF, XLSX or CSV here:\n%(link)s\n"
                )
                % names
            )
        else:
            subject = _("Your report could not be made: %(report)s") % names
            body = (
                _(
                    "The report you asked for, %(report)s, could not be made.\n\n%(error)s\n\n"
                    "You can try again here:\n%(link)s\n"
                )
                % names
            )
    send_mail(subject, body, None, [snapshot.requested_by.email])
    return True


# Connections and locks ------------------------------------------------------------------------


def _on_postgresql() -> bool:
    """False on the embedded SQLite default (`make run`): one process, tasks in-process, one
    writer at a time. There, reports are made on the one connection without locks; everything
    else (production, the tests) runs on PostgreSQL."""
    return connection.vendor == "postgresql"


def _consistent_read() -> datetime.datetime:
    """Make the current transaction see one moment (REPEATABLE READ, READ ONLY) and return that
    moment: the data cut-off. Must be the transaction's first statement."""
    if not _on_postgresql():
        return timezone.now()  # SQLite transactions are serializable already
    with connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT transaction_timestamp()")
        cutoff: datetime.datetime = cursor.fetchone()[0]
    return cutoff


@contextmanager
def _side_connection(purpose: str) -> Iterator[BaseDatabaseWrapper]:
    """A connection of its own to the default database, reachable by the ORM under a temporary
    alias (`using=`) for the time of the block, then closed and forgotten. The alias names the
    thread, so threads never share one; it is not in DATABASES, so nothing else opens it.

    On the embedded SQLite default, the default connection itself: SQLite has one writer at a
    time, and a report made in-process has nobody watching its progress meanwhile."""
    if not _on_postgresql():
        yield connections[DEFAULT_DB_ALIAS]
        return
    alias = f"report_{purpose}_{threading.get_ident()}"
    default = connections[DEFAULT_DB_ALIAS].settings_dict
    side = load_backend(default["ENGINE"]).DatabaseWrapper({**default}, alias)
    connections[alias] = side
    try:
        yield side
    finally:
        try:
            side.close()
        finally:
            del connections[alias]


def _try_lock(conn: BaseDatabaseWrapper, snapshot_id: int) -> bool:
    if conn.vendor != "postgresql":
        return True
    with conn.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, snapshot_id])
        return bool(cursor.fetchone()[0])


def _unlock(conn: BaseDatabaseWrapper, snapshot_id: int) -> None:
    """Release the lock; if the connection is gone, so is the lock."""
    if conn.vendor != "postgresql":
        return
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, snapshot_id])
    except (OperationalError, InterfaceError):
        logger.warning("Report %s: the lock went with its connection.", snapshot_id)
