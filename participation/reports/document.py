"""A report as data: what the figures step (`reports.figures`) produces and every renderer
(`reports.render`) reads. Plain, JSON-serialisable, with no database access of its own.

A document has metadata, sections and an appendix of definitions. A section holds tables; a
table has typed columns and rows of cells, and may carry a chart drawn from its own columns (the
table is then the chart's accessible text). Long tables (every initiative in a national report)
are *stored*: their rows are not in the document but stream from a row source, so that neither
making nor exporting them holds them all in memory.

Cells are int, float, str or None:
- None means "no data" (nothing to count or divide by), shown as "–";
- `SUPPRESSED` ("<5") is a protected count under 5, zero included (region and national reports,
  and a municipality's comparison figures; see `reports.disclosure`);
- `WITHHELD` (":") is a derived figure hidden because it rests on such a count (the symbol
  Statistics Norway uses for "not shown for confidentiality reasons").
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

Cell = int | float | str | None
Row = list[Cell]
# Where a stored table's rows come from: table key → rows in order.
RowSource = Callable[[str], Iterable[Row]]
# Where the figures step writes a stored table's rows: (table key, rows) → number written.
RowSink = Callable[[str, Iterable[Row]], int]

SUPPRESSED = "<5"
WITHHELD = ":"

# Column kinds: how a renderer formats and types a cell.
TEXT = "text"  # str
COUNT = "count"  # int (or SUPPRESSED)
PERCENT = "percent"  # int or float, 0–100 (or WITHHELD)
NUMBER = "number"  # int or float, e.g. an indicator value or a mean rating
NOK = "nok"  # int, kroner
DATE = "date"  # ISO date string
COLUMN_KINDS = {TEXT, COUNT, PERCENT, NUMBER, NOK, DATE}


@dataclass
class Column:
    key: str
    label: str
    kind: str = TEXT
    help: str = ""  # a short definition, shown as the column's description


@dataclass
class Chart:
    """A bar chart of a table: one bar (group) per row, labelled by `label_column`, with one
    bar per column in `value_columns`. Suppressed and missing values draw no bar."""

    title: str
    label_column: str
    value_columns: list[str]
    kind: str = "bar"


@dataclass
class Table:
    key: str  # unique within the document; also the sheet / CSV file name stem
    title: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    note: str = ""
    chart: Chart | None = None
    # A stored table's rows live outside the document (ReportRow); `rows` is then empty and
    # `row_count` tells how many there are.
    stored: bool = False
    row_count: int = 0
    # Screens and the PDF show at most this many rows of a stored table (the exports have all).
    preview_limit: int = 200

    def column_index(self, key: str) -> int:
        return next(i for i, column in enumerate(self.columns) if column.key == key)


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table]
    intro: str = ""


@dataclass
class Definition:
    term: str
    text: str


@dataclass
class ReportDocument:
    """`meta` holds: title, scope_kind, scope_name, period_kind, period_label, period_start,
    period_end (ISO), strategy, language, data_cutoff (ISO datetime), suppressed (bool),
    generator_version; the task adds generated_at and generated_by."""

    meta: dict[str, Any]
    sections: list[Section]
    definitions: list[Definition] = field(default_factory=list)

    def tables(self) -> Iterator[Table]:
        for section in self.sections:
            yield from section.tables

    def table(self, key: str) -> Table:
        return next(t for t in self.tables() if t.key == key)

    def iter_rows(self, table: Table, source: RowSource | None = None) -> Iterable[Row]:
        """All rows of `table`: its own, or a stored table's from `source`."""
        if not table.stored:
            return table.rows
        if source is None:
            raise ValueError(f"Table {table.key!r} is stored: its rows need a row source.")
        return source(table.key)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportDocument:
        sections = [
            Section(
                key=s["key"],
                title=s["title"],
                intro=s.get("intro", ""),
                tables=[
                    Table(
                        **{
                            **t,
                            "columns": [Column(**c) for c in t["columns"]],
                            "chart": Chart(**t["chart"]) if t.get("chart") else None,
                        }
                    )
                    for t in s["tables"]
                ],
            )
            for s in data["sections"]
        ]
        return cls(
            meta=dict(data["meta"]),
            sections=sections,
            definitions=[Definition(**d) for d in data.get("definitions", [])],
        )


class MemoryRows:
    """A row sink and source in memory, for tests and for small reports made outside a task."""

    def __init__(self) -> None:
        self.tables: dict[str, list[Row]] = {}

    def write(self, key: str, rows: Iterable[Row]) -> int:
        self.tables[key] = [list(row) for row in rows]
        return len(self.tables[key])

    def read(self, key: str) -> Iterable[Row]:
        return self.tables.get(key, [])


def checksum(document: ReportDocument, source: RowSource | None = None) -> str:
    """SHA-256 over the document's canonical JSON and then every stored row in order: the same
    data always gives the same checksum, computed without holding the rows."""
    digest = hashlib.sha256()
    digest.update(_canonical(document.to_json()))
    for table in document.tables():
        if table.stored:
            for row in document.iter_rows(table, source):
                digest.update(_canonical(row))
    return digest.hexdigest()


def _canonical(value: Any) -> bytes:
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    ).encode()
