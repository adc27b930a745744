"""The report as a zip of CSV files: one per table, named `<section key>-<table key>.csv`, plus
`about.csv` (what the figures cover, the symbols, then how the report was made) and
`definitions.csv`.

Each file is UTF-8 with a byte-order mark (so Excel reads the letters right), comma-separated,
quoted where needed, with CRLF line ends (RFC 4180). The first row holds the column labels.
Values are machine-readable: numbers without thousands separators and with a decimal point,
shares as percent (0–100), dates ISO (2026-12-31); a cell without data is empty, "<5" and ":"
stay as they are. Text is neutralised against formulas (`safety.neutralise`). Rows stream from
the source into the zip: no file is held in memory.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterable
from typing import BinaryIO

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from participation.reports.document import Cell, ReportDocument, RowSource

from .formatting import legend_items, reader_items, technical_items
from .safety import neutralise


def render_csv_zip(document: ReportDocument, source: RowSource | None, out: BinaryIO) -> None:
    """Write the report as a zip of CSV files to `out`; stored tables' rows stream from
    `source`."""
    with (
        translation.override(document.meta.get("language") or translation.get_language()),
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        stamp = _stamp(document)
        about: list[list[Cell]] = [[_("Item"), _("Value")]]
        about.append([_("Title"), str(document.meta.get("title", ""))])
        about += [[item.label, item.value] for item in reader_items(document)]
        about += [[item.label, item.value] for item in legend_items(spreadsheet=True)]
        about += [[item.label, item.value] for item in technical_items(document)]
        _write(archive, "about.csv", stamp, about)
        definitions: list[list[Cell]] = [[_("Term"), _("Definition")]]
        definitions += [[d.term, d.text] for d in document.definitions]
        _write(archive, "definitions.csv", stamp, definitions)
        for section in document.sections:
            for table in section.tables:
                header: list[Cell] = [column.label for column in table.columns]
                rows = document.iter_rows(table, source)
                _write(archive, csv_name(section.key, table.key), stamp, _chain(header, rows))


def csv_name(section_key: str, table_key: str) -> str:
    """The file name of a table's CSV: `<section key>-<table key>.csv`, safe characters only."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{section_key}-{table_key}") + ".csv"


def _write(
    archive: zipfile.ZipFile,
    name: str,
    stamp: tuple[int, int, int, int, int, int],
    rows: Iterable[list[Cell]],
) -> None:
    # A fixed time stamp (the data cut-off) keeps the same report's zip byte for byte the same.
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    with (
        archive.open(info, "w") as raw,
        io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as text,
    ):
        writer = csv.writer(text)
        for row in rows:
            writer.writerow([_value(value) for value in row])


def _value(value: Cell) -> Cell:
    if isinstance(value, str):
        return neutralise(value)
    return value  # numbers as Python writes them; None as an empty cell


def _chain(first: list[Cell], rest: Iterable[list[Cell]]) -> Iterable[list[Cell]]:
    yield first
    yield from rest


def _stamp(document: ReportDocument) -> tuple[int, int, int, int, int, int]:
    """The zip entries' time: the data cut-off (the zip format cannot go before 1980)."""
    try:
        moment = datetime.datetime.fromisoformat(str(document.meta.get("data_cutoff")))
    except ValueError:
        return (1980, 1, 1, 0, 0, 0)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)  # as the cut-off is shown in the report
    stamp = moment.timetuple()[:6]
    return stamp if stamp[0] >= 1980 else (1980, 1, 1, 0, 0, 0)  # type: ignore[return-value]
