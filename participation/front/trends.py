"""The dashboard's trends: events, participants, loop closure and indicator values against their
target per year for the user's scope,
and the small server-rendered SVG bar charts that show them.

Each series is one grouped query over the read models, summed over the municipalities the user
may see (`visible_municipalities`): the events and participants per year
(`involvement.readmodel.events_by_year_in`), the input answered per year
(`loop_closure_by_year_in`) and the indicator values at target per year
(`programme.readmodel.values_on_target_by_year_in`). The database keeps these in the same
transaction as every write (triggers), so the figures are those of the live queries (which the
read models' tests hold them to) at a cost of a few rows per municipality, however much data the
scope holds; on SQLite they are counted live. Every figure is one the user may already see in
full: no other municipality's small counts are shown, and the disclosure rules
(`participation.reports.disclosure`) do not come into it.

A chart is an `<svg role="img">` labelled by its own `<title>` and `<desc>`; the template follows
it with the same figures as a table (see `templates/participation/includes/trend_chart.html`).
No script and no outside file: the page's content security policy allows neither.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import count

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from participation.accounts.access import AnyUser, visible_municipalities
from participation.involvement import readmodel
from participation.programme import readmodel as programme_readmodel

# How many calendar years the trends cover, the current one included.
YEARS = 6


@dataclass(frozen=True)
class TrendYear:
    """One year of the user's scope: events, participants and input (all, answered)."""

    year: int
    events: int
    participants: int
    input_total: int
    input_answered: int
    values_total: int = 0
    values_on_target: int = 0

    @property
    def share_answered(self) -> Decimal | None:
        """Percent of the year's input with an answer given back (None without input)."""
        return _share(self.input_answered, self.input_total)

    @property
    def share_on_target(self) -> Decimal | None:
        """Percent of the year's approved indicator values (of indicators with a target) that
        reach the target: at or above it where higher is better, at or below where lower is."""
        return _share(self.values_on_target, self.values_total)


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("1"))


def trend_years(user: AnyUser, today: datetime.date) -> list[TrendYear]:
    """The last `YEARS` calendar years up to `today`'s, oldest first, in `user`'s scope, by the
    date of the event (indicator values by the start of their reporting period): three grouped
    queries over the read models, however much data the scope holds."""
    first = today.year - YEARS + 1
    scope = visible_municipalities(user)
    events = readmodel.events_by_year_in(scope, first, today.year)
    loop = {
        row.year: row
        for row in readmodel.loop_closure_by_year_in(scope, first)
        if row.year <= today.year
    }
    values = programme_readmodel.values_on_target_by_year_in(scope, first, today.year)
    years = []
    for year in range(first, today.year + 1):
        event_count, participants = events.get(year, (0, 0))
        values_total, values_on_target = values.get(year, (0, 0))
        closure = loop.get(year)
        years.append(
            TrendYear(
                year=year,
                events=event_count,
                participants=participants,
                input_total=closure.input_total if closure else 0,
                input_answered=closure.input_answered if closure else 0,
                values_total=values_total,
                values_on_target=values_on_target,
            )
        )
    return years


# The charts -----------------------------------------------------------------------------------

_ids = count(1)

WIDTH = 420
HEIGHT = 200
TOP = 24  # room for the value over the highest bar
BOTTOM = 28  # room for the labels under the bars
SIDE = 8


def bar_chart(
    *,
    title: str,
    description: str,
    points: Sequence[tuple[str, float | int | Decimal | None]],
    maximum: float | None = None,
    suffix: str = "",
) -> SafeString:
    """An accessible SVG bar chart of `points` (label, value; None is drawn as no bar and
    labelled "–"). `maximum` fixes the scale (100 for percentages); otherwise the highest value.
    The SVG is `role="img"`, labelled by its `<title>` and described by its `<desc>`."""
    n = next(_ids)
    title_id, desc_id = f"chart-{n}-title", f"chart-{n}-desc"
    values = [float(v) for _label, v in points if v is not None]
    top = maximum if maximum is not None else max(values, default=0.0)
    top = top or 1.0
    slot = (WIDTH - 2 * SIDE) / max(len(points), 1)
    bar_width = slot * 0.6
    plot_height = HEIGHT - TOP - BOTTOM
    bars = []
    for i, (label, value) in enumerate(points):
        x = SIDE + i * slot + (slot - bar_width) / 2
        centre = SIDE + i * slot + slot / 2
        if value is None:
            shown, height = "–", 0.0
        else:
            shown = number_format(value, force_grouping=True) + suffix
            height = plot_height * float(value) / top
        y = TOP + plot_height - height
        bars.append(
            (
                f"{x:.1f}",
                f"{y:.1f}",
                f"{bar_width:.1f}",
                f"{height:.1f}",
                f"{centre:.1f}",
                f"{y - 6:.1f}",
                shown,
                f"{centre:.1f}",
                f"{HEIGHT - 8:.1f}",
                label,
            )
        )
    body = format_html_join(
        "",
        '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}"></rect>'
        '<text class="chart-value" x="{}" y="{}" text-anchor="middle">{}</text>'
        '<text class="chart-label" x="{}" y="{}" text-anchor="middle">{}</text>',
        bars,
    )
    baseline = TOP + plot_height
    return format_html(
        '<svg class="trend-chart" role="img" aria-labelledby="{} {}" viewBox="0 0 {} {}" '
        'xmlns="http://www.w3.org/2000/svg" focusable="false">'
        '<title id="{}">{}</title><desc id="{}">{}</desc>'
        '<line class="chart-axis" x1="{}" y1="{}" x2="{}" y2="{}"></line>{}</svg>',
        title_id,
        desc_id,
        WIDTH,
        HEIGHT,
        title_id,
        title,
        desc_id,
        description,
        SIDE,
        baseline,
        WIDTH - SIDE,
        baseline,
        body,
    )


def describe(points: Sequence[tuple[str, float | int | Decimal | None]], suffix: str = "") -> str:
    """The chart's figures in words, for its `<desc>`: "2021: 3, 2022: 5"."""
    return "; ".join(
        f"{label}: {'–' if value is None else number_format(value, force_grouping=True) + suffix}"
        for label, value in points
    )
