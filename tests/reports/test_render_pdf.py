"""The PDF, read back the way a person would: its text (pdftotext) and its pages (pdfinfo)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from participation.reports.render import render_pdf

from .render_support import CHECKSUM, PREVIEW_LIMIT, TITLE, build_document, source

# What the fixture fills, page by page (A4, 9 pt text, a table row ~6 mm):
#   1: title, contents, what the figures cover, legend, the first table and its chart;
#   2: the loop-closure table and chart, the indicator table, the first 18 stored rows;
#   3: a full page of 43 stored rows; 4: the last 9 of the 70 previewed rows, the definitions,
#   and how the report was made (checksum, generator version).
PAGES = 4


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    with path.open("wb") as out:
        render_pdf(build_document(), source, out)
    return path


def _text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(
        ["pdftotext", "-layout", *pages, str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def test_the_file_is_a_pdf_with_the_expected_pages(pdf):
    assert pdf.read_bytes().startswith(b"%PDF-")
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    fields = dict(re.findall(r"^([\w ]+):\s+(.*)$", info.stdout, re.MULTILINE))
    assert fields["Pages"] == str(PAGES)
    assert fields["Title"] == TITLE


def test_title_headings_numbers_and_symbols_are_in_the_text(pdf):
    text = _text(pdf)
    assert text.lstrip().startswith(TITLE)  # nothing of the template itself comes before it
    assert "{#" not in text
    assert "{%" not in text
    for heading in ("Innhold", "Om tallene", "Sammendrag", "Styringsparametere og tilskudd"):
        assert re.search(rf"^\s*{heading}\s*$", text, re.MULTILINE), heading
    # pdftotext gives the no-break spaces as plain ones
    assert "1 234" in text  # Bokmål thousands
    assert "12,5 %" in text  # Bokmål decimal comma and percent
    assert "kr 1 234 567" in text
    assert "31.12.2026" in text
    assert re.search(r"Unge\s+<5\s+:", text)


def test_what_the_figures_cover_opens_the_report_and_how_it_was_made_ends_it(pdf):
    first = _text(pdf, 1)
    assert re.search(r"^Om tallene\n(.*\n)*?Område\s+Husbanken Nord$", first, re.MULTILINE)
    assert re.search(r"^Datauttrekk\s+15\.01\.2027 05:00$", first, re.MULTILINE)
    # the contents list it last
    toc = first[first.index("Innhold") : first.index("Om tallene\n")]
    entries = re.findall(r"^\s*(\d+)\. (\S[^.]*?)\s*\.*\s*(\d+)$", toc, re.MULTILINE)
    assert entries[-2:] == [("5", "Definisjoner", str(PAGES)), ("6", "Om rapporten", str(PAGES))]
    for page in range(1, PAGES):
        assert CHECKSUM not in _no_spaces(_text(pdf, page)), page
        assert "figures-1" not in _text(pdf, page), page
    last = _text(pdf, PAGES)
    tail = last[last.index("Definisjoner") :]
    assert re.search(r"^Om rapporten$", tail, re.MULTILINE)
    about = tail[tail.index("Om rapporten") :]
    assert CHECKSUM in _no_spaces(about)
    assert re.search(r"^Generatorversjon\s+figures-1$", about, re.MULTILINE)
    assert re.search(r"^Laget av\s+Årlige regionrapporter$", about, re.MULTILINE)


def _no_spaces(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_legend_explains_the_symbols(pdf):
    text = _text(pdf, 1)
    assert "Symboler i tabellene" in text
    assert re.search(r"<5\s+Færre enn 5, vist slik av hensyn til personvernet", text)
    assert re.search(r":\s+Holdt tilbake: tallet ville avslørt et skjult antall\.", text)


def test_pages_are_numbered_and_carry_the_title_from_page_two(pdf):
    first = _text(pdf, 1)
    assert f"Side 1 av {PAGES}" in first
    assert first.count(TITLE) == 1  # the heading; no page header on the cover page
    for page in range(2, PAGES + 1):
        text = _text(pdf, page)
        assert text.strip().startswith(TITLE)
        assert f"Side {page} av {PAGES}" in text


def test_a_table_running_over_pages_repeats_its_header_row(pdf):
    header = re.compile(r"Tiltak\s+Kommune\s+Aktiviteter\s+Personer\s+Tilskudd")
    pages_with_rows = [page for page in range(1, PAGES + 1) if "Tiltak 0000" in _text(pdf, page)]
    assert len(pages_with_rows) >= 2
    for page in pages_with_rows:
        assert header.search(_text(pdf, page)), page


def test_only_the_preview_of_a_stored_table_is_printed(pdf):
    text = _text(pdf)
    assert f"Tiltak {PREVIEW_LIMIT:06d}" in text
    assert f"Tiltak {PREVIEW_LIMIT + 1:06d}" not in text
    assert "XLSX- og CSV-filene har alle" in text


def test_the_charts_are_drawn_with_their_numbers(pdf):
    # the charts' labels and printed values, from the same SVG as on screen: under the table
    # of people by target group, and a legend of the loop-closure chart's two series
    first = _text(pdf, 1)
    chart = first[first.index("Deltakere i medvirkningsaktiviteter.") :]
    assert re.search(r"Barnefamilier\s+1 234\n", chart)
    assert re.search(r"Unge\s+<5\n", chart)
    assert re.search(r"Andel vurdert\s*\n\s*Andel besvart\s*\n", _text(pdf, 2))
