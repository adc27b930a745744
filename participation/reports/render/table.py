"""One plain table (a header row, then rows) as CSV or as an XLSX sheet: the exports of pages such
as the advisers' region overview, through the same renderers and the same formula neutralisation
(`safety.neutralise`) as the reports' files."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook

from .safety import neutralise

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def _safe(rows: Iterable[Sequence[Any]]) -> Iterable[list[Any]]:
    for row in rows:
        yield [neutralise(value) if isinstance(value, str) else value for value in row]


def render_table_csv(rows: Iterable[Sequence[Any]]) -> str:
    """The rows as CSV text; text that a spreadsheet would take for a formula is neutralised."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(_safe(rows))
    return buffer.getvalue()


def render_table_xlsx(rows: Iterable[Sequence[Any]], *, sheet_title: str) -> bytes:
    """The rows as a workbook of one sheet named `sheet_title` (cut to Excel's 31 characters)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    for row in _safe(rows):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
