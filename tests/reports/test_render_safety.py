"""Formula neutralisation, shared by every spreadsheet export."""

from __future__ import annotations

from typing import Any

import pytest

from participation.reports.render import neutralise
from participation.reports.render.safety import spreadsheet_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=SUM(1)", "'=SUM(1)"),
        ("+47 22 00 00 00", "'+47 22 00 00 00"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
    ],
)
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(text, expected):
    assert neutralise(text) == expected


@pytest.mark.parametrize("text", ["Bodø", "<5", ":", "", "1-2", "a=b", "'=already quoted"])
def test_other_text_is_kept(text):
    assert neutralise(text) == text


def test_spreadsheet_text_drops_control_characters_xlsx_cannot_hold():
    assert spreadsheet_text("Tiltak\x0b A\x00") == "Tiltak A"
    assert spreadsheet_text("=1\x01") == "'=1"


def test_page_exports_neutralise_formulas_in_csv_and_xlsx():
    # the advisers' region export goes through these table renderers
    import io

    from openpyxl import load_workbook

    from participation.reports.render.table import render_table_csv, render_table_xlsx

    rows: list[list[Any]] = [["Kommune", "Tall"], ['=HYPERLINK("x")', 3], ["Bodø", -2]]
    assert render_table_csv(rows).splitlines() == [
        "Kommune,Tall",
        '"\'=HYPERLINK(""x"")",3',
        "Bodø,-2",
    ]
    sheet = load_workbook(io.BytesIO(render_table_xlsx(rows, sheet_title="nord" * 10))).active
    assert sheet is not None
    assert sheet.title == ("nord" * 10)[:31]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Kommune", "Tall"],
        ['\'=HYPERLINK("x")', 3],
        ["Bodø", -2],
    ]
