"""Connections and locks for making reports: a lock per snapshot while a worker makes it, a
connection of the report's own for each job, and the consistent read of the figures step (see
`generation`).

On PostgreSQL (production, the tests) the lock is a session-level advisory lock. On the embedded
SQLite default (`make run`: the development server and a background worker share one file) it is
an exclusive `flock` on a file per snapshot in a folder beside the database file
(`db.sqlite3-report-locks/`): like the advisory lock, the operating system lets go of it when
the process holding it dies, so `locked_snapshot_ids` tells a live worker's report from an
orphaned one in both.
"""

from __future__ import annotations

import datetime
import fcntl
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import IO

from django.db import (
    DEFAULT_DB_ALIAS,
    InterfaceError,
    OperationalError,
    connection,
    connections,
    transaction,
)
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend
from django.utils import timezone

logger = logging.getLogger(__name__)


# The first key of the advisory locks (two-key form: this, then the snapshot's id) that a worker
# holds while it makes a report, and of the transaction locks that serialise asking for one.
LOCK_NAMESPACE = 60_601
REQUEST_LOCK_NAMESPACE = 60_602


def on_postgresql() -> bool:
    """False on the embedded SQLite default (`make run`); everything else (production, the
    tests) runs on PostgreSQL."""
    return connection.vendor == "postgresql"


def consistent_read() -> datetime.datetime:
    """Make the current transaction see one moment (REPEATABLE READ, READ ONLY) and return that
    moment: the data cut-off. Must be the transaction's first statement. PostgreSQL only; see
    `consistent_reading` for both databases."""
    with connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT transaction_timestamp()")
        cutoff: datetime.datetime = cursor.fetchone()[0]
    return cutoff


@contextmanager
def consistent_reading() -> Iterator[datetime.datetime]:
    """A transaction on the default connection in which every read sees one moment; yields that
    moment (the data cut-off).

    SQLite, in write-ahead-log mode, gives a read transaction the moment of its first read. The
    embedded default's transactions begin IMMEDIATE, taking the write lock at once (settings);
    this one only reads and lasts the whole figures step, so it begins DEFERRED and takes no
    lock: the web process, and this report's own progress and rows, go on writing meanwhile."""
    if on_postgresql():
        with transaction.atomic():
            yield consistent_read()
        return
    connection.ensure_connection()  # a new connection would read the mode from the settings
    mode = connection.transaction_mode  # type: ignore[attr-defined]
    connection.transaction_mode = "DEFERRED"  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            connection.transaction_mode = mode  # type: ignore[attr-defined]
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM sqlite_master")  # the moment is now
            yield timezone.now()
    finally:
        connection.transaction_mode = mode  # type: ignore[attr-defined]


def held_until_done(writer: BaseDatabaseWrapper) -> AbstractContextManager[object]:
    """The writer's transaction around everything a report stores (see `generation`).

    On PostgreSQL one transaction, so that rows, files and the status done become visible
    together. SQLite has one writer at a time: a transaction held for the whole report would
    stop every other write (the web's, and this report's progress) for as long. There each
    write commits at once; the status done comes last, and nothing reads a report's rows or
    files before it is done (an attempt's leftovers are deleted when it fails, or by the next
    attempt)."""
    if writer.vendor == "postgresql":
        return transaction.atomic(using=writer.alias)
    return nullcontext()


@contextmanager
def side_connection(purpose: str) -> Iterator[BaseDatabaseWrapper]:
    """A connection of its own to the default database, reachable by the ORM under a temporary
    alias (`using=`) for the time of the block, then closed and forgotten. The alias names the
    thread, so threads never share one; it is not in DATABASES, so nothing else opens it. (On
    SQLite, another connection to the same file.)"""
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


# SQLite: the lock files this process holds open (and locked), by snapshot id.
_held_files: dict[int, IO[str]] = {}


def _lock_folder() -> Path:
    database = Path(connections[DEFAULT_DB_ALIAS].settings_dict["NAME"])
    folder = database.with_name(f"{database.name}-report-locks")
    folder.mkdir(exist_ok=True)
    return folder


def _try_flock(handle: IO[str], *, tries: int = 1) -> bool:
    for attempt in range(tries):
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if attempt + 1 < tries:
                time.sleep(0.05)
            continue
        return True
    return False


def try_lock(conn: BaseDatabaseWrapper, snapshot_id: int) -> bool:
    if conn.vendor != "postgresql":
        handle = open(_lock_folder() / f"{snapshot_id}.lock", "a")  # noqa: SIM115  # held
        # `locked_snapshot_ids` takes each free lock for an instant to see that it is free:
        # a worker asking in that instant asks again rather than take the report for busy.
        if not _try_flock(handle, tries=10):
            handle.close()
            return False
        _held_files[snapshot_id] = handle
        return True
    with conn.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, snapshot_id])
        return bool(cursor.fetchone()[0])


def unlock(conn: BaseDatabaseWrapper, snapshot_id: int) -> None:
    """Release the lock; if the connection is gone, so is the lock."""
    if conn.vendor != "postgresql":
        handle = _held_files.pop(snapshot_id, None)
        if handle is not None:
            handle.close()  # closing the last descriptor lets go of the flock
        return
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, snapshot_id])
    except (OperationalError, InterfaceError):
        logger.warning("Report %s: the lock went with its connection.", snapshot_id)


def locked_snapshot_ids() -> set[int]:
    """Snapshots a live worker is making (it holds their lock)."""
    if not on_postgresql():
        locked = set()
        for path in _lock_folder().glob("*.lock"):
            if int(path.stem) in _held_files:
                locked.add(int(path.stem))
                continue
            with open(path, "a") as handle:
                if not _try_flock(handle):
                    locked.add(int(path.stem))
        return locked
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT objid FROM pg_locks "
            "WHERE locktype = 'advisory' AND classid = %s AND objsubid = 2 AND granted "
            # Advisory locks are per database; pg_locks shows the whole cluster's.
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            [LOCK_NAMESPACE],
        )
        return {int(row[0]) for row in cursor.fetchall()}
