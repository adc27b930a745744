"""The report as PDF, through WeasyPrint: the HTML body in a print shell with print CSS.

A4, the report's title in the page header (from page 2), "Side 3 av 12" in the footer, tables
that run over pages repeat their header row, the same SVG charts as on screen. The stylesheets
go to WeasyPrint beside the page, not in it (no <style> in templates: the CSP check of the
templates stays simple). WeasyPrint fetches nothing: the charts are inline SVG, and any URL (a
`data:` one excepted) is refused.
"""

from __future__ import annotations

from typing import BinaryIO

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from participation.reports.document import ReportDocument, RowSource

from .html import render_html

SHELL = "participation/reports/print.html"
STYLESHEET = "css/report-print.css"


def render_pdf(document: ReportDocument, source: RowSource | None, out: BinaryIO) -> None:
    """Write the report as a PDF to `out`."""
    # Imported here: loading WeasyPrint (Pango through cffi) is slow and only this needs it.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=["data"])
    with translation.override(document.meta.get("language") or translation.get_language()):
        shell = print_shell(document, source)
        page = page_css(str(document.meta.get("title", "")))
    stylesheets = [
        CSS(string=_stylesheet(), url_fetcher=fetcher),
        CSS(string=page, url_fetcher=fetcher),
    ]
    HTML(string=shell, url_fetcher=fetcher).write_pdf(target=out, stylesheets=stylesheets)


def print_shell(document: ReportDocument, source: RowSource | None) -> str:
    """The whole HTML page WeasyPrint lays out, without its stylesheets (call with the
    report's language active)."""
    meta = document.meta
    title = str(meta.get("title", ""))
    subtitle = " · ".join(
        str(part) for part in (meta.get("scope_name"), meta.get("period_label")) if part
    )
    return render_to_string(
        SHELL,
        {
            "language": translation.get_language(),
            "title": title,
            "subtitle": subtitle,
            "generator": meta.get("generator_version", ""),
            "body": render_html(document, source),
        },
    )


def page_css(title: str) -> str:
    """The page header (the title, from page 2) and footer ("Side 3 av 12")."""
    footer = _("Page %(page)s of %(pages)s")
    counters = (
        css_string(footer)
        .replace("%(page)s", '" counter(page) "')
        .replace("%(pages)s", '" counter(pages) "')
    )
    return (
        "@page {"
        f" @top-center {{ content: {css_string(title)}; font-size: 8pt; color: #444; }}"
        f" @bottom-center {{ content: {counters}; font-size: 8pt; color: #444; }}"
        " }"
        " @page :first { @top-center { content: none; } }"
    )


def css_string(text: str) -> str:
    """`text` as a quoted CSS string that cannot end the string or the <style> element."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in '"\\<>&\n\r\f' or ord(char) < 32 else char for char in text
    )
    return f'"{escaped}"'


def _stylesheet() -> str:
    path = finders.find(STYLESHEET)
    if not isinstance(path, str):
        raise FileNotFoundError(STYLESHEET)
    with open(path, encoding="utf-8") as css:
        return css.read()
