"""The XLSX workbook, read back with openpyxl: sheets, typed cells, neutralised text."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from participation.reports.render import render_xlsx

from .render_support import (
    CHECKSUM,
    FORMULA_TEXTS,
    STORED_ROWS,
    TITLE,
    build_document,
    source,
    stored_rows,
)


@pytest.fixture(scope="module")
def workbook():  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    render_xlsx(build_document(), source, out)
    return load_workbook(io.BytesIO(out.getvalue()))


def _rows(sheet: Worksheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def _table(sheet: Worksheet, title: str) -> tuple[tuple, list[tuple]]:
    """A table's header row and data rows, found by its title row."""
    rows = _rows(sheet)
    start = next(i for i, row in enumerate(rows) if row[0] == title)
    end = next(
        (i for i in range(start + 2, len(rows)) if all(v is None for v in rows[i])),
        len(rows),
    )
    return rows[start + 1], rows[start + 2 : end]


def test_one_sheet_per_section_after_the_about_sheet(workbook):
    assert workbook.sheetnames == [
        "Om rapporten",
        "Sammendrag",
        "Styringsparametere og tilskudd",
        "Tiltak",
    ]


def test_the_about_sheet_holds_meta_symbols_and_definitions(workbook):
    rows = _rows(workbook["Om rapporten"])
    assert rows[0][0] == TITLE
    values = {row[0]: row[1] for row in rows if row[0]}
    assert values["Område"] == "Husbanken Nord"
    assert values["Datauttrekk"] == "15.01.2027 05:00"
    assert values["<5"].startswith("Færre enn 5, vist slik av hensyn til personvernet")
    assert values[":"].startswith("Holdt tilbake")
    assert values["(tom celle)"].startswith("Ingen data")
    assert values["Innspill"] == "Innspill registrert fra aktivitetene i perioden."
    # what the figures cover first, how the report was made last
    labels = [row[0] for row in rows]
    assert labels[1:6] == ["Rapportnivå", "Område", "Periode", "Strategi", "Datauttrekk"]
    made = labels.index("Slik ble rapporten laget")
    assert made > labels.index("Definisjoner") > labels.index("Symboler i tabellene")
    assert labels[made + 1 :] == [
        "Laget",
        "Laget av",
        "Versjon",
        "Generatorversjon",
        "Kontrollsum (SHA-256)",
        "Antall fra 1 til 4 skjult",
    ]
    assert values["Kontrollsum (SHA-256)"] == CHECKSUM


def test_numbers_stay_numbers_and_symbols_stay_text(workbook):
    sheet = workbook["Sammendrag"]
    header, rows = _table(sheet, "Personer nådd etter målgruppe")
    assert header == ("Målgruppe", "Personer", "Andel av alle")
    assert rows == [
        ("Barnefamilier", 1234, 0.125),
        ("Unge", "<5", ":"),
        ("Eldre", None, None),
        ("Personer med nedsatt funksjonsevne og deres pårørende", 40, 0.87),
    ]
    cells = {cell.coordinate: cell for row in sheet.iter_rows() for cell in row}
    count = next(c for c in cells.values() if c.value == 1234)
    share = next(c for c in cells.values() if c.value == 0.125)
    assert (count.data_type, count.number_format) == ("n", "#,##0")
    assert (share.data_type, share.number_format) == ("n", "0.0%")  # Excel shows 12.5%
    suppressed = next(c for c in cells.values() if c.value == "<5")
    assert suppressed.data_type == "s"


def test_amounts_and_dates_are_typed_and_formula_text_is_neutralised(workbook):
    sheet = workbook["Styringsparametere og tilskudd"]
    header, rows = _table(sheet, "Styringsparametere")
    assert header == ("Styringsparameter", "Tilskudd", "Verdi", "Godkjent", "Kommentar")
    note = rows.pop()  # the table's note closes it
    assert note == ("Bare godkjente verdier teller.", None, None, None, None)
    assert rows[0][:3] == ("Startlån", 1234567, 3.25)
    assert rows[0][3].date() == datetime.date(2026, 12, 31)  # a date cell (read back as datetime)
    assert [row[4] for row in rows] == [f"'{text}" for text in FORMULA_TEXTS]
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
    amount = next(c for row in sheet.iter_rows() for c in row if c.value == 1234567)
    assert amount.number_format == '"kr\xa0"#,##0'
    day = next(c for row in sheet.iter_rows() for c in row if c.data_type == "d")
    assert day.number_format == "dd.mm.yyyy"


def test_a_stored_table_has_all_its_rows(workbook):
    header, rows = _table(workbook["Tiltak"], "Alle tiltak")
    assert header == ("Tiltak", "Kommune", "Aktiviteter", "Personer", "Tilskudd")
    assert len(rows) == STORED_ROWS
    assert [list(row) for row in rows] == list(stored_rows())


def test_formula_like_titles_and_labels_are_neutralised_too():
    document = build_document()
    document.sections[0].title = "=1+1"
    document.sections[0].tables[0].columns[0].label = "@SUM"
    out = io.BytesIO()
    render_xlsx(document, source, out)
    sheet = load_workbook(io.BytesIO(out.getvalue())).worksheets[1]
    assert sheet.title == "=1+1"  # a sheet name is never evaluated
    values = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert "'@SUM" in [cell.value for cell in values]
    assert all(cell.data_type != "f" for cell in values)
