"""The on-screen report body in headless Chromium with the site's stylesheets: axe finds no
serious or critical problem (contrast, table headers, image names, ids, lists)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

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
