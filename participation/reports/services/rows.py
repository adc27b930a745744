"""The stored rows of a report's long tables: written in batches while the figures are computed,
streamed back to the renderers, and a screen's worth for the report's page.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q

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
    """Only the rows a screen shows of each stored table (its `preview_limit`): one query for
    all of them, made when the first is asked for. A stored table's rows are numbered from 1
    (`row_sink`), so its first rows are those numbered up to its limit."""
    wanted = Q(pk__in=[])
    for table in document.tables():
        if table.stored:
            wanted |= Q(table=table.key, ordinal__lte=table.preview_limit)
    previews: dict[str, list[Row]] | None = None

    def source(table: str) -> Iterable[Row]:
        nonlocal previews
        if previews is None:
            previews = {}
            for key, cells in (
                ReportRow.objects.filter(wanted, snapshot=snapshot)
                .order_by("table", "ordinal")
                .values_list("table", "cells")
            ):
                previews.setdefault(key, []).append(cells)
        return previews.get(table, [])

    return source


def document_of(snapshot: ReportSnapshot) -> ReportDocument | None:
    """The stored document, with the checksum in its meta as the files show it."""
    if not snapshot.data:
        return None
    document = ReportDocument.from_json(snapshot.data)
    document.meta["checksum"] = snapshot.checksum
    return document
