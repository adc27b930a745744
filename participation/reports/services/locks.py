"""Connections and locks for making reports: advisory locks per snapshot, a connection of the
report's own for each job, and the consistent read of the figures step (see `generation`).
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend
from django.utils import timezone

logger = logging.getLogger(__name__)


# The first key of the advisory locks (two-key form: this, then the snapshot's id) that a worker
# holds while it makes a report, and of the transaction locks that serialise asking for one.
LOCK_NAMESPACE = 60_601
REQUEST_LOCK_NAMESPACE = 60_602


def on_postgresql() -> bool:
    """False on the embedded SQLite default (`make run`): one process, tasks in-process, one
    writer at a time. There, reports are made on the one connection without locks; everything
    else (production, the tests) runs on PostgreSQL."""
    return connection.vendor == "postgresql"


def consistent_read() -> datetime.datetime:
    """Make the current transaction see one moment (REPEATABLE READ, READ ONLY) and return that
    moment: the data cut-off. Must be the transaction's first statement."""
    if not on_postgresql():
        return timezone.now()  # SQLite transactions are serializable already
    with connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT transaction_timestamp()")
        cutoff: datetime.datetime = cursor.fetchone()[0]
    return cutoff


@contextmanager
def side_connection(purpose: str) -> Iterator[BaseDatabaseWrapper]:
    """A connection of its own to the default database, reachable by the ORM under a temporary
    alias (`using=`) for the time of the block, then closed and forgotten. The alias names the
    thread, so threads never share one; it is not in DATABASES, so nothing else opens it.

    On the embedded SQLite default, the default connection itself: SQLite has one writer at a
    time, and a report made in-process has nobody watching its progress meanwhile."""
    if not on_postgresql():
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


def try_lock(conn: BaseDatabaseWrapper, snapshot_id: int) -> bool:
    if conn.vendor != "postgresql":
        return True
    with conn.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, snapshot_id])
        return bool(cursor.fetchone()[0])


def unlock(conn: BaseDatabaseWrapper, snapshot_id: int) -> None:
    """Release the lock; if the connection is gone, so is the lock."""
    if conn.vendor != "postgresql":
        return
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, snapshot_id])
    except (OperationalError, InterfaceError):
        logger.warning("Report %s: the lock went with its connection.", snapshot_id)


def locked_snapshot_ids() -> set[int]:
    """Snapshots a live worker is making (it holds their advisory lock)."""
    if not on_postgresql():
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
