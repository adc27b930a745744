"""The dashboards' figures read from the read model instead of counted over the involvement rows.

The read model (`MunicipalityFigures`, `FeedbackDueCount`, `InputYearFigures` in `models.py`)
holds, per municipality, what `definitions.municipality_figures` and
`definitions.loop_closure_by_year` count: initiatives, events, input items, open input, the
events awaiting feedback by due date, and the input of each year (all, assessed, answered). The
database keeps it in the same transaction as every write to initiatives, events and input
(triggers, migration `0004_read_model_triggers`), so it is never stale; a page reads a handful
of rows per municipality however much input the municipality has. "Feedback overdue" depends on
the day, so it is not stored: it is the events awaiting feedback less those due on or after
`today` (a few rows of recent due dates), which equals the sum over the due dates before it.

The lists read it too: the initiative list's unfiltered total and both lists' municipality
choices (`figure_total`, `having`); and the dashboard's trends, summed over the user's scope: the
input answered per year (`loop_closure_by_year_in`), and the events and their participants per
year (`EventYearFigures`, migration `0009_event_year_figures`: `events_by_year_in`).

The definitions stay those of `definitions.py`; `tests/front/test_read_model.py` holds the two
to the same numbers. The triggers need PostgreSQL: on SQLite (`make run`'s embedded default, a
small database) these functions count live with the definitions instead.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractYear

from participation.involvement import definitions
from participation.involvement.definitions import LoopClosureYear
from participation.involvement.models import (
    EventYearFigures,
    FeedbackDueCount,
    Initiative,
    Input,
    InputYearFigures,
    InvolvementEvent,
    MunicipalityFigures,
    ParticipantCount,
)
from participation.places.models import Municipality


def is_kept() -> bool:
    """Whether the database keeps the read model (PostgreSQL; see the module docstring)."""
    return connection.vendor == "postgresql"


def _not_yet_due(today: datetime.date) -> QuerySet[FeedbackDueCount]:
    """Events awaiting feedback due today or later: subtracted from all those awaiting, the
    overdue ones. Few rows (recent events), where those before today go back years."""
    return FeedbackDueCount.objects.filter(feedback_due__gte=today)


def municipality_figures(today: datetime.date) -> dict[str, Any]:
    """Annotations for a Municipality queryset, the same as `definitions.municipality_figures`
    (initiative_count, event_count, open_input_count, overdue_event_count), read from the read
    model: a join to the municipality's figures, less the events not yet due."""
    if not is_kept():
        return dict(definitions.municipality_figures(today))
    not_yet_due = (
        _not_yet_due(today)
        .filter(municipality=OuterRef("pk"))
        .order_by()
        .values("municipality")
        .annotate(n=Sum("event_count"))
        .values("n")
    )
    return {
        "initiative_count": Coalesce(F("involvement_figures__initiative_count"), 0),
        "event_count": Coalesce(F("involvement_figures__event_count"), 0),
        "open_input_count": Coalesce(F("involvement_figures__open_input_count"), 0),
        "overdue_event_count": Coalesce(F("involvement_figures__awaiting_feedback_count"), 0)
        - Coalesce(Subquery(not_yet_due, output_field=IntegerField()), 0),
    }


def scope_totals(municipalities: QuerySet[Municipality], today: datetime.date) -> dict[str, int]:
    """The dashboard's totals over `municipalities`: municipalities, initiatives, events, open
    input and events with feedback overdue. One query: a sum over the scope's figures, less its
    events not yet due (not a subquery per municipality)."""
    if not is_kept():
        return _live_totals(municipalities, today)
    names = ("municipalities", "initiatives", "events", "open_input", "overdue_events")
    try:
        scope, scope_params = municipalities.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a scope of no municipality (literal ids, none)
        return dict.fromkeys(names, 0)
    figures = MunicipalityFigures._meta.db_table
    due = FeedbackDueCount._meta.db_table
    sql = f"""
        SELECT COUNT(*),
               COALESCE(SUM(f.initiative_count), 0),
               COALESCE(SUM(f.event_count), 0),
               COALESCE(SUM(f.open_input_count), 0),
               COALESCE(SUM(f.awaiting_feedback_count), 0)
               - (SELECT COALESCE(SUM(d.event_count), 0) FROM {due} d
                  WHERE d.municipality_id IN ({scope}) AND d.feedback_due >= %s)
        FROM {Municipality._meta.db_table} m LEFT JOIN {figures} f ON f.municipality_id = m.id
        WHERE m.id IN ({scope})
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*scope_params, today, *scope_params])
        row = cursor.fetchone()
    return {name: int(value) for name, value in zip(names, row, strict=True)}


def _live_totals(municipalities: QuerySet[Municipality], today: datetime.date) -> dict[str, int]:
    scope = municipalities.order_by().values("pk")
    events = InvolvementEvent.objects.filter(initiative__municipality__in=scope)
    return {
        "municipalities": municipalities.count(),
        "initiatives": Initiative.objects.filter(municipality__in=scope).count(),
        "events": events.count(),
        "open_input": Input.objects.filter(
            definitions.OPEN_INPUT, event__initiative__municipality__in=scope
        ).count(),
        "overdue_events": events.filter(definitions.feedback_overdue(today)).count(),
    }


def loop_closure_by_year(municipality: Municipality) -> list[LoopClosureYear]:
    """The municipality's input assessed and answered per year, as
    `definitions.loop_closure_by_year` counts it for the municipality's events. One query."""
    if not is_kept():
        return definitions.loop_closure_by_year(
            InvolvementEvent.objects.filter(initiative__municipality=municipality)
        )
    rows = (
        InputYearFigures.objects.filter(municipality=municipality, input_count__gt=0)
        .order_by("year")
        .values_list("year", "input_count", "assessed_count", "answered_count")
    )
    return [LoopClosureYear(*row) for row in rows]


def loop_closure_by_year_in(
    municipalities: QuerySet[Municipality], first_year: int
) -> list[LoopClosureYear]:
    """The input assessed and answered per year from `first_year` on, summed over
    `municipalities` (already scoped), oldest first, as `definitions.loop_closure_by_year`
    counts it for their events. One grouped query."""
    scope = municipalities.order_by().values("pk")
    if not is_kept():
        return definitions.loop_closure_by_year(
            InvolvementEvent.objects.filter(
                initiative__municipality__in=scope, date__year__gte=first_year
            )
        )
    rows = (
        InputYearFigures.objects.filter(municipality__in=scope, year__gte=first_year)
        .order_by()
        .values("year")
        .annotate(
            total=Sum("input_count"), assessed=Sum("assessed_count"), answered=Sum("answered_count")
        )
        .filter(total__gt=0)
        .order_by("year")
        .values_list("year", "total", "assessed", "answered")
    )
    return [LoopClosureYear(*row) for row in rows]


def events_by_year_in(
    municipalities: QuerySet[Municipality], first_year: int, last_year: int
) -> dict[int, tuple[int, int]]:
    """The events of each year from `first_year` to `last_year` (by the event's date) and the
    participants counted at them, summed over `municipalities` (already scoped): {year: (events,
    participants)}, years without events left out. One grouped query over a row per municipality
    and year (`live_events_by_year` counts the same over the rows)."""
    scope = municipalities.order_by().values("pk")
    if not is_kept():
        return live_events_by_year(
            InvolvementEvent.objects.filter(initiative__municipality__in=scope),
            first_year,
            last_year,
        )
    rows = (
        EventYearFigures.objects.filter(
            municipality__in=scope, year__gte=first_year, year__lte=last_year
        )
        .order_by()
        .values("year")
        .annotate(events=Sum("event_count"), participants=Sum("participant_count"))
        .values_list("year", "events", "participants")
    )
    return {
        year: (int(events), int(participants))
        for year, events, participants in rows
        if events or participants
    }


def live_events_by_year(
    events: QuerySet[InvolvementEvent], first_year: int, last_year: int
) -> dict[int, tuple[int, int]]:
    """`events_by_year_in` counted over `events` (already scoped) and their participant counts:
    the definition. Two grouped queries."""
    in_years = {"date__year__gte": first_year, "date__year__lte": last_year}
    counted = dict(
        events.filter(**in_years)
        .order_by()
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    summed = dict(
        ParticipantCount.objects.filter(event__in=events.filter(**in_years).values("pk"))
        .order_by()
        .annotate(year=ExtractYear("event__date"))
        .values("year")
        .annotate(n=Sum("count"))
        .values_list("year", "n")
    )
    return {
        year: (counted.get(year, 0), int(summed.get(year) or 0))
        for year in sorted(counted.keys() | summed.keys())
    }


def rebuild() -> None:
    """Recompute the whole read model from the involvement rows (in one transaction)."""
    if not is_kept():
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT involvement_rebuild_read_model()")
        cursor.execute("SELECT involvement_rebuild_event_year_figures()")


def snapshot() -> set[tuple[str, int, object, int]]:
    """Every non-zero stored figure as (figure, municipality id, key, value): to compare the
    read model with a rebuild (`manage.py rebuild_read_models --check`) or with itself."""
    figures: set[tuple[str, int, object, int]] = set()
    names = (
        "initiative_count",
        "event_count",
        "input_count",
        "open_input_count",
        "awaiting_feedback_count",
    )
    for municipality, *values in MunicipalityFigures.objects.values_list("municipality", *names):
        figures |= {(n, municipality, None, v) for n, v in zip(names, values, strict=True) if v}
    for municipality, due, count in FeedbackDueCount.objects.values_list(
        "municipality", "feedback_due", "event_count"
    ):
        if count:
            figures.add(("awaiting_feedback", municipality, due, count))
    of_year = ("input_count", "assessed_count", "answered_count")
    for municipality, year, *values in InputYearFigures.objects.values_list(
        "municipality", "year", *of_year
    ):
        figures |= {(n, municipality, year, v) for n, v in zip(of_year, values, strict=True) if v}
    for municipality, year, events, participants in EventYearFigures.objects.values_list(
        "municipality", "year", "event_count", "participant_count"
    ):
        if events:
            figures.add(("events_of_year", municipality, year, events))
        if participants:
            figures.add(("participants_of_year", municipality, year, participants))
    return figures


# The lists' totals and filter choices ---------------------------------------------------------

LIVE_COUNTS: dict[str, tuple[type[Any], str]] = {
    "initiative_count": (Initiative, "municipality"),
    "input_count": (Input, "event__initiative__municipality"),
}


def figure_total(municipalities: QuerySet[Municipality], figure: str) -> int:
    """The sum of `figure` ("initiative_count" or "input_count") over `municipalities`: the
    number of their initiatives or input items, without counting the rows. One query."""
    if not is_kept():
        model, path = LIVE_COUNTS[figure]
        return int(model.objects.filter(**{f"{path}__in": municipalities.values("pk")}).count())
    total = MunicipalityFigures.objects.filter(
        municipality__in=municipalities.order_by().values("pk")
    ).aggregate(total=Sum(figure))["total"]
    return int(total or 0)


def having(municipalities: QuerySet[Municipality], figure: str) -> QuerySet[Municipality]:
    """Those of `municipalities` that have any initiative or input item (by `figure`, as in
    `figure_total`): a filter's choices, without reading the initiatives or the input."""
    if not is_kept():
        model, path = LIVE_COUNTS[figure]
        return municipalities.filter(pk__in=model.objects.values(path))
    return municipalities.filter(**{f"involvement_figures__{figure}__gt": 0})
