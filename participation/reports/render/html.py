"""The report body as HTML: on screen inside the site layout, and in the PDF's print shell.

Semantic and accessible: a table of contents; first what the figures cover and the symbols'
legend ("About the figures"), last, after the definitions, how the report was made ("About the
report": generated when and by whom, versions, checksum), each as <dl>; an h2 per section and an h3 per table; tables with a <caption>, column headers
(`<th scope="col">`) and row headers (`<th scope="row">`, the first column); each chart beside
its table, which holds the chart's numbers. Stored tables show their first `preview_limit` rows
and say how many the exports have. No style attributes or scripts (the site's CSP forbids
them): Bootstrap classes only.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from participation.reports.document import ReportDocument, Row, RowSource, Table

from .formatting import (
    NUMERIC_KINDS,
    MetaItem,
    format_cell,
    legend_items,
    reader_items,
    symbol_meaning,
    technical_items,
)
from .svg import bar_chart, has_bars

TEMPLATE = "participation/reports/document.html"
WIDE_COLUMNS = 8
BESIDE_COLUMNS = 4

# The PDF's page: a table whose narrowest layout (each column as wide as its longest word, as
# WeasyPrint lays it out) is wider than the text of an A4 portrait page goes on landscape pages.
# Widths in points, estimated from the number of characters: DejaVu Sans averages about 0.6 em
# a character (bold a little more); the print stylesheet sets the sizes and paddings.
PORTRAIT_TEXT_WIDTH = (210 - 2 * 15) / 25.4 * 72  # A4 less the side margins, in points
FONT_SIZE, WIDE_FONT_SIZE = 9.0, 7.5
HEADER_EM, CELL_EM = 0.66, 0.6
CELL_PADDING, WIDE_CELL_PADDING = 8.0, 4.0


@dataclass(frozen=True)
class CellView:
    text: str
    numeric: bool
    meaning: str = ""  # set for a symbol ("<5", ":", "–"): what it stands for


@dataclass(frozen=True)
class ColumnView:
    label: str
    help: str
    numeric: bool


@dataclass
class TableView:
    id: str
    title: str
    note: str
    columns: list[ColumnView]
    rows: list[list[CellView]]
    chart: SafeString | None = None
    preview_note: str = ""
    landscape: bool = False  # the PDF prints it on landscape pages (see `needs_landscape`)

    @property
    def has_help(self) -> bool:
        return any(column.help for column in self.columns)

    @property
    def beside(self) -> bool:
        """Chart and table side by side on a wide screen; a table of many columns has the
        chart below it instead."""
        return self.chart is not None and len(self.columns) <= BESIDE_COLUMNS

    @property
    def wide(self) -> bool:
        """Many columns: the PDF sets the table smaller, on landscape pages, to fit the page."""
        return len(self.columns) >= WIDE_COLUMNS


@dataclass
class SectionView:
    id: str
    title: str
    intro: str
    tables: list[TableView] = field(default_factory=list)


def render_html(
    document: ReportDocument, source: RowSource | None, *, about_section: bool = True
) -> SafeString:
    """The report body (no page shell) in the document's language. A stored table shows the
    first `preview_limit` rows from `source` (or, without a source, only a pointer to the
    exports). Without `about_section` the body leaves out its closing "About the report": the
    page around it shows that itself, under the id `report-about` the contents link to."""
    with translation.override(document.meta.get("language") or translation.get_language()):
        return render_to_string(
            TEMPLATE, body_context(document, source, about_section=about_section)
        )


def body_context(
    document: ReportDocument, source: RowSource | None, *, about_section: bool = True
) -> dict[str, object]:
    """The template context of the report body (call with the report's language active)."""
    return {
        "language": translation.get_language(),
        "title": document.meta.get("title", ""),
        "reader_meta": reader_items(document),
        "technical_meta": technical_items(document) if about_section else [],
        "about_section": about_section,
        "legend": legend_items(),
        "sections": [
            SectionView(
                id=html_id("section", section.key),
                title=section.title,
                intro=section.intro,
                tables=[_table_view(document, table, source) for table in section.tables],
            )
            for section in document.sections
        ],
        "definitions": [MetaItem(d.term, d.text) for d in document.definitions],
    }


def html_id(kind: str, key: str) -> str:
    """A stable, valid id for an element of the report."""
    return f"report-{kind}-{re.sub(r'[^A-Za-z0-9_-]+', '-', key)}"


def _table_view(document: ReportDocument, table: Table, source: RowSource | None) -> TableView:
    rows: list[Row]
    preview_note = ""
    if not table.stored:
        rows = table.rows
    elif source is None:
        rows = []
        preview_note = _("The rows of this table are in the XLSX and CSV files.")
    else:
        rows = _first(document.iter_rows(table, source), table.preview_limit)
        if table.row_count > len(rows):
            preview_note = _(
                "Showing the first %(shown)s of %(total)s rows; the XLSX and CSV files have "
                "all of them."
            ) % {
                "shown": formats.number_format(len(rows), force_grouping=True),
                "total": formats.number_format(table.row_count, force_grouping=True),
            }
    table_id = html_id("table", table.key)
    kinds = [column.kind for column in table.columns]
    columns = [
        ColumnView(column.label, column.help, column.kind in NUMERIC_KINDS)
        for column in table.columns
    ]
    cells = [
        [
            CellView(format_cell(value, kind), kind in NUMERIC_KINDS, symbol_meaning(value))
            for value, kind in zip(row, kinds, strict=False)
        ]
        for row in rows
    ]
    return TableView(
        id=table_id,
        title=table.title,
        note=table.note,
        columns=columns,
        rows=cells,
        landscape=needs_landscape(columns, cells),
        chart=(
            bar_chart(table, rows, chart_id=f"{table_id}-chart")
            if not table.stored and has_bars(table, rows)
            else None
        ),
        preview_note=preview_note,
    )


def needs_landscape(columns: list[ColumnView], rows: list[list[CellView]]) -> bool:
    """Whether the table's narrowest layout is wider than an A4 portrait page's text: each
    column as wide as its longest word (a number, kept on one line, as a whole), in the size
    the print stylesheet gives the table."""
    wide = len(columns) >= WIDE_COLUMNS
    size = WIDE_FONT_SIZE if wide else FONT_SIZE
    padding = WIDE_CELL_PADDING if wide else CELL_PADDING
    width = 0.0
    for index, column in enumerate(columns):
        longest = max((len(word) for word in column.label.split()), default=0) * HEADER_EM
        for row in rows:
            if index < len(row):
                cell = row[index]
                words = [cell.text] if cell.numeric else cell.text.split()
                longest = max(longest, max((len(w) for w in words), default=0) * CELL_EM)
        width += longest * size + padding
    return width > PORTRAIT_TEXT_WIDTH


def _first(rows: Iterable[Row], limit: int) -> list[Row]:
    """The first `limit` rows, closing the source (a database cursor) after them."""
    iterator = iter(rows)
    try:
        return list(itertools.islice(iterator, limit))
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            close()
