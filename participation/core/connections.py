"""A database connection of a task's own, beside the one its transaction runs on.

A task that writes everything in one transaction (all or nothing) cannot show its progress
through that transaction: nobody sees its writes before it commits. It writes its progress
through a side connection instead, in autocommit, seen at once by the page that polls it. (The
reports keep their own copy, `participation.reports.services.locks.side_connection`, which
this mirrors.)
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import load_backend


@contextmanager
def side_connection(purpose: str) -> Iterator[str]:
    """The alias of a connection of its own to the default database, reachable by the ORM
    (`using=`) for the time of the block, then closed and forgotten. The alias names the
    thread, so threads never share one; it is not in DATABASES, so nothing else opens it.

    On SQLite (the embedded default) the default connection itself: SQLite has one writer at a
    time, so a second connection would wait for the transaction it reports on."""
    default = connections[DEFAULT_DB_ALIAS]
    if default.vendor != "postgresql":
        yield DEFAULT_DB_ALIAS
        return
    alias = f"side_{purpose}_{threading.get_ident()}"
    settings_dict = default.settings_dict
    side = load_backend(settings_dict["ENGINE"]).DatabaseWrapper({**settings_dict}, alias)
    connections[alias] = side
    try:
        yield alias
    finally:
        try:
            side.close()
        finally:
            del connections[alias]
