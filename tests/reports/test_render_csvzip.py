"""The zip of CSV files, read back with zipfile and csv."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from participation.reports.render import render_csv_zip

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
def archive() -> zipfile.ZipFile:
    out = io.BytesIO()
    render_csv_zip(build_document(), source, out)
    return zipfile.ZipFile(io.BytesIO(out.getvalue()))


def _read(archive: zipfile.ZipFile, name: str) -> list[list[str]]:
    raw = archive.read(name)
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark, for Excel
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_one_file_per_table_plus_about_and_definitions(archive):
    assert archive.namelist() == [
        "about.csv",
        "definitions.csv",
        "summary-people.csv",
        "summary-loop.csv",
        "indicators-values.csv",
        "initiatives-initiatives.csv",
    ]
    assert archive.testzip() is None


def test_rows_are_the_documents_with_machine_readable_numbers(archive):
    assert _read(archive, "summary-people.csv") == [
        ["Målgruppe", "Personer", "Andel av alle"],
        ["Barnefamilier", "1234", "12.5"],
        ["Unge", "<5", ":"],
        ["Eldre", "", ""],
        ["Personer med nedsatt funksjonsevne og deres pårørende", "40", "87"],
    ]


def test_formula_like_text_is_neutralised(archive):
    rows = _read(archive, "indicators-values.csv")
    assert rows[0] == ["Styringsparameter", "Tilskudd", "Verdi", "Godkjent", "Kommentar"]
    assert rows[1] == ["Startlån", "1234567", "3.25", "2026-12-31", "'=SUM(1)"]
    assert [row[4] for row in rows[1:]] == [f"'{text}" for text in FORMULA_TEXTS]
    assert rows[2][2] == "-2"  # a negative number is a number, not text


def test_a_stored_table_has_all_its_rows(archive):
    rows = _read(archive, "initiatives-initiatives.csv")
    assert rows[0] == ["Tiltak", "Kommune", "Aktiviteter", "Personer", "Tilskudd"]
    assert len(rows) == STORED_ROWS + 1
    assert rows[1:] == [[str(value) for value in row] for row in stored_rows()]


def test_about_and_definitions(archive):
    about = dict(_read(archive, "about.csv")[1:])
    assert about["Tittel"] == TITLE
    assert about["Område"] == "Husbanken Nord"
    assert about["<5"].startswith("Færre enn 5, vist slik av hensyn til personvernet")
    assert about["(tom celle)"].startswith("Ingen data")
    # what the figures cover and the symbols first, how the report was made last
    assert list(about) == [
        "Tittel",
        "Rapportnivå",
        "Område",
        "Periode",
        "Strategi",
        "Datauttrekk",
        "<5",
        ":",
        "(tom celle)",
        "Laget",
        "Laget av",
        "Versjon",
        "Generatorversjon",
        "Kontrollsum (SHA-256)",
        "Antall fra 1 til 4 skjult",
    ]
    assert about["Kontrollsum (SHA-256)"] == CHECKSUM
    assert _read(archive, "definitions.csv") == [
        ["Begrep", "Definisjon"],
        ["Innspill", "Innspill registrert fra aktivitetene i perioden."],
        ["Andel vurdert", "Innspill med annen oppfølgingsstatus enn ikke vurdert."],
    ]


def test_the_same_report_gives_the_same_bytes():
    first, second = io.BytesIO(), io.BytesIO()
    render_csv_zip(build_document(), source, first)
    render_csv_zip(build_document(), source, second)
    assert first.getvalue() == second.getvalue()
