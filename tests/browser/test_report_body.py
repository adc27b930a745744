"""The on-screen report body in headless Chromium with the site's stylesheets: axe finds no
serious or critical problem (contrast, table headers, image names, ids, lists)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from participation.reports.render import render_html
from tests.reports.render_support import build_document, source

from .support import describe, serious_violations

STATIC = Path(settings.BASE_DIR) / "static"

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 400])
def test_the_report_body_passes_axe(page, axe, width):
    # given a narrow screen too, where tables scroll sideways
    page.set_viewport_size({"width": width, "height": 900})
    body = render_html(build_document(), source)
    page.set_content(
        '<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>Rapport</title>'
        f'</head><body><main class="container"><h1>Rapport</h1>{body}</main></body></html>'
    )
    page.add_style_tag(path=str(STATIC / "vendor/bootstrap/css/bootstrap.min.css"))
    page.add_style_tag(path=str(STATIC / "css/app.css"))
    violations = serious_violations(axe, page)
    assert not violations, describe(violations)
    # the charts are named images
    assert page.get_by_role("img", name="Personer nådd").count() == 1
    assert page.get_by_role("table", name="Personer nådd etter målgruppe").count() == 1
    # a table wider than the screen scrolls in a named region reachable from the keyboard
    region = page.get_by_role("region", name="Styringsparametere", exact=True)
    assert region.get_attribute("tabindex") == "0"


def _show(page, body: str, width: int) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": width, "height": 900})
    page.set_content(
        '<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>Rapport</title>'
        f'</head><body><main class="container"><h1>Rapport</h1>{body}</main></body></html>'
    )
    page.add_style_tag(path=str(STATIC / "vendor/bootstrap/css/bootstrap.min.css"))
    page.add_style_tag(path=str(STATIC / "css/app.css"))


# Transactional like the other browser tests, so that pytest-django orders it with them: once
# Playwright's sync API has started (a session-wide browser) the main thread has an event loop
# running, and the async views' tests (tests/test_monitoring.py) ordered after it would fail.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1366, 390])
def test_the_section_on_events_by_method_and_form_renders_and_passes_axe(
    reference_data, page, axe, width
):
    """The section of real reports (the known dataset of tests/reports/figures_dataset.py):
    Bodø's own report with its events and their input, and the national report with counts
    only. Axe finds nothing serious; the page is never wider than the window; at 1366 px every
    table of the report fits whole, at 390 px a wider one scrolls in its own named region."""
    from participation.reports.document import MemoryRows
    from participation.reports.figures import build_report
    from participation.reports.params import ReportScope
    from tests.reports import figures_dataset

    data = figures_dataset.build()
    for scope, own in (
        (ReportScope.for_municipality(data.bodo), True),
        (ReportScope.national(), False),
    ):
        rows = MemoryRows()
        with translation.override("nb"):
            document = build_report(
                scope,
                figures_dataset.PERIOD,
                data.strategy,
                today=figures_dataset.TODAY,
                sink=rows.write,
            )
        _show(page, render_html(document, rows.read), width)
        violations = serious_violations(axe, page)
        assert not violations, describe(violations)
        section = page.get_by_role("region", name="Medvirkningsaktiviteter etter metode og form")
        assert section.get_by_role("heading", level=2).inner_text() == (
            "Medvirkningsaktiviteter etter metode og form"
        )
        methods = page.get_by_role("table", name="Medvirkningsaktiviteter etter metode", exact=True)
        assert methods.get_by_role("columnheader").all_inner_texts() == [
            "Metode",
            "Medvirkningsaktiviteter",
            "Deltakere nådd",
        ]
        first = methods.get_by_role("row").nth(1)
        assert first.get_by_role("rowheader").inner_text() == "Dialogkafé"
        # Bodø's 2 dialogue cafés with 16 people; the nation's, protected, are "<5" and a number
        cells = first.get_by_role("cell").all_inner_texts()
        if own:
            assert cells == ["2", "16"]
        else:
            assert cells[0] == "<5"
        # a chart of the events per method beside the table (the nation's are all "<5" here,
        # which draw no bar, so it has none)
        chart = page.get_by_role("img", name="Medvirkningsaktiviteter etter metode")
        assert chart.count() == (1 if own else 0)
        assert page.get_by_role(
            "table", name="Medvirkningsaktiviteter etter form (kanal)"
        ).get_by_role("rowheader").all_inner_texts() == [
            "Fysisk",
            "Digital",
            "Hybrid",
            "Oppsøkende",
        ]
        events = page.get_by_role("table", name="Aktivitetene", exact=True)
        answers = page.get_by_role("table", name="Innspill og svarene som ble gitt")
        assert events.count() == answers.count() == (1 if own else 0)
        if own:
            assert events.get_by_role("row").count() == 1 + 4
            assert answers.get_by_role("row").count() == 1 + 9
            assert "Svar gitt" in answers.inner_text()
        widths = page.evaluate(
            """() => ({
                page: document.documentElement.scrollWidth,
                window: window.innerWidth,
                wider: [...document.querySelectorAll('.table-responsive')]
                    .filter(r => r.scrollWidth > r.clientWidth + 1)
                    .map(r => r.getAttribute('aria-labelledby')),
            })"""
        )
        assert widths["page"] <= widths["window"]
        if width >= 1366:
            assert widths["wider"] == []
        else:
            for labelled_by in widths["wider"]:
                region = page.locator(f'[aria-labelledby="{labelled_by}"]')
                assert region.get_attribute("role") == "region"
                assert region.get_attribute("tabindex") == "0"
