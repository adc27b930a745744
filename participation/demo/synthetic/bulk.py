"""Fast bulk writes: PostgreSQL COPY in chunks, or batched INSERTs elsewhere (small scales).

A `TableWriter` takes plain row tuples and sends them in chunks, so that neither the rows nor
the COPY buffer of a million-row table is ever held whole. Writers that others point at are
flushed first (`after=`), so the rows a foreign key names are always there when it is checked:
the loader makes constraints immediate, which keeps PostgreSQL from queueing millions of deferred
checks until the commit.

COPY bypasses the ORM, so the writer runs the personal-data guard of each free-text column
(`participation.core.fields`) itself: the synthetic text passes through the same check as text
typed in. Each distinct value is checked once (the text is drawn from a small set of phrases).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

from participation.core.fields import FreeText, is_free_text

# COPY's text format: these characters must be escaped inside a value.
_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text_cell(value: Any) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_ESCAPE)
    return str(value)  # int, Decimal, date and aware datetime all print as PostgreSQL reads them


class BulkLoader:
    """Writes rows through one database connection, inside the caller's transaction."""

    def __init__(self, connection: BaseDatabaseWrapper, chunk_rows: int = 20_000) -> None:
        self.connection = connection
        self.chunk_rows = chunk_rows
        self.is_postgresql = connection.vendor == "postgresql"
        self.writers: list[TableWriter] = []
        # Text values that passed the guard, by field (many rows share a phrase).
        self.guarded: dict[FreeText, set[str]] = {}
        if self.is_postgresql:
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    def writer(
        self,
        model: type[models.Model],
        columns: Sequence[str],
        *,
        after: Iterable[TableWriter] = (),
    ) -> TableWriter:
        """A writer for `model`'s table (or a many-to-many `through` model's), filling
        `columns` (database column names) in that order."""
        writer = TableWriter(self, model._meta.db_table, list(columns), list(after))
        by_column = {
            field.column: field for field in model._meta.concrete_fields if is_free_text(field)
        }
        writer.guards = [
            (index, by_column[column])  # type: ignore[misc]
            for index, column in enumerate(writer.columns)
            if column in by_column
        ]
        self.writers.append(writer)
        return writer

    def reserve_ids(self, model: type[models.Model], count: int) -> int:
        """Reserve `count` consecutive primary keys for `model`; return the first.

        Run on a database nobody else writes to at the same time (as the command requires): a
        concurrent insert could otherwise take a key from the block.
        """
        table = model._meta.db_table
        with self.connection.cursor() as cursor:
            if self.is_postgresql:
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                sequence = cursor.fetchone()[0]
                cursor.execute("SELECT nextval(%s)", [sequence])
                first = int(cursor.fetchone()[0])
                if count > 1:
                    cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
                return first
            quoted = self.connection.ops.quote_name(table)
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {quoted}")
            return int(cursor.fetchone()[0])

    def adapt(self, value: Any) -> Any:
        """A value as the (non-PostgreSQL) database driver takes it, as Django would send it."""
        ops = self.connection.ops
        if isinstance(value, datetime.datetime):
            return ops.adapt_datetimefield_value(value)
        if isinstance(value, datetime.date):
            return ops.adapt_datefield_value(value)
        if isinstance(value, datetime.time):
            return ops.adapt_timefield_value(value)
        if isinstance(value, Decimal):
            return str(value)
        return value

    def flush_all(self) -> None:
        for writer in self.writers:
            writer.flush()


class TableWriter:
    def __init__(
        self, loader: BulkLoader, table: str, columns: list[str], after: list[TableWriter]
    ) -> None:
        self.loader = loader
        self.table = table
        self.columns = columns
        self.after = after
        self.pending: list[tuple[Any, ...]] = []
        self.count = 0
        # (position in the row, field) of each free-text column.
        self.guards: list[tuple[int, FreeText]] = []

    def add(self, row: tuple[Any, ...]) -> None:
        for index, field in self.guards:
            value = row[index]
            passed = self.loader.guarded.setdefault(field, set())
            if value and value not in passed:
                field.refuse_personal_data(value)  # raises ValidationError naming the field
                if len(passed) < 100_000:
                    passed.add(value)
        self.pending.append(row)
        if len(self.pending) >= self.loader.chunk_rows:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        for parent in self.after:
            parent.flush()
        rows, self.pending = self.pending, []
        connection = self.loader.connection
        quote = connection.ops.quote_name
        columns = ", ".join(quote(c) for c in self.columns)
        with connection.cursor() as cursor:
            if self.loader.is_postgresql:
                buffer = io.StringIO()
                for row in rows:
                    buffer.write("\t".join(map(_text_cell, row)))
                    buffer.write("\n")
                buffer.seek(0)
                cursor.copy_expert(f"COPY {quote(self.table)} ({columns}) FROM STDIN", buffer)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                adapt = self.loader.adapt
                cursor.executemany(
                    f"INSERT INTO {quote(self.table)} ({columns}) VALUES ({marks})",
                    [tuple(map(adapt, row)) for row in rows],
                )
        self.count += len(rows)


def noon_utc(day: datetime.date) -> datetime.datetime:
    """A row's created/updated time: noon UTC of the day it is about (repeatable, unlike now())."""
    return datetime.datetime(day.year, day.month, day.day, 12, tzinfo=datetime.UTC)
