"""Cells as the reader sees them, per column kind and language (Django's locale formats)."""

from __future__ import annotations

import pytest
from django.utils import translation

from participation.reports.document import (
    COUNT,
    DATE,
    NOK,
    NUMBER,
    PERCENT,
    SUPPRESSED,
    TEXT,
    WITHHELD,
)
from participation.reports.render.formatting import format_cell, format_datetime
from participation.reports.render.pdf import css_string
from participation.reports.render.xlsx import sheet_name

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("value", "kind", "nb", "en"),
    [
        (1234, COUNT, f"1{NBSP}234", "1,234"),
        (999, COUNT, "999", "999"),
        (0, COUNT, "0", "0"),
        (12.5, PERCENT, f"12,5{NBSP}%", "12.5%"),
        (87, PERCENT, f"87{NBSP}%", "87%"),
        (33.333, PERCENT, f"33,3{NBSP}%", "33.3%"),
        (1234567, NOK, f"kr{NBSP}1{NBSP}234{NBSP}567", "NOK 1,234,567"),
        (3.25, NUMBER, "3,25", "3.25"),
        (12.0, NUMBER, "12", "12"),
        (-2, NUMBER, "-2", "-2"),
        (-0.001, NUMBER, "0", "0"),
        (1000000, NUMBER, f"1{NBSP}000{NBSP}000", "1,000,000"),
        ("2026-12-31", DATE, "31.12.2026", "12/31/2026"),
        ("not a date", DATE, "not a date", "not a date"),
        (None, COUNT, "–", "–"),
        (None, TEXT, "–", "–"),
        (SUPPRESSED, COUNT, "<5", "<5"),
        (WITHHELD, PERCENT, ":", ":"),
        ("Bodø", TEXT, "Bodø", "Bodø"),
    ],
)
def test_cells_are_formatted_per_kind_and_language(value, kind, nb, en):
    with translation.override("nb"):
        assert format_cell(value, kind) == nb
    with translation.override("en"):
        assert format_cell(value, kind) == en


def test_date_times_are_shown_in_norwegian_local_time():
    with translation.override("nb"):
        # 04:00 UTC in January is 05:00 in Oslo
        assert format_datetime("2027-01-15T04:00:00+00:00") == "15.01.2027 05:00"


def test_sheet_names_are_valid_short_and_unique():
    taken: set[str] = set()
    long = "Hovedmål 1: Alle skal ha et godt sted å bo [og mer] / *?"
    first = sheet_name(long, taken)
    second = sheet_name(long, taken)
    third = sheet_name("'quoted'", taken)
    assert first == "Hovedmål 1  Alle skal ha et god"
    assert second == "Hovedmål 1  Alle skal ha et (2)"
    assert third == "quoted"
    assert all(len(name) <= 31 for name in (first, second, third))
    assert sheet_name("HOVEDMÅL 1  ALLE SKAL HA ET GOD", taken).endswith("(3)")
    assert sheet_name("", taken) == "Sheet"


def test_css_strings_cannot_escape_the_string_or_the_style_element():
    assert css_string('Rapport "x" </style><script>') == (
        '"Rapport \\22 x\\22  \\3c /style\\3e \\3c script\\3e "'
    )
