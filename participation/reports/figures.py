"""The figures step: a report's numbers for a scope, a period and a strategy, as a document.

`build_report` reads the database and returns a `ReportDocument` (see `document`); the long lists
(every initiative; every municipality of a region or national report) stream to a row sink.
It imports no renderer and no view, and writes nothing but through the sink.

Period rules (the appendix states them for the reader, from `definitions.report_definitions`):

- An initiative is *active* in the period when its start–end span overlaps the period (a missing
  start or end is open) or it has an event in the period. It *serves the strategy* when it is
  linked to one of the strategy's main goals or priority areas; it serves a main goal when linked
  to the goal or to one of its priority areas. Only active initiatives serving the strategy are
  counted; the summary says how many active ones serve none of its goals.
- Events count by their date within the period; people reached are the sum of their participant
  counts; input is the input of those events, with its follow-up status as of the cut-off.
  Events and people are also counted by the event's method and its form (channel); a
  municipality's own report lists its events, and their input with the answers given back.
- Loop closure uses `definitions.LoopClosure` and its filters; "today" is the cut-off date.
- Indicator values: approved values of the strategy's reporting periods that end within the
  period, the latest such per municipality and indicator (of two ending the same day, one lying
  within the report period first, then the longer: a yearly report takes the year's value over
  the fourth quarter's, a quarterly one the quarter's over the half-year's). Across
  municipalities, counts and NOK are summed, percentages and rates averaged, and yes/no is the
  share of yes. The previous figure applies the same rule to the period before; the regional
  figure is over the scope's region (empty in a national report, which has a table by region
  instead); the national one over every municipality.
- Success criteria: assessments of the calendar year the period ends in. Commitments and risk
  flags: open at the cut-off, overdue against `today`, raised or closed within the period.

Disclosure control (region and national reports, and a municipality's regional and national
comparison figures) is applied as the cells are made; see `disclosure`. Every count is read with the
fingerprint of the rows it counts (`disclosure.keyed_count`), its cell key.

Speed: a fixed number of aggregate queries (about 30), whatever the size of the data: the
database groups and counts (conditional `Count`/`Sum` with `filter=`, each with the fingerprint
of its rows beside it: `disclosure.keyed_count`); Python only lays out the results, and holds at
most one row per municipality. A goal becomes one condition per aggregate,
"the initiative is in this small set of ids" (from the link tables), which PostgreSQL hashes
once per query. The same aggregates as hand-written SQL are `bench/sql_floor.py`, the
benchmark's floor: change the two together (the floor does not compute the fingerprints yet).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.postgres.aggregates import StringAgg
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import (
    Aggregate,
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from participation.core.privacy import shown_text
from participation.involvement.models import (
    InfluenceLevel,
    Initiative,
    Input,
    InvolvementEvent,
    ParticipantCount,
)
from participation.places.models import (
    Goal,
    Indicator,
    Method,
    Municipality,
    ParticipationForm,
    PriorityArea,
    Region,
    Strategy,
    SuccessCriterion,
    TargetGroup,
)
from participation.programme.models import (
    Commitment,
    IndicatorValue,
    RiskFlag,
    SuccessCriterionAssessment,
)

from . import disclosure as dc
from .definitions import (
    ANSWERED_INPUT,
    ASSESSED_INPUT,
    FEEDBACK_ON_TIME,
    LoopClosure,
    feedback_judgeable,
    feedback_overdue,
    report_definitions,
)
from .disclosure import keyed_count, keyed_sum
from .document import (
    COUNT,
    DATE,
    NUMBER,
    PERCENT,
    Cell,
    Chart,
    Column,
    ReportDocument,
    Row,
    RowSink,
    Section,
    Table,
)
from .params import Period, ReportScope

GENERATOR_VERSION = "figures-4"  # bump when a definition or the disclosure control changes

# Rows fetched per round trip when streaming a long list.
CHUNK_SIZE = 2000

GoalLink = Initiative.goals.through
AreaLink = Initiative.priority_areas.through
Unit = Indicator.Unit
LEVELS = ("individual", "collective", "system")
EVENT_FIGURES = ("total", "judgeable", "on_time", "overdue")
INPUT_FIGURES = ("total", "assessed", "answered")

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class GoalUnit:
    """A main goal or a priority area, as a row of the goal tables and a filter on initiatives.

    `top` units (main goals, and priority areas directly under the strategy) are also the
    per-goal columns of the breakdown tables."""

    key: str
    pk: int
    code: str
    name: str
    is_goal: bool
    top: bool

    def link(self, path: str) -> Q:
        """Rows whose initiative (reached through `path`) serves this goal or area: one test
        against a small set of initiative ids (PostgreSQL hashes it once per query)."""
        ids: QuerySet[Any, Any]
        if self.is_goal:
            ids = (
                GoalLink.objects.filter(goal_id=self.pk)
                .values("initiative_id")
                .union(
                    AreaLink.objects.filter(priorityarea__goal_id=self.pk).values("initiative_id")
                )
            )
        else:
            ids = AreaLink.objects.filter(priorityarea_id=self.pk).values("initiative_id")
        return Q(**{f"{path}__in": ids})

    @property
    def column_label(self) -> str:
        if self.is_goal:
            return _("Goal %(code)s") % {"code": self.code}
        return _("Area %(code)s") % {"code": self.code}


def build_report(
    scope: ReportScope,
    period: Period,
    strategy: Strategy,
    *,
    today: datetime.date,
    sink: RowSink,
    progress: Progress | None = None,
) -> ReportDocument:
    """The report for `scope`, `period` and `strategy` in the active language, with `today` as
    the data cut-off date; the long lists go to `sink`. A fixed number of queries."""
    with reading(connection) as cutoff:
        return _Builder(scope, period, strategy, today, sink, progress, cutoff).build()


class _GroupConcat(Aggregate):
    """SQLite's GROUP_CONCAT(expression, separator)."""

    function = "GROUP_CONCAT"
    output_field = CharField()


def _joined(expression: str, order: tuple[str, ...]) -> Aggregate:
    """The values of `expression` joined with ", ", in `order` on PostgreSQL. The embedded
    SQLite default (demo use only) joins them in no particular order: its version here cannot
    order inside an aggregate."""
    if connection.vendor == "postgresql":
        return StringAgg(expression, ", ", order_by=order)
    return _GroupConcat(expression, Value(", "))


@contextmanager
def reading(db: BaseDatabaseWrapper) -> Iterator[datetime.datetime]:
    """The figures' database session: yields the data cut-off, the start of the caller's
    transaction if there is one (so that a REPEATABLE READ caller's figures and cut-off agree),
    else now. One statement, two without a transaction.

    It also turns PostgreSQL's JIT compiler off while the figures are read: their estimated
    costs are high enough to set it off, and compiling takes far longer than it saves (national
    benchmark: about 5× slower with it). Off for the rest of the caller's transaction, or for
    this session until the figures are done."""
    if db.vendor != "postgresql":  # the embedded SQLite default: no JIT, one writer
        yield timezone.now()
        return
    local = db.in_atomic_block
    with db.cursor() as cursor:
        cursor.execute("SELECT set_config('jit', 'off', %s), transaction_timestamp()", [local])
        cutoff: datetime.datetime = cursor.fetchone()[1]
    try:
        yield cutoff
    finally:
        if not local:
            with db.cursor() as cursor:
                cursor.execute("RESET jit")


def _add(totals: dict[str, Any], row: Mapping[str, Any], keys: Iterable[str]) -> None:
    for key in keys:
        totals[key] = totals.get(key, 0) + (row.get(key) or 0)


def _and(*conditions: Q | None) -> Q | None:
    """The conjunction of the given conditions; None when there are none."""
    present = [q for q in conditions if q is not None]
    if not present:
        return None
    combined = present[0]
    for q in present[1:]:
        combined &= q
    return combined


def _prefixed(prefix: str, aggregates: dict[str, Any]) -> dict[str, Any]:
    return {f"{prefix}_{name}": aggregate for name, aggregate in aggregates.items()}


def _split(
    row: dict[str, Any], keys: Iterable[str], names: Iterable[str]
) -> dict[str, dict[str, int]]:
    """{key: {name: row[key_name]}}: the inverse of naming aggregates prefix_name."""
    names = list(names)
    return {key: {name: row[f"{key}_{name}"] or 0 for name in names} for key in keys}


@dataclass
class _Reach:
    section: Section
    people: dict[str, int]  # people reached: "all" and per goal unit


class _Builder:
    """Builds one document; one instance per report."""

    def __init__(
        self,
        scope: ReportScope,
        period: Period,
        strategy: Strategy,
        today: datetime.date,
        sink: RowSink,
        progress: Progress | None,
        cutoff: datetime.datetime,
    ) -> None:
        self.scope = scope
        self.period = period
        self.strategy = strategy
        self.today = today
        self.sink = sink
        self.report_progress = progress
        self.suppress = scope.suppressed
        self.cutoff = cutoff

        start, end = period.start, period.end
        self.in_period = Q(date__gte=start, date__lte=end)
        self.municipality_ids = scope.municipalities().values("pk")
        has_event_in_period = Exists(
            InvolvementEvent.objects.filter(self.in_period, initiative=OuterRef("pk"))
        )
        active = (
            (Q(start_date__isnull=True) | Q(start_date__lte=end))
            & (Q(end_date__isnull=True) | Q(end_date__gte=start))
        ) | Q(has_event_in_period)
        self.serves_strategy = Q(
            Exists(GoalLink.objects.filter(initiative=OuterRef("pk"), goal__strategy=strategy))
        ) | Q(
            Exists(
                AreaLink.objects.filter(initiative=OuterRef("pk"), priorityarea__strategy=strategy)
            )
        )
        # Active initiatives in scope; those serving the strategy are the report's initiatives,
        # and their events in the period (with those events' counts and input) its events.
        self.active_initiatives = Initiative.objects.filter(
            active, municipality__in=self.municipality_ids
        ).order_by()
        self.initiatives = self.active_initiatives.filter(self.serves_strategy)
        initiative_ids = self.initiatives.values("pk")
        self.events = InvolvementEvent.objects.filter(
            self.in_period, initiative__in=initiative_ids
        ).order_by()
        self.counts = ParticipantCount.objects.filter(
            event__date__gte=start, event__date__lte=end, event__initiative__in=initiative_ids
        ).order_by()
        self.inputs = Input.objects.filter(
            event__date__gte=start, event__date__lte=end, event__initiative__in=initiative_ids
        ).order_by()

    # --- the whole ---------------------------------------------------------------------------

    def build(self) -> ReportDocument:
        self.progress(0, _("Reading the goals"))
        self.units = self._goal_units()
        self.top_units = [u for u in self.units if u.top]

        self.progress(10, _("Counting initiatives, events and people"))
        initiatives = self._initiative_figures()
        events = self._event_figures()
        inputs = self._input_figures()
        reach = self._reach_section()
        goals = self._goals_section(initiatives, events, inputs, reach.people)
        loop_closure = self._loop_closure_section(events, inputs)

        self.progress(30, _("Counting participation by form, level and influence"))
        participation = self._participation_section(initiatives, events, reach.people)

        self.progress(40, _("Counting involvement events by method and form"))
        events_by_method = self._events_section()

        self.progress(45, _("Reading indicator values"))
        indicators, value_count = self._indicators_section()

        self.progress(55, _("Reading success criteria, commitments and risk flags"))
        criteria = self._criteria_section()
        programme, programme_totals = self._programme_section()

        lists = []
        if self.scope.suppressed:  # region and national reports list their municipalities
            self.progress(65, _("Writing the municipality list"))
            lists.append(self._municipality_list())
        else:  # a list of initiatives would let each municipality's hidden count be counted
            self.progress(75, _("Writing the initiative list"))
            lists.append(self._initiative_list())

        summary = self._summary_section(
            initiatives, events, inputs, reach.people, value_count, programme_totals
        )
        self.progress(90, _("Putting the report together"))
        return ReportDocument(
            meta=self._meta(),
            sections=[
                summary,
                goals,
                reach.section,
                participation,
                events_by_method,
                loop_closure,
                indicators,
                criteria,
                programme,
                Section(
                    key="lists",
                    title=_("Lists"),
                    intro=(
                        _(
                            "Every municipality, with its figures for the period. Its "
                            "initiatives are listed in its own report."
                        )
                        if self.scope.suppressed
                        else _(
                            "Every initiative serving the strategy, with its figures for the period."
                        )
                    ),
                    tables=lists,
                ),
            ],
            definitions=report_definitions(),
        )

    def progress(self, percent: int, step: str) -> None:
        if self.report_progress is not None:
            self.report_progress(percent, step)

    def _meta(self) -> dict[str, Any]:
        return {
            "title": _("Report on %(strategy)s: %(place)s, %(period)s")
            % {
                "strategy": self.strategy.name,
                "place": self.scope.name,
                "period": self.period.label,
            },
            "scope_kind": str(self.scope.kind),
            "scope_name": self.scope.name,
            "period_kind": str(self.period.kind),
            "period_label": self.period.label,
            "period_start": self.period.start.isoformat(),
            "period_end": self.period.end.isoformat(),
            "strategy": str(self.strategy),
            "language": get_language() or "nb",
            "data_cutoff": self.cutoff.isoformat(),
            "suppressed": self.suppress,
            "generator_version": GENERATOR_VERSION,
        }

    # --- cells -------------------------------------------------------------------------------

    def count(self, n: int | None) -> Cell:
        return dc.count(n, self.suppress)

    def share(self, part: int, whole: int, value: Decimal | None) -> Cell:
        return dc.share(part, whole, value, self.suppress)

    # --- goals -------------------------------------------------------------------------------

    def _goal_units(self) -> list[GoalUnit]:
        """Main goals in order, each followed by its priority areas; then the priority areas
        directly under the strategy. Two queries."""
        goals = list(Goal.objects.filter(strategy=self.strategy).order_by("order", "code"))
        areas = list(PriorityArea.objects.filter(strategy=self.strategy).order_by("order", "code"))
        units = []
        for goal in goals:
            units.append(
                GoalUnit(_key("goal", goal.code), goal.pk, goal.code, goal.name, True, True)
            )
            units.extend(
                GoalUnit(_key("area", area.code), area.pk, area.code, area.name, False, False)
                for area in areas
                if area.goal_id == goal.pk
            )
        units.extend(
            GoalUnit(_key("area", area.code), area.pk, area.code, area.name, False, True)
            for area in areas
            if area.goal_id is None
        )
        return units

    def _initiative_figures(self) -> dict[str, int]:
        """Initiatives serving the strategy ("all") and each goal unit, active ones serving
        none of its goals ("unlinked"), and municipalities with initiatives. One query."""
        return self.active_initiatives.aggregate(
            all=keyed_count("initiative", filter=self.serves_strategy),
            unlinked=keyed_count("initiative", filter=~self.serves_strategy),
            municipalities=keyed_count(
                "municipality", "municipality", distinct=True, filter=self.serves_strategy
            ),
            **{u.key: keyed_count("initiative", filter=u.link("pk")) for u in self.units},
        )

    def event_conditions(self, scope: Q | None = None) -> dict[str, Any]:
        """The loop-closure counts of events (definitions' filters), each within `scope`."""
        judgeable = feedback_judgeable(self.today)
        conditions: dict[str, Q | None] = {
            "total": None,
            "judgeable": judgeable,
            "on_time": judgeable & FEEDBACK_ON_TIME,
            "overdue": feedback_overdue(self.today),
        }
        return {name: keyed_count("event", filter=_and(scope, q)) for name, q in conditions.items()}

    def input_conditions(self, scope: Q | None = None) -> dict[str, Any]:
        """The loop-closure counts of input (definitions' filters), each within `scope`."""
        # Open input is the rest: every item is either open or assessed.
        conditions: dict[str, Q | None] = {
            "total": None,
            "assessed": ASSESSED_INPUT,
            "answered": ANSWERED_INPUT,
        }
        return {name: keyed_count("input", filter=_and(scope, q)) for name, q in conditions.items()}

    def _event_figures(self) -> dict[str, dict[str, int]]:
        """Per goal unit and "all": events, judgeable, on time and overdue. One query."""
        aggregates = _prefixed("all", self.event_conditions())
        for u in self.units:
            aggregates |= _prefixed(u.key, self.event_conditions(u.link("initiative")))
        row = self.events.aggregate(**aggregates)
        return _split(row, ["all", *(u.key for u in self.units)], EVENT_FIGURES)

    def _input_figures(self) -> dict[str, dict[str, int]]:
        """Per goal unit and "all": input items, open, assessed and answered. One query."""
        aggregates = _prefixed("all", self.input_conditions())
        for u in self.units:
            aggregates |= _prefixed(u.key, self.input_conditions(u.link("event__initiative")))
        row = self.inputs.aggregate(**aggregates)
        return _split(row, ["all", *(u.key for u in self.units)], INPUT_FIGURES)

    def _goals_section(
        self,
        initiatives: dict[str, int],
        events: dict[str, dict[str, int]],
        inputs: dict[str, dict[str, int]],
        people: dict[str, int],
    ) -> Section:
        rows: list[Row] = [
            [
                u.code,
                u.name,
                self.count(initiatives[u.key]),
                self.count(events[u.key]["total"]),
                self.count(people[u.key]),
                self.count(inputs[u.key]["total"]),
            ]
            for u in self.units
        ]
        table = Table(
            key="goals",
            title=_("Initiatives, events and people reached per goal"),
            columns=[
                Column("code", _("Code")),
                Column("name", _("Main goal or priority area")),
                Column("initiatives", _("Initiatives"), COUNT),
                Column("events", _("Involvement events"), COUNT),
                Column("people", _("People reached"), COUNT),
                Column("input", _("Input items"), COUNT),
            ],
            rows=rows,
            note=_(
                "An initiative serves a main goal when it is linked to the goal or one of its "
                "priority areas; one serving several goals counts under each, so the rows do "
                "not add up to the totals in the summary."
            ),
            chart=Chart(
                title=_("Initiatives and involvement events per goal"),
                label_column="code",
                value_columns=["initiatives", "events"],
            ),
        )
        return Section(key="goals", title=_("Goals and priority areas"), tables=[table])

    # --- people reached ----------------------------------------------------------------------

    def _reach_section(self) -> _Reach:
        """People reached by target group, for all and per main goal. Two queries."""
        target_groups = list(TargetGroup.objects.order_by("order", "name"))
        sums = {"all": keyed_sum("people", "count")} | {
            u.key: keyed_sum("people", "count", filter=u.link("event__initiative"))
            for u in self.units
        }
        by_group: dict[Any, Mapping[str, Any]] = {
            row["target_group"]: row
            for row in self.counts.values("target_group").annotate(**sums).order_by()
        }
        keys = ["all", *(u.key for u in self.units)]
        people = {key: sum(row[key] or 0 for row in by_group.values()) for key in keys}

        columns_keys = ["all", *(u.key for u in self.top_units)]
        rows: list[Row] = []
        for group in target_groups:
            row = by_group.get(group.pk)
            if row is None and not group.is_active:
                continue
            values = [(row or {}).get(key) or 0 for key in columns_keys]
            rows.append([group.label, *(self.count(v) for v in values)])
        table = Table(
            key="target_groups",
            title=_("People reached by target group"),
            columns=[
                Column("target_group", _("Target group")),
                Column("all", _("People reached"), COUNT),
                *(Column(u.key, u.column_label, COUNT) for u in self.top_units),
            ],
            rows=rows,
            note=_(
                "Participant counts of the involvement events in the period, by target group: "
                "all initiatives serving the strategy, then per main goal. The totals are in the "
                "summary and the goal table."
            ),
            chart=Chart(
                title=_("People reached by target group"),
                label_column="target_group",
                value_columns=["all"],
            ),
        )
        section = Section(
            key="reach",
            title=_("People reached"),
            tables=[table],
            intro=_("Someone who took part in two events counts twice."),
        )
        return _Reach(section, people)

    # --- participation by form, level and influence ------------------------------------------

    def _participation_section(
        self,
        initiatives: dict[str, int],
        events: dict[str, dict[str, int]],
        people: dict[str, int],
    ) -> Section:
        """Initiatives, events and people by form, level and intended influence; initiatives
        per main goal. Seven queries."""
        unit_keys = [u.key for u in self.top_units]
        level_field = {level: f"{level}_level" for level in LEVELS}

        # Influence and levels: grouped by the initiative's intended influence, levels counted
        # conditionally within each group and summed over the groups.
        initiative_aggregates: dict[str, Any] = {"n": keyed_count("initiative")}
        for level, field in level_field.items():
            initiative_aggregates[level] = keyed_count("initiative", filter=Q(**{field: True}))
        for u in self.top_units:
            initiative_aggregates[u.key] = keyed_count("initiative", filter=u.link("pk"))
            for level, field in level_field.items():
                initiative_aggregates[f"{level}_{u.key}"] = keyed_count(
                    "initiative", filter=Q(**{field: True}) & u.link("pk")
                )
        by_influence: dict[Any, Mapping[str, Any]] = {
            row["intended_influence"]: row
            for row in self.initiatives.values("intended_influence")
            .annotate(**initiative_aggregates)
            .order_by()
        }
        events_by_influence: dict[Any, Mapping[str, Any]] = {
            row["initiative__intended_influence"]: row
            for row in self.events.values("initiative__intended_influence")
            .annotate(
                n=keyed_count("event"),
                **{
                    level: keyed_count("event", filter=Q(**{f"initiative__{field}": True}))
                    for level, field in level_field.items()
                },
            )
            .order_by()
        }
        people_by_influence: dict[Any, Mapping[str, Any]] = {
            row["event__initiative__intended_influence"]: row
            for row in self.counts.values("event__initiative__intended_influence")
            .annotate(
                n=keyed_sum("people", "count"),
                **{
                    level: keyed_sum(
                        "people", "count", filter=Q(**{f"event__initiative__{field}": True})
                    )
                    for level, field in level_field.items()
                },
            )
            .order_by()
        }

        def figures(
            label: str,
            initiative_row: Mapping[str, Any] | None,
            event_n: int,
            people_n: int,
            unit_names: list[str],
        ) -> list[Any]:
            """A row's raw figures: label, initiatives, events, people, initiatives per goal."""
            row = initiative_row or {}
            return [label, row.get("n") or 0, event_n, people_n] + [
                row.get(unit) or 0 for unit in unit_names
            ]

        influence_raw = [
            figures(
                str(level.label) if level is not None else _("Not stated"),
                by_influence.get(level),
                (events_by_influence.get(level) or {}).get("n") or 0,
                (people_by_influence.get(level) or {}).get("n") or 0,
                unit_keys,
            )
            for level in [*InfluenceLevel, None]
            if level is not None or None in by_influence
        ]
        levels_raw = []
        for level in LEVELS:
            totals: dict[str, int] = {}
            for row in by_influence.values():
                _add(totals, row, [level, *(f"{level}_{key}" for key in unit_keys)])
            levels_raw.append(
                [
                    _level_label(level),
                    totals.get(level, 0),
                    sum((r.get(level) or 0) for r in events_by_influence.values()),
                    sum((r.get(level) or 0) for r in people_by_influence.values()),
                    *(totals.get(f"{level}_{key}", 0) for key in unit_keys),
                ]
            )

        # Forms: through the initiatives' many-to-many; initiatives without a form group as None.
        forms = list(ParticipationForm.objects.order_by("order", "name"))
        by_form: dict[Any, Mapping[str, Any]] = {
            row["participation_forms"]: row
            for row in self.initiatives.values("participation_forms")
            .annotate(
                n=keyed_count("initiative"),
                **{u.key: keyed_count("initiative", filter=u.link("pk")) for u in self.top_units},
            )
            .order_by()
        }
        events_by_form: dict[Any, int] = {
            row["initiative__participation_forms"]: row["n"]
            for row in self.events.values("initiative__participation_forms")
            .annotate(n=keyed_count("event"))
            .order_by()
        }
        people_by_form: dict[Any, int] = {
            row["event__initiative__participation_forms"]: row["n"]
            for row in self.counts.values("event__initiative__participation_forms")
            .annotate(n=keyed_sum("people", "count"))
            .order_by()
        }
        forms_raw = [
            figures(
                form.label,
                by_form.get(form.pk),
                events_by_form.get(form.pk) or 0,
                people_by_form.get(form.pk) or 0,
                unit_keys,
            )
            for form in forms
            if form.is_active or form.pk in by_form
        ]
        if None in by_form:
            forms_raw.append(
                figures(
                    _("No form recorded"),
                    by_form[None],
                    events_by_form.get(None) or 0,
                    people_by_form.get(None) or 0,
                    unit_keys,
                )
            )

        def columns(first: Column) -> list[Column]:
            return [
                first,
                Column("initiatives", _("Initiatives"), COUNT),
                Column("events", _("Involvement events"), COUNT),
                Column("people", _("People reached"), COUNT),
                *(
                    Column(u.key, _("Initiatives: %(goal)s") % {"goal": u.column_label}, COUNT)
                    for u in self.top_units
                ),
            ]

        def cells(raw: list[list[Any]]) -> list[Row]:
            return [[row[0], *(self.count(v) for v in row[1:])] for row in raw]

        influence_rows = cells(influence_raw)

        several = _(
            "An initiative can have several; it counts under each, so the rows do not add up."
        )
        return Section(
            key="participation",
            title=_("Participation by form, level and influence"),
            intro=_(
                "Initiatives serving the strategy, with their involvement events and the people "
                "reached in the period, by what the initiative records; then the initiatives per "
                "main goal."
            ),
            tables=[
                Table(
                    key="forms",
                    title=_("Participation forms"),
                    columns=columns(Column("form", _("Participation form"))),
                    rows=cells(forms_raw),
                    note=several,
                    chart=Chart(
                        title=_("Initiatives by participation form"),
                        label_column="form",
                        value_columns=["initiatives"],
                    ),
                ),
                Table(
                    key="levels",
                    title=_("Participation levels"),
                    columns=columns(Column("level", _("Level"))),
                    rows=cells(levels_raw),
                    note=several,
                    chart=Chart(
                        title=_("Initiatives by participation level"),
                        label_column="level",
                        value_columns=["initiatives"],
                    ),
                ),
                Table(
                    key="influence",
                    title=_("Intended influence"),
                    columns=columns(Column("influence", _("Intended influence"))),
                    rows=influence_rows,
                    note=_("The totals are in the summary and the goal table."),
                    chart=Chart(
                        title=_("Initiatives by intended influence"),
                        label_column="influence",
                        value_columns=["initiatives"],
                    ),
                ),
            ],
        )

    # --- involvement events by method and form ----------------------------------------------

    def _events_section(self) -> Section:
        """Involvement events and people reached by method and by form (the event's channel):
        two grouped queries. In a municipality's own report also its events, each with its
        figures, and their input with the answers given back (two streamed lists); a region or
        national report has only the counts, protected like every other count there."""
        # Every method, with the period's events joined to it (one row with no channel when
        # it has none), so that methods without events are listed too, from the same query.
        # A filtered join takes no subquery: the join reads the period's events (of the
        # municipality, in its own report) and the count keeps those of the report's initiatives.
        joined = Q(events__date__gte=self.period.start, events__date__lte=self.period.end)
        if self.scope.municipality is not None:
            joined &= Q(events__municipality_id=self.scope.municipality.pk)
        counted = Q(event__initiative__in=self.initiatives.values("pk"))
        events: dict[tuple[Any, Any], int] = {}
        methods: list[tuple[int, str, bool]] = []
        seen: set[int] = set()
        english = (get_language() or "nb").startswith("en")
        for row in (
            Method.objects.annotate(event=FilteredRelation("events", condition=joined))
            .values("pk", "name", "name_en", "order", "is_active", "event__channel")
            .annotate(n=keyed_count("event", "event__id", filter=counted))
            .order_by("order", "name", "pk")
        ):
            if row["pk"] not in seen:
                seen.add(row["pk"])
                label = row["name_en"] if english and row["name_en"] else row["name"]
                methods.append((row["pk"], label, row["is_active"]))
            if row["event__channel"] is not None and row["n"]:
                events[row["pk"], row["event__channel"]] = row["n"]
        people: dict[tuple[Any, Any], int] = {
            (row["event__method"], row["event__channel"]): row["n"]
            for row in self.counts.values("event__method", "event__channel")
            .annotate(n=keyed_sum("people", "count"))
            .order_by()
        }
        by_method: dict[Any, dict[str, int]] = {}
        by_channel: dict[Any, dict[str, int]] = {}
        for (method, channel), n in events.items():
            _add(by_method.setdefault(method, {}), {"events": n}, ["events"])
            _add(by_channel.setdefault(channel, {}), {"events": n}, ["events"])
        for (method, channel), n in people.items():
            _add(by_method.setdefault(method, {}), {"people": n}, ["people"])
            _add(by_channel.setdefault(channel, {}), {"people": n}, ["people"])

        def cells(figures: Mapping[str, int] | None) -> list[Cell]:
            figures = figures or {}
            return [self.count(figures.get("events", 0)), self.count(figures.get("people", 0))]

        # A region or national report lists every method in use (so that being listed tells
        # nothing); a municipality's own report the methods it used.
        method_rows: list[Row] = [
            [label, *cells(by_method.get(pk))]
            for pk, label, is_active in methods
            if pk in by_method or (is_active and self.suppress)
        ]
        channel_rows: list[Row] = [
            [str(channel.label), *cells(by_channel.get(channel.value))]
            for channel in InvolvementEvent.Channel
        ]
        figures = [
            Column("events", _("Involvement events"), COUNT),
            Column("people", _("People reached"), COUNT),
        ]
        tables = [
            Table(
                key="methods",
                title=_("Involvement events by method"),
                columns=[Column("method", _("Method")), *figures],
                rows=method_rows,
                note=(
                    _(
                        "Each event counts once, under its method; the people reached are its "
                        "participant counts. The totals are in the summary."
                    )
                    if self.suppress
                    else _(
                        "Each event counts once, under its method; the people reached are its "
                        "participant counts. Methods with no events in the period are left out."
                    )
                ),
                chart=Chart(
                    title=_("Involvement events by method"),
                    label_column="method",
                    value_columns=["events"],
                ),
            ),
            Table(
                key="channels",
                title=_("Involvement events by form (channel)"),
                columns=[Column("channel", _("Channel")), *figures],
                rows=channel_rows,
                note=_(
                    "Each event counts once, under its form: in person, digital, hybrid or "
                    "outreach."
                ),
            ),
        ]
        # The events by their initiative's participation form are in the participation section.
        if self.suppress:
            intro = _(
                "How the municipalities involved people: how many events of each method and "
                "form, and how many took part. A region or national report shows only these "
                "counts; each municipality's own report lists its events, their input and the "
                "answers given back."
            )
        else:
            intro = _(
                "How the municipality involved people: how many events of each method and "
                "form, and how many took part; then each event, and each input item with what "
                "was decided and the answer given back."
            )
            tables += [self._event_list(), self._event_input_list()]
        return Section(
            key="events",
            title=_("Involvement events by method and form"),
            intro=intro,
            tables=tables,
        )

    def _event_list(self) -> Table:
        """A municipality's events in the period (of its initiatives serving the strategy), each
        with its figures, streamed from one query (in its own report only: exact)."""
        people = (
            ParticipantCount.objects.filter(event=OuterRef("pk"))
            .order_by()
            .values("event")
            .annotate(n=Sum("count"))
            .values("n")
        )

        def input_count(condition: Q | None = None) -> Subquery:
            items = Input.objects.filter(event=OuterRef("pk"))
            if condition is not None:
                items = items.filter(condition)
            return Subquery(
                items.order_by().values("event").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            )

        rows = self.events.annotate(
            people=Coalesce(Subquery(people, output_field=IntegerField()), 0),
            input_n=Coalesce(input_count(), 0),
            answered_n=Coalesce(input_count(ANSWERED_INPUT), 0),
        ).order_by("date", "start_time", "pk")
        english = (get_language() or "nb").startswith("en")
        channels = {value: str(label) for value, label in InvolvementEvent.Channel.choices}

        def generate() -> Iterator[Row]:
            for (
                day,
                reference,
                title,
                method,
                method_en,
                channel,
                people_n,
                input_n,
                answered_n,
                due,
                given,
            ) in rows.values_list(
                "date",
                "initiative__reference",
                "title",
                "method__name",
                "method__name_en",
                "channel",
                "people",
                "input_n",
                "answered_n",
                "feedback_due",
                "feedback_given",
            ).iterator(chunk_size=CHUNK_SIZE):
                yield [
                    day.isoformat(),
                    reference,
                    shown_text(title),
                    method_en if english and method_en else method,
                    channels.get(channel, channel),
                    self.count(people_n),
                    self.count(input_n),
                    self.count(answered_n),
                    due.isoformat() if due else None,
                    given.isoformat() if given else None,
                ]

        row_count = self.sink("event_list", generate())
        return Table(
            key="event_list",
            title=_("The events"),
            columns=[
                Column("date", _("Date"), DATE),
                Column("reference", _("Initiative")),
                Column("event", _("Involvement event")),
                Column("method", _("Method")),
                Column("channel", _("Channel")),
                Column("people", _("People reached"), COUNT),
                Column("input", _("Input items"), COUNT),
                Column("answered", _("Answered input"), COUNT),
                Column("feedback_due", _("Feedback due"), DATE),
                Column("feedback_given", _("Feedback given"), DATE),
            ],
            note=_(
                "Every involvement event of the period, by date; the initiative by its "
                "reference number, as in the list of initiatives."
            ),
            stored=True,
            row_count=row_count,
        )

    def _event_input_list(self) -> Table:
        """The input of a municipality's events in the period, with the decision and the answer
        given back, streamed from one query (in its own report only). Free text is shown as the
        product shows free text away from its record (`core.privacy.shown_text`)."""
        english = (get_language() or "nb").startswith("en")
        decisions = {value: str(label) for value, label in Input.FollowUp.choices}
        rows = self.inputs.order_by("event__date", "event__start_time", "event", "pk").values_list(
            "event__date",
            "event__title",
            "theme__name",
            "theme__name_en",
            "summary",
            "follow_up_status",
            "answer",
            "answered_on",
        )

        def generate() -> Iterator[Row]:
            for day, title, theme, theme_en, summary, status, answer, answered_on in rows.iterator(
                chunk_size=CHUNK_SIZE
            ):
                yield [
                    day.isoformat(),
                    shown_text(title),
                    theme_en if english and theme_en else theme,
                    shown_text(summary),
                    decisions.get(status, status),
                    shown_text(answer) or None,
                    answered_on.isoformat() if answered_on else None,
                ]

        row_count = self.sink("event_input", generate())
        return Table(
            key="event_input",
            title=_("Input and the answers given back"),
            columns=[
                Column("date", _("Date"), DATE),
                Column("event", _("Involvement event")),
                Column("theme", _("Theme")),
                Column("input", _("Input")),
                Column("follow_up", _("Follow-up status")),
                Column("answer", _("Answer given back")),
                Column("answered_on", _("Answered on"), DATE),
            ],
            note=_(
                "What residents said at each event, summarised without saying who, what was "
                "decided and what they were told. Text that looks like personal data is "
                "withheld, and text removed from the records reads [fjernet]."
            ),
            stored=True,
            row_count=row_count,
        )

    # --- loop closure ------------------------------------------------------------------------

    def _loop_closure(self, events: Mapping[str, int], inputs: Mapping[str, int]) -> LoopClosure:
        return LoopClosure(
            input_total=inputs["total"],
            input_open=inputs["total"] - inputs["assessed"],
            input_assessed=inputs["assessed"],
            input_answered=inputs["answered"],
            events_total=events["total"],
            events_overdue=events["overdue"],
            events_judgeable=events["judgeable"],
            events_on_time=events["on_time"],
        )

    def _loop_closure_row(self, code: str, name: str, lc: LoopClosure) -> Row:
        return [
            code,
            name,
            self.count(lc.input_total),
            self.count(lc.input_assessed),
            self.share(lc.input_assessed, lc.input_total, lc.share_assessed),
            self.count(lc.input_answered),
            self.share(lc.input_answered, lc.input_total, lc.share_answered),
            self.count(lc.events_judgeable),
            self.count(lc.events_on_time),
            self.share(lc.events_on_time, lc.events_judgeable, lc.share_on_time),
            self.count(lc.events_overdue),
        ]

    def _loop_closure_section(
        self, events: dict[str, dict[str, int]], inputs: dict[str, dict[str, int]]
    ) -> Section:
        rows = [
            self._loop_closure_row(
                _("All"),
                _("All initiatives serving the strategy"),
                self._loop_closure(events["all"], inputs["all"]),
            )
        ]
        rows.extend(
            self._loop_closure_row(u.code, u.name, self._loop_closure(events[u.key], inputs[u.key]))
            for u in self.units
        )
        table = Table(
            key="loop_closure",
            title=_("Loop closure per goal"),
            columns=[
                Column("code", _("Code")),
                Column("name", _("Main goal or priority area")),
                Column("input", _("Input items"), COUNT),
                Column("assessed", _("Assessed input"), COUNT),
                Column("share_assessed", _("Share assessed"), PERCENT),
                Column("answered", _("Answered input"), COUNT),
                Column("share_answered", _("Share answered"), PERCENT),
                Column("judgeable", _("Events whose feedback can be judged"), COUNT),
                Column("on_time", _("Feedback on time"), COUNT),
                Column("share_on_time", _("Share with feedback on time"), PERCENT),
                Column("overdue", _("Feedback overdue"), COUNT),
            ],
            rows=rows,
            chart=Chart(
                title=_("Loop closure per goal (percent)"),
                label_column="code",
                value_columns=["share_assessed", "share_answered", "share_on_time"],
            ),
        )
        return Section(
            key="loop_closure",
            title=_("Loop closure"),
            tables=[table],
            intro=_(
                "What was done with residents' input from the period's events, and whether "
                "they heard back in time."
            ),
        )

    # --- indicators --------------------------------------------------------------------------

    def _latest_values(self, period: Period) -> QuerySet[IndicatorValue]:
        """Each municipality's approved value per indicator for `period`: from the strategy's
        reporting period that ends last within it; of two ending the same day, one lying within
        `period` before one reaching back before it, then the longer."""
        within = ExpressionWrapper(
            Q(period__start_date__gte=period.start), output_field=BooleanField()
        )
        values = IndicatorValue.objects.filter(
            status=IndicatorValue.Status.APPROVED,
            period__strategy=self.strategy,
            period__end_date__gte=period.start,
            period__end_date__lte=period.end,
        ).annotate(within=within)
        same_end = Q(period__end_date=OuterRef("period__end_date"))
        better = values.filter(
            Q(period__end_date__gt=OuterRef("period__end_date"))
            | (same_end & Q(within__gt=OuterRef("within")))
            | (
                same_end
                & Q(
                    within=OuterRef("within"), period__start_date__lt=OuterRef("period__start_date")
                )
            ),
            municipality=OuterRef("municipality"),
            indicator=OuterRef("indicator"),
        )
        return values.filter(~Exists(better)).order_by()

    def _indicators_section(self) -> tuple[Section, int]:
        """Indicator values against baseline, target, the previous period, the region and the
        country. Three queries (four in a national report); returns the section and the number
        of approved values counted in scope."""
        indicators = list(
            Indicator.objects.filter(strategy=self.strategy).select_related(
                "goal", "priority_area", "sub_goal__priority_area"
            )
        )
        position: dict[tuple[bool, int | None], int] = {
            (u.is_goal, u.pk): i for i, u in enumerate(self.units)
        }

        def place(indicator: Indicator) -> tuple[int, str]:
            """Where the indicator hangs: its goal unit's position and the code shown."""
            key: tuple[bool, int | None]
            if indicator.sub_goal is not None:
                key, code = (False, indicator.sub_goal.priority_area_id), indicator.sub_goal.code
            elif indicator.priority_area is not None:
                key, code = (False, indicator.priority_area_id), indicator.priority_area.code
            elif indicator.goal is not None:
                key, code = (True, indicator.goal_id), indicator.goal.code
            else:
                return len(position), ""
            return position.get(key, len(position)), code

        indicators.sort(key=lambda i: (place(i)[0], i.code))

        in_scope = Q(municipality__in=self.municipality_ids)
        yes = Q(value__gte=1)
        current = (
            self._latest_values(self.period)
            .values("indicator", "municipality__region")
            .annotate(
                n=keyed_count("indicator_value"),
                total=Sum("value"),
                yes=keyed_count("indicator_value", filter=yes),
                key=dc.fingerprint(),
                scope_n=keyed_count("indicator_value", filter=in_scope),
                scope_total=Sum("value", filter=in_scope),
                scope_yes=keyed_count("indicator_value", filter=in_scope & yes),
                scope_key=dc.fingerprint(filter=in_scope),
            )
            .order_by()
        )
        previous: dict[Any, Mapping[str, Any]] = {
            row["indicator"]: row
            for row in self._latest_values(self.period.previous())
            .filter(in_scope)
            .values("indicator")
            .annotate(
                n=keyed_count("indicator_value"),
                total=Sum("value"),
                yes=keyed_count("indicator_value", filter=yes),
                key=dc.fingerprint(),
            )
            .order_by()
        }
        scope_figures: dict[int, dict[str, Any]] = {}
        national: dict[int, dict[str, Any]] = {}
        regional: dict[tuple[int, int | None], Mapping[str, Any]] = {}
        for row in current:
            regional[row["indicator"], row["municipality__region"]] = row
            indicator_id = row["indicator"]
            _add(national.setdefault(indicator_id, {}), row, ["n", "total", "yes", "key"])
            mine = {
                "n": row["scope_n"],
                "total": row["scope_total"],
                "yes": row["scope_yes"],
                "key": row["scope_key"],
            }
            _add(scope_figures.setdefault(indicator_id, {}), mine, ["n", "total", "yes", "key"])

        if self.scope.region is not None:
            region_id: int | None = self.scope.region.pk
        elif self.scope.municipality is not None:
            region_id = self.scope.municipality.region_id
        else:
            region_id = None

        rows: list[Row] = []
        value_count = 0
        for indicator in indicators:
            mine = scope_figures.get(indicator.pk, {})
            value_count += mine.get("n", 0)
            region_cell = (
                self.combined(indicator, regional.get((indicator.pk, region_id)), others=True)
                if region_id is not None
                else None
            )
            rows.append(
                [
                    indicator.name,
                    place(indicator)[1],
                    str(indicator.get_unit_display()),
                    str(indicator.get_direction_display()),
                    _number(indicator.baseline),
                    _number(indicator.target),
                    self.combined(indicator, mine),
                    self.combined(indicator, previous.get(indicator.pk)),
                    region_cell,
                    self.combined(indicator, national.get(indicator.pk), others=True),
                    self.count(mine.get("n", 0)),
                ]
            )
        tables = [
            Table(
                key="indicators",
                title=_("Indicator values"),
                columns=[
                    Column("indicator", _("Indicator")),
                    Column("goal", _("Goal or area")),
                    Column("unit", _("Unit")),
                    Column("direction", _("Direction")),
                    Column("baseline", _("Baseline"), NUMBER),
                    Column("target", _("Target"), NUMBER),
                    Column("value", _("Value"), NUMBER),
                    Column("previous", _("Previous period"), NUMBER),
                    Column("regional", _("Regional figure"), NUMBER),
                    Column("national", _("National figure"), NUMBER),
                    Column("reporting", _("Municipalities reporting"), COUNT),
                ],
                rows=rows,
                note=_(
                    "Approved values only. Counts and NOK are summed over the municipalities, "
                    "percentages and rates averaged, and yes/no is the percentage answering yes."
                ),
            )
        ]
        if self.scope.kind == ReportScope.national().kind:
            regions = list(Region.objects.order_by("name"))
            tables.append(
                Table(
                    key="indicators_by_region",
                    title=_("Indicator values by Husbanken region"),
                    columns=[
                        Column("indicator", _("Indicator")),
                        Column("unit", _("Unit")),
                        *(Column(f"r{r.pk}", r.name, NUMBER) for r in regions),
                    ],
                    rows=[
                        [
                            indicator.name,
                            str(indicator.get_unit_display()),
                            *(
                                self.combined(indicator, regional.get((indicator.pk, r.pk)))
                                for r in regions
                            ),
                        ]
                        for indicator in indicators
                    ],
                )
            )
        section = Section(
            key="indicators",
            title=_("Indicators"),
            tables=tables,
            intro=_(
                "The approved values of the strategy's indicators for the period, against the "
                "baseline, the target, the previous period and the regional and national figures."
            ),
        )
        return section, value_count

    def combined(
        self, indicator: Indicator, figures: Mapping[str, Any] | None, *, others: bool = False
    ) -> Cell:
        """The municipalities' values combined by the indicator's unit (see the appendix).

        `others`: the figure covers municipalities beyond the report's own (the regional and
        national comparison), so it is protected even in a municipality's own report. Counts
        (the yes answers and their whole, a sum of unit count) are perturbed; averages of
        percentages and rates, and sums in NOK, are magnitudes: withheld over fewer than 5
        (published) municipalities, else perturbed (`disclosure.magnitude`)."""
        protect = self.suppress or others
        n = (figures or {}).get("n") or 0
        if n == 0:
            return None
        assert figures is not None
        total = Decimal(figures["total"] or 0)
        key = figures["key"] or 0
        if indicator.unit == Unit.YES_NO:
            yes = figures["yes"] or 0
            return dc.share(yes, n, (Decimal(yes) * 100 / n).quantize(Decimal("1")), protect)
        if indicator.unit in (Unit.PERCENT, Unit.RATE):
            mean = (total / n).quantize(Decimal("0.1"))
            return dc.magnitude(
                mean, n, f"indicator_mean:{indicator.pk}", key, protect, Decimal("0.1")
            )
        if indicator.unit == Unit.COUNT:
            return dc.total(total, f"indicator_sum:{indicator.pk}", key, protect)
        return dc.magnitude(total, n, f"indicator_sum:{indicator.pk}", key, protect)

    # --- success criteria --------------------------------------------------------------------

    def _criteria_section(self) -> Section:
        """Self-assessment against Husbanken's, per criterion, for the year the period ends.
        Two queries."""
        criteria = list(SuccessCriterion.objects.filter(strategy=self.strategy).order_by("order"))
        year = self.period.end.year
        figures = {
            (row["criterion"], row["assessor"]): row
            for row in SuccessCriterionAssessment.objects.filter(
                municipality__in=self.municipality_ids,
                criterion__strategy=self.strategy,
                year=year,
            )
            .values("criterion", "assessor")
            .annotate(n=keyed_count("assessment"), total=Sum("rating"))
            .order_by()
        }
        rows: list[Row] = []
        for criterion in criteria:
            row: Row = [criterion.name]
            for assessor in SuccessCriterionAssessment.Assessor.values:
                found: Mapping[str, Any] = figures.get((criterion.pk, assessor), {})
                n = found.get("n", 0)
                row += [self.count(n), dc.mean_rating(found.get("total") or 0, n, self.suppress)]
            rows.append(row)
        table = Table(
            key="criteria",
            title=_("Success-criteria profile %(year)s") % {"year": year},
            columns=[
                Column("criterion", _("Success criterion")),
                Column("self_n", _("Self-assessments"), COUNT),
                Column("self_mean", _("Mean self-assessment"), NUMBER),
                Column("adviser_n", _("Husbanken's assessments"), COUNT),
                Column("adviser_mean", _("Mean of Husbanken's assessments"), NUMBER),
            ],
            rows=rows,
            note=(
                _(
                    "Ratings: 1 not started, 2 under development, 3 established, 4 anchored and lasting."
                )
                if criteria
                else _("The strategy has no success criteria.")
            ),
            chart=Chart(
                title=_("Mean rating per success criterion"),
                label_column="criterion",
                value_columns=["self_mean", "adviser_mean"],
            )
            if criteria
            else None,
        )
        return Section(key="criteria", title=_("Success criteria"), tables=[table])

    # --- commitments and risk flags ----------------------------------------------------------

    def _programme_section(self) -> tuple[Section, dict[str, int]]:
        """Commitments by municipality and risk flags by kind. Two queries."""
        start, end, today = self.period.start, self.period.end, self.today
        is_open = Commitment.open_filter()
        closed_in_period = ~is_open & Q(closed_on__gte=start, closed_on__lte=end)
        commitment_figures = (
            Commitment.objects.filter(municipality__in=self.municipality_ids)
            .values("municipality__name", "municipality__number")
            .annotate(
                open=keyed_count("commitment", filter=is_open),
                overdue=keyed_count("commitment", filter=Commitment.overdue_filter(today)),
                closed=keyed_count("commitment", filter=closed_in_period),
                listed=Count("pk", filter=is_open | closed_in_period),
            )
            .order_by("municipality__name", "municipality__number")
        )
        if not self.suppress:
            # A protected report lists every municipality with commitments, so that being
            # listed does not tell that a hidden count is at least 1.
            commitment_figures = commitment_figures.filter(listed__gt=0)
        commitments = list(commitment_figures)
        figure_names = ["open", "overdue", "closed"]
        totals: dict[str, int] = {}
        commitment_raw: list[list[Any]] = []
        for row in commitments:
            _add(totals, row, figure_names)
            commitment_raw.append(
                [
                    row["municipality__number"],
                    row["municipality__name"],
                    row["open"],
                    row["overdue"],
                    row["closed"],
                ]
            )
        commitment_rows = [[*row[:2], *(self.count(v) for v in row[2:])] for row in commitment_raw]
        if self.suppress:
            total_row: Row = ["", _("Total")]
            total_row += [self.count(totals.get(name, 0)) for name in figure_names]
            commitment_rows.append(total_row)

        flags: dict[Any, Mapping[str, Any]] = {
            row["kind"]: row
            for row in RiskFlag.objects.filter(municipality__in=self.municipality_ids)
            .values("kind")
            .annotate(
                open=keyed_count("risk_flag", filter=Q(closed_on__isnull=True)),
                raised=keyed_count("risk_flag", filter=Q(raised_on__gte=start, raised_on__lte=end)),
                closed=keyed_count("risk_flag", filter=Q(closed_on__gte=start, closed_on__lte=end)),
            )
            .order_by()
        }
        flag_names = ["open", "raised", "closed"]
        flag_raw: list[list[Any]] = [
            [str(kind.label), *((flags.get(kind.value) or {}).get(n, 0) for n in flag_names)]
            for kind in RiskFlag.Kind
        ]
        flag_rows = [[row[0], *(self.count(v) for v in row[1:])] for row in flag_raw]
        flag_totals = {
            name: sum(row[i] for row in flag_raw) for i, name in enumerate(flag_names, 1)
        }
        flag_rows.append([_("Total"), *(self.count(flag_totals[name]) for name in flag_names)])

        section = Section(
            key="programme",
            title=_("Programme commitments and risk flags"),
            tables=[
                Table(
                    key="commitments",
                    title=_("Commitments by municipality"),
                    columns=[
                        Column("number", _("Municipality number")),
                        Column("municipality", _("Municipality")),
                        Column("open", _("Open"), COUNT),
                        Column("overdue", _("Overdue"), COUNT),
                        Column("closed", _("Closed in the period"), COUNT),
                    ],
                    rows=commitment_rows,
                    note=_(
                        "Commitments from meetings; municipalities with none open and none "
                        "closed in the period are left out. Open and overdue at the data cut-off."
                    ),
                ),
                Table(
                    key="risks",
                    title=_("Risk flags by kind"),
                    columns=[
                        Column("kind", _("Kind")),
                        Column("open", _("Open"), COUNT),
                        Column("raised", _("Raised in the period"), COUNT),
                        Column("closed", _("Closed in the period"), COUNT),
                    ],
                    rows=flag_rows,
                ),
            ],
        )
        return section, {
            "commitments_open": totals.get("open", 0),
            "commitments_overdue": totals.get("overdue", 0),
            "flags_open": flag_totals["open"],
        }

    # --- the long lists ----------------------------------------------------------------------

    def _municipality_list(self) -> Table:
        """One row per municipality of a region or national report (current ones, and former
        ones with any initiative: whether a former one is listed does not depend on the
        report's own figures). Five grouped queries; at most one figure per municipality in the
        country is held."""
        municipalities = (
            Municipality.objects.filter(pk__in=self.municipality_ids)
            .filter(Q(valid_to__isnull=True) | Q(pk__in=Initiative.objects.values("municipality")))
            .order_by("name", "number")
            .values_list("pk", "number", "name", "region__name")
        )
        initiative_counts = dict(
            self.initiatives.values("municipality")
            .annotate(n=keyed_count("initiative"))
            .order_by()
            .values_list("municipality", "n")
        )
        event_figures: dict[Any, Mapping[str, Any]] = {
            row["initiative__municipality"]: row
            for row in self.events.values("initiative__municipality")
            .annotate(**self.event_conditions())
            .order_by()
        }
        people_counts = dict(
            self.counts.values("event__initiative__municipality")
            .annotate(n=keyed_sum("people", "count"))
            .order_by()
            .values_list("event__initiative__municipality", "n")
        )
        input_figures: dict[Any, Mapping[str, Any]] = {
            row["event__initiative__municipality"]: row
            for row in self.inputs.values("event__initiative__municipality")
            .annotate(**self.input_conditions())
            .order_by()
        }
        national = self.scope.kind == ReportScope.national().kind
        no_events = dict.fromkeys(EVENT_FIGURES, 0)
        no_input = dict.fromkeys(INPUT_FIGURES, 0)

        def generate() -> Iterator[Row]:
            for pk, number, name, region in municipalities.iterator(chunk_size=CHUNK_SIZE):
                lc = self._loop_closure(
                    event_figures.get(pk, no_events), input_figures.get(pk, no_input)
                )
                counts = [
                    initiative_counts.get(pk, 0),
                    lc.events_total,
                    people_counts.get(pk) or 0,
                    lc.input_total,
                ]
                head = [number, name, region or ""] if national else [number, name]
                yield [
                    *head,
                    *(self.count(n) for n in counts),
                    self.share(lc.input_assessed, lc.input_total, lc.share_assessed),
                    self.share(lc.input_answered, lc.input_total, lc.share_answered),
                    self.share(lc.events_on_time, lc.events_judgeable, lc.share_on_time),
                ]

        row_count = self.sink("municipalities", generate())
        return Table(
            key="municipalities",
            title=_("Municipalities"),
            columns=[
                Column("number", _("Municipality number")),
                Column("municipality", _("Municipality")),
                *([Column("region", _("Husbanken region"))] if national else []),
                Column("initiatives", _("Initiatives"), COUNT),
                Column("events", _("Involvement events"), COUNT),
                Column("people", _("People reached"), COUNT),
                Column("input", _("Input items"), COUNT),
                Column("share_assessed", _("Share assessed"), PERCENT),
                Column("share_answered", _("Share answered"), PERCENT),
                Column("share_on_time", _("Share with feedback on time"), PERCENT),
            ],
            stored=True,
            row_count=row_count,
        )

    def _initiative_list(self) -> Table:
        """Every initiative serving the strategy, streamed from one query in chunks (in a
        municipality's own report only)."""
        start, end = self.period.start, self.period.end

        def codes(link: Any, code: str, order: tuple[str, ...], **strategy: Any) -> Subquery:
            return Subquery(
                link.objects.filter(initiative=OuterRef("pk"), **strategy)
                .order_by()
                .values("initiative")
                .annotate(codes=_joined(code, order))
                .values("codes")
            )

        event_count = (
            InvolvementEvent.objects.filter(self.in_period, initiative=OuterRef("pk"))
            .order_by()
            .values("initiative")
            .annotate(n=Count("pk"))
            .values("n")
        )
        people = (
            ParticipantCount.objects.filter(
                event__initiative=OuterRef("pk"), event__date__gte=start, event__date__lte=end
            )
            .order_by()
            .values("event__initiative")
            .annotate(n=Sum("count"))
            .values("n")
        )
        rows = (
            self.initiatives.annotate(
                goal_codes=codes(
                    GoalLink,
                    "goal__code",
                    ("goal__order", "goal__code"),
                    goal__strategy=self.strategy,
                ),
                area_codes=codes(
                    AreaLink,
                    "priorityarea__code",
                    ("priorityarea__order", "priorityarea__code"),
                    priorityarea__strategy=self.strategy,
                ),
                event_count=Coalesce(Subquery(event_count, output_field=IntegerField()), 0),
                people=Coalesce(Subquery(people, output_field=IntegerField()), 0),
            )
            .order_by("municipality__name", "municipality__number", "reference")
            .values_list(
                "municipality_id",
                "municipality__number",
                "municipality__name",
                "reference",
                "name",
                "status",
                "goal_codes",
                "area_codes",
                "event_count",
                "people",
            )
        )
        status_labels = {value: str(label) for value, label in Initiative.Status.choices}

        def generate() -> Iterator[Row]:
            # Only in a municipality's own report: its figures are shown exactly.
            for (
                _pk,
                number,
                name,
                reference,
                title,
                status,
                goal_codes,
                area_codes,
                event_n,
                people_n,
            ) in rows.iterator(chunk_size=CHUNK_SIZE):
                yield [
                    number,
                    name,
                    reference,
                    title,
                    status_labels.get(status, status),
                    ", ".join(c for c in (goal_codes, area_codes) if c),
                    self.count(event_n),
                    self.count(people_n),
                ]

        row_count = self.sink("initiatives", generate())
        return Table(
            key="initiatives",
            title=_("Initiatives"),
            columns=[
                Column("number", _("Municipality number")),
                Column("municipality", _("Municipality")),
                Column("reference", _("Reference")),
                Column("name", _("Initiative")),
                Column("status", _("Status")),
                Column("goals", _("Goals and areas served")),
                Column("events", _("Involvement events"), COUNT),
                Column("people", _("People reached"), COUNT),
            ],
            stored=True,
            row_count=row_count,
        )

    # --- summary -----------------------------------------------------------------------------

    def _summary_section(
        self,
        initiatives: dict[str, int],
        events: dict[str, dict[str, int]],
        inputs: dict[str, dict[str, int]],
        people: dict[str, int],
        value_count: int,
        programme: dict[str, int],
    ) -> Section:
        lc = self._loop_closure(events["all"], inputs["all"])
        rows: list[Row] = [
            [_("Municipalities with initiatives"), self.count(initiatives["municipalities"]), None],
            [_("Initiatives serving the strategy"), self.count(initiatives["all"]), None],
            [
                _("Initiatives not linked to the strategy"),
                self.count(initiatives["unlinked"]),
                None,
            ],
            [_("Involvement events"), self.count(lc.events_total), None],
            [_("People reached"), self.count(people["all"]), None],
            [_("Input items"), self.count(lc.input_total), None],
            [
                _("Assessed input"),
                self.count(lc.input_assessed),
                self.share(lc.input_assessed, lc.input_total, lc.share_assessed),
            ],
            [
                _("Answered input"),
                self.count(lc.input_answered),
                self.share(lc.input_answered, lc.input_total, lc.share_answered),
            ],
            [
                _("Events with feedback on time"),
                self.count(lc.events_on_time),
                self.share(lc.events_on_time, lc.events_judgeable, lc.share_on_time),
            ],
            [_("Events with feedback overdue"), self.count(lc.events_overdue), None],
            [_("Approved indicator values"), self.count(value_count), None],
            [_("Open commitments"), self.count(programme["commitments_open"]), None],
            [_("Overdue commitments"), self.count(programme["commitments_overdue"]), None],
            [_("Open risk flags"), self.count(programme["flags_open"]), None],
        ]
        table = Table(
            key="summary",
            title=_("Key figures"),
            columns=[
                Column("figure", _("Figure")),
                Column("number", _("Number"), COUNT),
                Column("share", _("Share"), PERCENT),
            ],
            rows=rows,
            note=_(
                "Shares: of all input items; for feedback on time, of the events whose feedback "
                "can be judged."
            ),
        )
        return Section(key="summary", title=_("Summary"), tables=[table])


def _number(value: Decimal | None) -> Cell:
    return None if value is None else dc.number(value)


def _key(kind: str, code: str) -> str:
    """A column key for a goal or area, e.g. goal_1, area_1_1 (codes are unique per kind)."""
    return kind + "_" + re.sub(r"\W", "_", code)


def _level_label(level: str) -> str:
    return {
        "individual": _("Individual level"),
        "collective": _("Collective level"),
        "system": _("System level"),
    }[level]
