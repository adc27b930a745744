"""The dashboard's trends: events, participants, loop closure and indicator values against their
target per year for the user's scope,
and the small server-rendered SVG bar charts that show them.

Each series is one grouped query over the user's own scope (`visible_to`, or the read model's
input figures summed over the visible municipalities), so every figure is one the user may already
see in full: no other municipality's small counts are shown, and the disclosure rules
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

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from participation.accounts.access import AnyUser, visible_municipalities
from participation.involvement import readmodel
from participation.involvement.models import InvolvementEvent, ParticipantCount
from participation.places.models import Indicator
from participation.programme.models import IndicatorValue

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


ON_TARGET = Q(
    indicator__direction=Indicator.Direction.HIGHER, value__gte=F("indicator__target")
) | Q(indicator__direction=Indicator.Direction.LOWER, value__lte=F("indicator__target"))


def trend_years(user: AnyUser, today: datetime.date) -> list[TrendYear]:
    """The last `YEARS` calendar years up to `today`'s, oldest first, in `user`'s scope, by the
    date of the event (indicator values by the start of their reporting period): four grouped
    queries, however much data the scope holds."""
    first = today.year - YEARS + 1
    in_years = {"date__year__gte": first, "date__year__lte": today.year}
    events = dict(
        InvolvementEvent.objects.visible_to(user)
        .filter(**in_years)
        .order_by()
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    participants = dict(
        ParticipantCount.objects.visible_to(user)
        .filter(**{f"event__{key}": value for key, value in in_years.items()})
        .order_by()
        .annotate(year=ExtractYear("event__date"))
        .values("year")
        .annotate(n=Sum("count"))
        .values_list("year", "n")
    )
    loop = {
        row.year: row
        for row in readmodel.loop_closure_by_year_in(visible_municipalities(user), first)
        if row.year <= today.year
    }
    values = {
        row["year"]: row
        for row in IndicatorValue.objects.visible_to(user)
        .approved()
        .filter(
            indicator__target__isnull=False,
            period__start_date__year__gte=first,
            period__start_date__year__lte=today.year,
        )
        .order_by()
        .annotate(year=ExtractYear("period__start_date"))
        .values("year")
        .annotate(total=Count("pk"), on_target=Count("pk", filter=ON_TARGET))
    }
    years = []
    for year in range(first, today.year + 1):
        of_year = values.get(year, {})
        closure = loop.get(year)
        years.append(
            TrendYear(
                year=year,
                events=events.get(year, 0),
                participants=int(participants.get(year) or 0),
                input_total=closure.input_total if closure else 0,
                input_answered=closure.input_answered if closure else 0,
                values_total=of_year.get("total", 0),
                values_on_target=of_year.get("on_target", 0),
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
