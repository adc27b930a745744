"""Formula neutralisation, shared by every spreadsheet export."""

from __future__ import annotations

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


def test_the_adviser_export_uses_the_same_function():
    from participation.front.views import advisers

    assert advisers.neutralise is neutralise
