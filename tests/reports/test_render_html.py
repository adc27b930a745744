"""The report body as HTML: semantic structure, accessible tables and charts, the legend, and
the preview of stored tables."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from participation.reports.document import SUPPRESSED, Row
from participation.reports.render import render_html

from .render_support import (
    CHECKSUM,
    PREVIEW_LIMIT,
    STORED_ROWS,
    TITLE,
    build_document,
    source,
    stored_rows,
)

VOID = {"meta", "link", "br", "hr", "img", "input", "col", "wbr", "source", "area", "base"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def text(self) -> str:
        parts = list(self.texts)
        for child in self.children:
            parts.append(child.text())
        return re.sub(r"[ \t\r\n\f]+", " ", " ".join(parts)).strip()  # keeps no-break spaces

    def iter(self, tag: str | None = None) -> Iterator[Node]:
        for child in self.children:
            if tag is None or child.tag == tag:
                yield child
            yield from child.iter(tag)

    def find(self, tag: str) -> Node:
        return next(self.iter(tag))


class _TreeBuilder(HTMLParser):
    """A tiny DOM from the standard library's parser (tag, attributes, text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return
        raise AssertionError(f"</{tag}> closes nothing")

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        self.stack[-1].texts.append(data)


def parse(markup: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    assert len(builder.stack) == 1, f"unclosed: {[n.tag for n in builder.stack]}"
    return builder.root


@pytest.fixture(scope="module")
def markup() -> str:
    return render_html(build_document(), source)


@pytest.fixture(scope="module")
def page(markup) -> Node:
    return parse(markup)


def test_sections_are_h2_and_tables_h3(page):
    h2 = [h.text() for h in page.iter("h2")]
    # what the figures cover first; how the report was made last, after the definitions
    assert h2 == [
        "Innhold",
        "Om tallene",
        "Sammendrag",
        "Styringsparametere og tilskudd",
        "Tiltak",
        "Definisjoner",
        "Om rapporten",
    ]
    assert [h.text() for h in page.iter("h3")] == [
        "Symboler i tabellene",
        "Personer nådd etter målgruppe",
        "Lukking av sløyfen",
        "Styringsparametere",
        "Alle tiltak",
    ]
    assert not list(page.iter("h1"))  # the page around the body has the h1


def test_the_table_of_contents_links_to_every_section(page):
    nav = page.find("nav")
    ids = {node.attrs["id"] for node in page.iter() if "id" in node.attrs}
    targets = [a.attrs["href"] for a in nav.iter("a")]
    # about the figures, three sections (with the two tables of the first), definitions, and
    # last about the report
    assert targets == [
        "#report-figures",
        "#report-section-summary",
        "#report-table-people",
        "#report-table-loop",
        "#report-section-indicators",
        "#report-section-initiatives",
        "#report-definitions",
        "#report-about",
    ]
    assert [a.text() for a in nav.iter("a")][-1] == "Om rapporten"
    assert all(target[1:] in ids for target in targets)
    assert len(ids) == len([n for n in page.iter() if "id" in n.attrs])  # ids are unique


def test_tables_have_captions_column_headers_and_row_headers(page):
    tables = list(page.iter("table"))
    assert [t.find("caption").text() for t in tables] == [
        "Personer nådd etter målgruppe",
        "Lukking av sløyfen",
        "Styringsparametere",
        "Alle tiltak",
    ]
    people = tables[0]
    header = [(th.attrs.get("scope"), th.text()) for th in people.find("thead").iter("th")]
    assert header == [("col", "Målgruppe"), ("col", "Personer"), ("col", "Andel av alle")]
    rows = list(people.find("tbody").iter("tr"))
    assert [row.children[0].tag for row in rows] == ["th"] * 4
    assert [row.children[0].attrs["scope"] for row in rows] == ["row"] * 4
    assert [[cell.text() for cell in row.children] for row in rows] == [
        ["Barnefamilier", "1\xa0234", "12,5\xa0%"],
        ["Unge", "<5", ":"],
        ["Eldre", "–", "–"],
        ["Personer med nedsatt funksjonsevne og deres pårørende", "40", "87\xa0%"],
    ]


def test_symbols_are_explained_where_they_stand_and_in_the_legend(page):
    abbrs = {a.text(): a.attrs["title"] for a in page.iter("abbr")}
    assert abbrs["<5"].startswith("Færre enn 5, vist slik av hensyn til personvernet")
    assert abbrs[":"].startswith("Holdt tilbake")
    assert abbrs["–"].startswith("Ingen data")
    legend = next(dl for dl in page.iter("dl") if "report-legend" in dl.attrs.get("class", ""))
    assert [dt.text() for dt in legend.iter("dt")] == ["<5", ":", "–"]
    assert [dd.text() for dd in legend.iter("dd")] == [abbrs["<5"], abbrs[":"], abbrs["–"]]


def _section(page: Node, section_id: str) -> Node:
    return next(s for s in page.iter("section") if s.attrs.get("id") == section_id)


def _items(section: Node) -> list[tuple[str, str]]:
    meta = next(dl for dl in section.iter("dl") if "report-meta" in dl.attrs.get("class", ""))
    labels = [dt.text() for dt in meta.iter("dt")]
    return list(zip(labels, [dd.text() for dd in meta.iter("dd")], strict=True))


def test_what_the_figures_cover_comes_first_with_the_legend(page):
    section = _section(page, "report-figures")
    assert section.attrs["aria-labelledby"] == "report-figures-heading"
    assert _items(section) == [
        ("Rapportnivå", "Husbanken-region"),
        ("Område", "Husbanken Nord"),
        ("Periode", "2026 (01.01.2026–31.12.2026)"),
        ("Strategi", "Alle trenger et trygt hjem"),
        ("Datauttrekk", "15.01.2027 05:00"),
    ]
    assert section.find("h3").text() == "Symboler i tabellene"
    report = page.find("div")
    sections = [child for child in report.children if child.tag == "section"]
    assert sections[0] is section  # right after the contents


def test_how_the_report_was_made_is_the_last_section(page):
    report = page.find("div")
    last = [child for child in report.children if child.tag == "section"][-1]
    assert last.attrs["id"] == "report-about"
    assert last.find("h2").text() == "Om rapporten"
    assert _items(last) == [
        ("Laget", "15.01.2027 05:02"),
        ("Laget av", "Årlige regionrapporter"),
        ("Versjon", "2"),
        ("Generatorversjon", "figures-1"),
        ("Kontrollsum (SHA-256)", CHECKSUM),
        ("Antall fra 1 til 4 skjult", "ja"),
    ]


def test_a_page_that_shows_how_the_report_was_made_itself_can_leave_it_out():
    page = parse(render_html(build_document(), source, about_section=False))
    assert "report-about" not in {s.attrs.get("id") for s in page.iter("section")}
    assert CHECKSUM not in page.text()
    assert "figures-1" not in page.text()
    # the contents still end with it: the page around the body has it under the same id
    assert [a.attrs["href"] for a in page.find("nav").iter("a")][-1] == "#report-about"
    assert "Symboler i tabellene" in _section(page, "report-figures").text()


def test_charts_are_images_with_a_title_beside_their_table(page):
    svgs = list(page.iter("svg"))
    assert [svg.find("title").text() for svg in svgs] == [
        "Personer nådd",
        "Innspill vurdert og besvart",
    ]
    for svg in svgs:
        assert svg.attrs["role"] == "img"
        title_id, desc_id = svg.attrs["aria-labelledby"].split()
        assert svg.find("title").attrs["id"] == title_id
        assert svg.find("desc").attrs["id"] == desc_id
    people = next(s for s in page.iter("section") if s.attrs.get("id") == "report-table-people")
    assert people.find("svg") is svgs[0]  # in the same section as its table


def test_stored_tables_show_a_preview_and_say_the_exports_have_all(page):
    table = next(s for s in page.iter("section") if s.attrs.get("id") == "report-table-initiatives")
    rows = list(table.find("tbody").iter("tr"))
    assert len(rows) == PREVIEW_LIMIT
    assert rows[-1].children[0].text() == f"Tiltak {PREVIEW_LIMIT:06d}"
    note = next(p for p in table.iter("p") if "report-preview-note" in p.attrs.get("class", ""))
    assert note.text() == (
        f"Viser de første {PREVIEW_LIMIT} av {STORED_ROWS} radene; XLSX- og CSV-filene har alle."
    )


def test_the_preview_closes_the_row_source_after_the_rows_it_shows():
    closed: list[bool] = []
    taken: list[int] = []

    def cursor(key: str) -> Iterator[Row]:
        try:
            for row in stored_rows():
                taken.append(1)
                yield row
        finally:
            closed.append(True)

    render_html(build_document(), cursor)
    assert closed == [True]
    assert len(taken) == PREVIEW_LIMIT


def test_without_a_row_source_a_stored_table_points_to_the_exports():
    page = parse(render_html(build_document(), None))
    table = next(s for s in page.iter("section") if s.attrs.get("id") == "report-table-initiatives")
    assert not list(table.find("tbody").iter("tr"))
    assert "Radene i denne tabellen finnes i XLSX- og CSV-filene." in table.text()


def test_definitions_are_a_description_list(page):
    section = next(s for s in page.iter("section") if s.attrs.get("id") == "report-definitions")
    assert [dt.text() for dt in section.iter("dt")] == ["Innspill", "Andel vurdert"]


def test_text_is_escaped_and_there_are_no_scripts_or_style_attributes(markup):
    document = build_document()
    document.sections[0].title = "<script>alert(1)</script>"
    hostile = render_html(document, source)
    assert "<script>" not in hostile
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile
    assert "style=" not in markup
    assert "<script" not in markup
    assert TITLE not in markup  # the title is the surrounding page's h1, not the body's


def test_the_body_follows_the_documents_language():
    document = build_document()
    document.meta["language"] = "en"
    page = parse(render_html(document, source))
    assert page.find("h2").text() == "Contents"
    people = page.find("tbody")
    assert [cell.text() for cell in people.children[0].children] == [
        "Barnefamilier",
        "1,234",
        "12.5%",
    ]


def test_a_chart_of_nothing_but_hidden_values_is_left_out():
    document = build_document()
    people = document.table("people")
    for row in people.rows:
        row[1] = SUPPRESSED
    page = parse(render_html(document, source))
    assert [svg.find("title").text() for svg in page.iter("svg")] == ["Innspill vurdert og besvart"]
