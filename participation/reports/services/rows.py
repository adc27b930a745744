"""The stored rows of a report's long tables: written in batches while the figures are computed,
streamed back to the renderers, and a screen's worth for the report's page.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import DEFAULT_DB_ALIAS

from participation.reports.document import ReportDocument, Row, RowSink, RowSource
from participation.reports.models import ReportRow, ReportSnapshot

# Rows written and read per round trip.
ROW_CHUNK = 2000


def row_sink(snapshot_id: int, using: str) -> RowSink:
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
