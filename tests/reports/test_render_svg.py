"""The server-rendered bar charts: accessible, readable, and honest about hidden values."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest
from django.utils import translation

from participation.reports.render.svg import BACKGROUND, PALETTE, TEXT_COLOUR, bar_chart

from .render_support import build_document

SVG = "{http://www.w3.org/2000/svg}"


def _chart(table_key: str) -> ElementTree.Element:
    table = build_document().table(table_key)
    with translation.override("nb"):
        markup = bar_chart(table, table.rows, chart_id="c")
    return ElementTree.fromstring(markup)


def _find(element: ElementTree.Element, tag: str) -> ElementTree.Element:
    found = element.find(f"{SVG}{tag}")
    assert found is not None, tag
    return found


def _attr(element: ElementTree.Element, name: str) -> str:
    value = element.get(name)
    assert value is not None, name
    return value


def _texts(svg: ElementTree.Element) -> list[str]:
    return ["".join(t.itertext()).strip() for t in svg.iter(f"{SVG}text")]


def test_a_chart_is_an_image_with_a_title_and_a_description():
    svg = _chart("people")
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c-title c-desc"
    assert _find(svg, "title").text == "Personer nådd"
    assert _find(svg, "title").get("id") == "c-title"
    assert "Personer nådd etter målgruppe" in str(_find(svg, "desc").text)


def test_values_are_printed_and_hidden_or_missing_values_draw_no_bar():
    svg = _chart("people")
    bars = [r for r in svg.findall(f"{SVG}rect") if r.get("fill") in PALETTE]
    # four rows: 1 234, "<5", None and 40 → two bars
    assert len(bars) == 2
    widths = sorted(float(_attr(bar, "width")) for bar in bars)
    assert widths[1] / widths[0] == pytest.approx(1234 / 40, rel=0.01)
    texts = _texts(svg)
    assert "1\xa0234" in texts
    assert "40" in texts
    assert "<5" in texts
    assert "–" in texts
    assert "Barnefamilier" in texts


def test_long_labels_are_shortened_with_the_whole_label_as_a_tooltip():
    svg = _chart("people")
    label = next(t for t in svg.iter(f"{SVG}text") if t.find(f"{SVG}title") is not None)
    assert _find(label, "title").text == "Personer med nedsatt funksjonsevne og deres pårørende"
    assert "".join(label.itertext()).endswith("…")


def test_several_series_get_a_legend_and_shares_use_the_whole_scale():
    svg = _chart("loop")
    texts = _texts(svg)
    assert texts[:2] == ["Andel vurdert", "Andel besvart"]
    bars = [r for r in svg.findall(f"{SVG}rect") if r.get("height") == "16"]
    # 75 %, ":" (no bar), 50,5 % and 20 %: three bars, drawn against 100 %
    assert len(bars) == 3
    widths = [float(_attr(bar, "width")) for bar in bars]
    assert widths[0] / widths[2] == pytest.approx(75 / 20, rel=0.01)
    assert ":" in texts


def _luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance, computed here independently of the code under test."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_colour_used_contrasts_at_least_3_to_1_with_the_background():
    markup = ElementTree.tostring(_chart("loop"), encoding="unicode")
    used = set(re.findall(r'(?:fill|stroke)="(#[0-9a-f]{6})"', markup)) - {BACKGROUND}
    assert used >= {PALETTE[0], PALETTE[1], TEXT_COLOUR}
    for colour in used:
        assert _contrast(colour, BACKGROUND) >= 3, colour
    assert _contrast(TEXT_COLOUR, BACKGROUND) >= 4.5
