"""The report as an XLSX workbook (openpyxl, write-only: rows stream to disk as they come).

The first sheet ("Om rapporten" / "About the report") holds what the figures cover (level, area,
period, strategy, data cut-off), the symbols, the definitions and last how the report was made
(generated when and by whom, versions, checksum); then one sheet per section (its intro first, if any), each table as a title row, a
header row and its rows, then its note if any, and an empty row between tables. Counts, amounts
and values are numbers; shares are stored as fractions with a percent format (Excel's own way,
so 12.5 % is the number 0.125); dates are dates. Text is neutralised against formulas
(`safety.neutralise`); "<5" and ":" stay text, and a cell without data is empty.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any, BinaryIO

from django.utils import formats, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from participation.reports.document import (
    COUNT,
    DATE,
    NOK,
    NUMBER,
    PERCENT,
    Cell,
    ReportDocument,
    RowSource,
    Table,
)

from .formatting import legend_items, reader_items, technical_items
from .safety import spreadsheet_text

SHEET_NAME_MAX = 31
# Characters Excel forbids in a sheet name.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
TITLE_FONT = Font(bold=True, size=13)
HEADER_FONT = Font(bold=True)
NOTE_FONT = Font(italic=True)
WRAP = Alignment(wrap_text=True, vertical="top")
PERCENT_DECIMAL = "percent with a decimal"  # a key of _number_formats()


def render_xlsx(document: ReportDocument, source: RowSource | None, out: BinaryIO) -> None:
    """Write the report as an XLSX workbook to `out`; stored tables' rows stream from
    `source`."""
    with translation.override(document.meta.get("language") or translation.get_language()):
        workbook = Workbook(write_only=True)
        workbook.properties.title = str(document.meta.get("title", ""))
        taken: set[str] = set()
        _about_sheet(workbook.create_sheet(sheet_name(_("About the report"), taken)), document)
        formats_by_kind = _number_formats()
        for section in document.sections:
            sheet = workbook.create_sheet(sheet_name(section.title, taken))
            widths = max((len(t.columns) for t in section.tables), default=1)
            _column_widths(sheet, [40] + [18] * (widths - 1))
            if section.intro:
                sheet.append([_text(sheet, section.intro, WRAP)])
                sheet.append([])
            for table in section.tables:
                _append_table(sheet, table, document.iter_rows(table, source), formats_by_kind)
        workbook.save(out)


def sheet_name(title: str, taken: set[str]) -> str:
    """A valid sheet name from `title`: no forbidden characters, at most 31 characters, not
    starting or ending with an apostrophe, and unique (ignoring case) among `taken`, to which it
    is added."""
    base = SHEET_NAME_FORBIDDEN.sub(" ", title).strip().strip("'").strip() or "Sheet"
    name = base[:SHEET_NAME_MAX].rstrip()
    counter = 2
    while name.casefold() in taken:
        suffix = f" ({counter})"
        name = base[: SHEET_NAME_MAX - len(suffix)].rstrip() + suffix
        counter += 1
    taken.add(name.casefold())
    return name


def _about_sheet(sheet: WriteOnlyWorksheet, document: ReportDocument) -> None:
    _column_widths(sheet, [36, 100])
    sheet.append([_text(sheet, str(document.meta.get("title", "")), font=TITLE_FONT)])
    for item in reader_items(document):
        sheet.append([_text(sheet, item.label, font=HEADER_FONT), spreadsheet_text(item.value)])
    sheet.append([])
    sheet.append([_text(sheet, _("Symbols in the tables"), font=TITLE_FONT)])
    for item in legend_items(spreadsheet=True):
        sheet.append([spreadsheet_text(item.label), spreadsheet_text(item.value)])
    if document.definitions:
        sheet.append([])
        sheet.append([_text(sheet, _("Definitions"), font=TITLE_FONT)])
        for definition in document.definitions:
            sheet.append(
                [
                    _text(sheet, definition.term, WRAP, HEADER_FONT),
                    _text(sheet, definition.text, WRAP),
                ]
            )
    sheet.append([])
    sheet.append([_text(sheet, _("How the report was made"), font=TITLE_FONT)])
    for item in technical_items(document):
        sheet.append([_text(sheet, item.label, font=HEADER_FONT), spreadsheet_text(item.value)])


def _append_table(
    sheet: WriteOnlyWorksheet,
    table: Table,
    rows: Iterable[list[Cell]],
    formats_by_kind: dict[str, str],
) -> None:
    sheet.append([_text(sheet, table.title, font=TITLE_FONT)])
    sheet.append([_text(sheet, column.label, WRAP, HEADER_FONT) for column in table.columns])
    kinds = [column.kind for column in table.columns]
    for row in rows:
        sheet.append(
            [
                _cell(sheet, value, kind, formats_by_kind)
                for value, kind in zip(row, kinds, strict=False)
            ]
        )
    if table.note:
        sheet.append([_text(sheet, table.note, font=NOTE_FONT)])
    sheet.append([])


def _cell(
    sheet: WriteOnlyWorksheet, value: Cell, kind: str, formats_by_kind: dict[str, str]
) -> Any:
    """One cell's value, typed: numbers stay numbers (with the column's number format), dates
    become dates, text is neutralised."""
    if value is None:
        return None
    if isinstance(value, str):
        if kind == DATE:
            try:
                day = datetime.date.fromisoformat(value)
            except ValueError:
                return spreadsheet_text(value)
            cell = WriteOnlyCell(sheet, day)
            cell.number_format = formats_by_kind[DATE]
            return cell
        return spreadsheet_text(value)
    number_format = formats_by_kind.get(kind)
    if kind == PERCENT:
        if not float(value).is_integer():
            number_format = formats_by_kind[PERCENT_DECIMAL]
        value = value / 100
    if number_format is None:
        return value
    cell = WriteOnlyCell(sheet, value)
    cell.number_format = number_format
    return cell


def _number_formats() -> dict[str, str]:
    """Excel number formats per column kind, in the active language."""
    before, _placeholder, after = _("NOK %(value)s").partition("%(value)s")
    return {
        COUNT: "#,##0",
        PERCENT: "0%",
        PERCENT_DECIMAL: "0.0%",
        NUMBER: "General",
        NOK: f"{_excel_literal(before)}#,##0{_excel_literal(after)}",
        DATE: _excel_date_format(formats.get_format("SHORT_DATE_FORMAT")),
    }


def _excel_literal(text: str) -> str:
    return f'"{text}"' if text else ""


def _excel_date_format(django_format: str) -> str:
    """Django's date format (e.g. "d.m.Y") as an Excel number format ("dd.mm.yyyy")."""
    codes = {"d": "dd", "j": "d", "m": "mm", "n": "m", "Y": "yyyy", "y": "yy"}
    return "".join(codes.get(char, char) for char in django_format)


def _text(
    sheet: WriteOnlyWorksheet,
    text: str,
    alignment: Alignment | None = None,
    font: Font | None = None,
) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, spreadsheet_text(text))
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell


def _column_widths(sheet: WriteOnlyWorksheet, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
