"""Server-rendered SVG bar charts, the same on screen and in the PDF.

A chart is drawn from a table's `Chart` spec: one group of horizontal bars per row, labelled by
the label column, one bar per value column, with the value printed at the end of each bar.
Hidden ("<5", ":") and missing values draw no bar but print their symbol. The chart is an image
(`role="img"`, `<title>`, `<desc>`) whose numbers are in the table next to it.

Colours all have a contrast of at least 3:1 against the white background (WCAG 1.4.11), and
text is near-black.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from participation.reports.document import PERCENT, Chart, Row, Table

from .formatting import format_cell

BACKGROUND = "#ffffff"
TEXT_COLOUR = "#1a1a1a"
# Bar colours, in series order (contrast against white: 6.4, 6.6, 6.7, 6.5, 6.0 and 5.7 to 1).
PALETTE = ("#0a58ca", "#b02a37", "#146c43", "#6f42c1", "#8a5300", "#0b7285")

WIDTH = 560
LABEL_WIDTH = 200  # room for the row labels, right-aligned against the bars
VALUE_ROOM = 72  # room right of the longest bar for its printed value
LABEL_CHARS = 25  # longer row labels are shortened (the table has them in full)
FONT_SIZE = 12
BAR_HEIGHT = 16
BAR_GAP = 2
GROUP_GAP = 12
LEGEND_LINE = 20
PADDING = 8


@dataclass(frozen=True)
class _Series:
    index: int
    label: str
    kind: str
    colour: str


def bar_chart(table: Table, rows: Sequence[Row], *, chart_id: str) -> SafeString:
    """The SVG of `table.chart` over `rows` (the table's rows), as markup ready to embed."""
    chart = table.chart
    assert chart is not None
    series = _series(table, chart)
    label_index = table.column_index(chart.label_column)
    numbers = [
        float(row[s.index])  # type: ignore[arg-type]
        for row in rows
        for s in series
        if isinstance(row[s.index], int | float)
    ]
    low = min([0.0, *numbers])
    high = max([0.0, *numbers])
    if all(s.kind == PERCENT for s in series):
        high = max(high, 100.0)  # shares are drawn on their whole 0–100 scale
    span = (high - low) or 1.0
    plot_width = WIDTH - LABEL_WIDTH - VALUE_ROOM

    def x(value: float) -> float:
        return LABEL_WIDTH + (value - low) / span * plot_width

    parts: list[str] = []
    y = PADDING
    if len(series) > 1:  # a legend names the series by colour
        for s in series:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="14" height="14" fill="{s.colour}"/>'
                f'<text x="{LABEL_WIDTH + 20}" y="{y + 13}">{escape(s.label)}</text>'
            )
            y += LEGEND_LINE
        y += GROUP_GAP // 2
    plot_top = y
    group_height = len(series) * BAR_HEIGHT + (len(series) - 1) * BAR_GAP
    zero = x(0.0)
    for row in rows:
        label = format_cell(row[label_index], table.columns[label_index].kind)
        parts.append(_row_label(label, y + group_height / 2))
        for position, s in enumerate(series):
            top = y + position * (BAR_HEIGHT + BAR_GAP)
            value = row[s.index]
            text_y = top + BAR_HEIGHT / 2 + FONT_SIZE / 3
            shown = escape(format_cell(value, s.kind))
            if isinstance(value, int | float):
                left, right = sorted((zero, x(float(value))))
                parts.append(
                    f'<rect x="{left:.1f}" y="{top}" width="{right - left:.1f}" '
                    f'height="{BAR_HEIGHT}" fill="{s.colour}"/>'
                )
                parts.append(
                    f'<text x="{max(right, zero) + 4:.1f}" y="{text_y:.1f}">{shown}</text>'
                )
            else:
                parts.append(f'<text x="{zero + 4:.1f}" y="{text_y:.1f}">{shown}</text>')
        y += group_height + GROUP_GAP
    height = y - GROUP_GAP + PADDING
    parts.append(
        f'<line x1="{zero:.1f}" y1="{plot_top - 2}" x2="{zero:.1f}" y2="{height - PADDING + 2}" '
        f'stroke="{TEXT_COLOUR}" stroke-width="1"/>'
    )
    title = escape(chart.title or table.title)
    description = escape(
        _("Bar chart with one bar per row and measure. The numbers are in the table “%(table)s”.")
        % {"table": table.title}
    )
    return mark_safe(  # every text above is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" class="img-fluid report-chart" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'width="{WIDTH}" height="{height:.0f}" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" '
        f'font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">'
        f'<title id="{chart_id}-title">{title}</title>'
        f'<desc id="{chart_id}-desc">{description}</desc>'
        f'<rect width="{WIDTH}" height="{height:.0f}" fill="{BACKGROUND}"/>'
        f"{''.join(parts)}</svg>"
    )


def has_bars(table: Table, rows: Sequence[Row]) -> bool:
    """Whether `table.chart` would draw any bar over `rows`: a chart of nothing but hidden or
    missing values says nothing the table does not, so it is left out."""
    if table.chart is None:
        return False
    indexes = [table.column_index(key) for key in table.chart.value_columns]
    return any(isinstance(row[i], int | float) for row in rows for i in indexes)


def _series(table: Table, chart: Chart) -> list[_Series]:
    series = []
    for position, key in enumerate(chart.value_columns):
        index = table.column_index(key)
        column = table.columns[index]
        series.append(_Series(index, column.label, column.kind, PALETTE[position % len(PALETTE)]))
    return series


def _row_label(label: str, middle: float) -> str:
    """A row's label, right-aligned before its bars; a shortened label keeps the whole text in
    a tooltip."""
    y = middle + FONT_SIZE / 3
    if len(label) <= LABEL_CHARS:
        return f'<text x="{LABEL_WIDTH - 8}" y="{y:.1f}" text-anchor="end">{escape(label)}</text>'
    short = label[: LABEL_CHARS - 1].rstrip() + "…"
    return (
        f'<text x="{LABEL_WIDTH - 8}" y="{y:.1f}" text-anchor="end">'
        f"<title>{escape(label)}</title>{escape(short)}</text>"
    )
