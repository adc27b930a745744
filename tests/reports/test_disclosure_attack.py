"""The attack test of the reports' disclosure control (participation/reports/disclosure.py).

For the demo data and for three generated datasets (other seeds, and rows numbered from 1 or
from random starts, since the noise follows the ids of the counted rows), it makes every report a
region viewer and a municipal user can see (their region's report, the national report, the
municipality's own report with its regional and national comparison; on the generated datasets
for a random sample of regions and municipalities, to keep the test quick), collects every
visible number with its identity (what it counts, for which place), and plays an attacker who
knows the method and its parameters but not the key: each perturbed number only tells them that
its true value lies within `disclosure.bounds`. The attacker then tries every subtraction of a
visible total and its visible parts (the events and people by method and by form among them),
within one report, between the tables of a report and across reports (region total against the
national report's parts, national total against the region's total and the other
municipalities, a municipality's own exact figures against its region's and the nation's, a
year's figures against its two half-years'), and keeps narrowing what each figure can be until
nothing changes.

The true counts come from the database: each municipality's own report (exact, checked cell by
cell in test_figures.py), or the report's own queries and the places' reports with protection
off, and direct queries. The test fails if any true count from 1 to 4 of a municipality the user
may not see in full, or of an aggregate including one, comes out certain; as a check on the
attacker itself, if any true value ever falls outside what the attacker concluded; and, as a
check that the figures are really perturbed, if the share of protected figures shown as they
are strays far from the method's 5/11.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone, translation

from participation.involvement.models import Initiative, InvolvementEvent
from participation.places.models import Indicator, Municipality, Region, Strategy
from participation.programme.models import Commitment, IndicatorValue, RiskFlag
from participation.reports import disclosure
from participation.reports.document import SUPPRESSED, WITHHELD, Cell, MemoryRows, ReportDocument
from participation.reports.figures import _Builder, build_report
from participation.reports.params import Period, ReportScope

pytestmark = pytest.mark.django_db

MEASURES = ("initiatives", "events", "people", "input")
SUMMARY_ROWS = {
    "Initiatives serving the strategy": "initiatives",
    "Involvement events": "events",
    "People reached": "people",
    "Input items": "input",
}
LIST_COLUMNS = {
    "initiatives": "initiatives",
    "events": "events",
    "people": "people",
    "input": "input",
}

Identity = tuple[Any, ...]
Interval = tuple[float, float]
INF = math.inf


@dataclass
class Report:
    document: ReportDocument
    rows: MemoryRows

    def table_rows(self, key: str) -> list[list[Cell]]:
        table = self.document.table(key)
        return [list(r) for r in self.document.iter_rows(table, self.rows.read)]

    def columns(self, key: str) -> list[str]:
        return [c.key for c in self.document.table(key).columns]

    def has(self, key: str) -> bool:
        return any(t.key == key for t in self.document.tables())


def make(scope: ReportScope, period: Period, strategy: Strategy, today: datetime.date) -> Report:
    rows = MemoryRows()
    with translation.override("en"):
        document = build_report(scope, period, strategy, today=today, sink=rows.write)
    return Report(document, rows)


@dataclass
class Attacker:
    """What one user can tell about each figure, and the sums that tie figures together."""

    known: dict[Identity, Interval] = field(default_factory=dict)
    shown: dict[Identity, Cell] = field(default_factory=dict)
    relations: list[tuple[Identity, list[Identity]]] = field(default_factory=list)
    # The period of the reports being read: the first part of every identity seen or related.
    period: str = ""

    def see(self, identity: Identity, cell: Cell, *, exact: bool = False) -> None:
        """A visible number: exact (the user's own figures) or protected."""
        if cell is None or cell == WITHHELD:
            return
        identity = (self.period, *identity)
        if exact:
            assert isinstance(cell, int | float), (identity, cell)
            interval: Interval = (float(cell), float(cell))
        else:
            # The method's first promise: no protected figure is ever shown as 1 to 4.
            assert not (isinstance(cell, int | float) and 0 < cell < 5), (identity, cell)
            # The same figure is shown the same everywhere, or it could be averaged.
            if identity in self.shown:
                assert self.shown[identity] == cell, (identity, self.shown[identity], cell)
            self.shown[identity] = cell
            found = disclosure.bounds(cell)
            assert found is not None
            interval = (float(found[0]), float(found[1]))
        self.narrow(identity, interval)

    def narrow(self, identity: Identity, interval: Interval) -> bool:
        lo, hi = interval
        old = self.known.get(identity, (0.0, float("inf")))
        new = (max(old[0], lo), min(old[1], hi))
        if new != old:
            self.known[identity] = new
            return True
        return False

    def relate(self, total: Identity, parts: Iterable[Identity]) -> None:
        self.relations.append(((self.period, *total), [(self.period, *p) for p in parts]))

    def attack(self) -> None:
        """Every subtraction of a total and its parts, repeated until nothing narrows: each part
        lies within the total's interval minus the others' sum, the total within the parts'.
        Bounds may be infinite (the noise has no largest size)."""
        for _round in range(20):
            changed = False
            for total, parts in self.relations:
                get = self.interval
                lo = sum(get(p)[0] for p in parts)
                finite_hi = sum(h for p in parts if (h := get(p)[1]) != INF)
                unbounded = sum(1 for p in parts if get(p)[1] == INF)
                changed |= self.narrow(total, (lo, INF if unbounded else finite_hi))
                t_lo, t_hi = get(total)
                for part in parts:
                    p_lo, p_hi = get(part)
                    rest_lo = lo - p_lo
                    if p_hi == INF:
                        rest_hi = INF if unbounded > 1 else finite_hi
                    else:
                        rest_hi = INF if unbounded else finite_hi - p_hi
                    part_lo = -INF if rest_hi == INF else t_lo - rest_hi
                    changed |= self.narrow(part, (part_lo, t_hi - rest_lo))
            if not changed:
                return

    def interval(self, identity: Identity) -> Interval:
        return self.known.get(identity, (0.0, float("inf")))


@dataclass
class World:
    """The dataset's reports for one strategy and period, and the true figures."""

    strategy: Strategy
    period: Period
    today: datetime.date
    national: Report
    regions: dict[int, Report]  # the regions whose viewers attack
    own: dict[int, Report]  # the municipalities whose users attack
    members: dict[int, list[int]]  # region → its municipalities
    region_of: dict[int, int | None]
    truth: dict[Identity, float]
    # The same places' reports with protection off (when not every municipality with
    # initiatives attacks, so that their own reports do not give every true figure).
    exact: dict[Identity, Report] = field(default_factory=dict)


class ExactScope(ReportScope):
    """A region or national report's scope with protection off: the true figures, read on
    the test's side only."""

    @property
    def suppressed(self) -> bool:
        return False


def build_world(
    strategy: Strategy,
    period: Period,
    today: datetime.date,
    *,
    sample: random.Random | None = None,
) -> World:
    """Every report the attackers read. Without `sample`, every viewer of a region with
    initiatives and every municipal user of a municipality with initiatives attacks; with it,
    the viewers of `SAMPLED_REGIONS` such regions and the users of `SAMPLED_USERS` such
    municipalities, drawn from it."""
    with_records = sorted(set(Initiative.objects.values_list("municipality", flat=True)))
    municipalities = {m.pk: m for m in Municipality.objects.all()}
    region_of = {pk: m.region_id for pk, m in municipalities.items()}
    members: dict[int, list[int]] = defaultdict(list)
    for pk, m in municipalities.items():
        if m.region_id is not None:
            members[m.region_id].append(pk)
    # A viewer of a region without records sees "<5" in its report, and the national report
    # every other viewer reads: only regions with records are attacked from.
    region_ids = sorted({rid for m in with_records if (rid := region_of[m]) is not None})
    users = with_records
    if sample is not None:
        region_ids = sorted(sample.sample(region_ids, min(SAMPLED_REGIONS, len(region_ids))))
        users = sorted(sample.sample(with_records, min(SAMPLED_USERS, len(with_records))))
    own = {
        m: make(ReportScope.for_municipality(municipalities[m]), period, strategy, today)
        for m in users
    }
    regions = {
        r.pk: make(ReportScope.for_region(r), period, strategy, today)
        for r in Region.objects.filter(pk__in=region_ids)
    }
    national = make(ReportScope.national(), period, strategy, today)
    world = World(strategy, period, today, national, regions, own, members, region_of, {})
    if sample is not None:
        national_kind = ReportScope.national().kind
        world.exact[("N",)] = make(ExactScope(national_kind), period, strategy, today)
        for r in Region.objects.filter(pk__in=region_ids):
            scope = ReportScope.for_region(r)
            world.exact[("R", r.pk)] = make(
                ExactScope(scope.kind, region=r), period, strategy, today
            )
    with translation.override("en"):  # the reports' labels
        world.truth = true_figures(world)
    return world


# A generated dataset is attacked by a sample of its users (every report costs about a second).
SAMPLED_REGIONS = 2
SAMPLED_USERS = 4


def true_figures(world: World) -> dict[Identity, float]:
    """Every figure the attacker may aim at, from the database: each municipality's own exact
    report (or the report's own queries, and the places' reports with protection off) and
    direct queries, summed over places."""
    truth: dict[Identity, float] = defaultdict(float)
    places = {("N",): list(world.region_of)} | {("R", r): ms for r, ms in world.members.items()}
    if world.exact:
        truth |= municipality_figures(world)
        for place, report in world.exact.items():
            for key, value in own_cells(report).items():
                truth[("cell", place, *key)] = value
    for m, report in world.own.items():
        for row in report.table_rows("summary"):
            if row[0] in SUMMARY_ROWS:
                truth["m", m, SUMMARY_ROWS[row[0]]] = float(row[1] or 0)  # type: ignore[arg-type]
        if world.exact:
            continue
        cells = own_cells(report)
        for place, ms in places.items():
            if m in ms:
                for key, value in cells.items():
                    truth[("cell", place, *key)] += value
    for place, ms in places.items():
        for measure in MEASURES:
            truth["place", place, measure] = sum(truth.get(("m", m, measure), 0) for m in ms)
    for place, report in world.exact.items():  # the two sources of truth agree
        for row in report.table_rows("summary"):
            if row[0] in SUMMARY_ROWS:
                assert truth["place", place, SUMMARY_ROWS[row[0]]] == float(row[1] or 0)  # type: ignore[arg-type]
    # Indicators of unit count: each municipality's approved value of the latest reporting
    # period ending within the period (of two ending the same day, one within the period, then
    # the longer), summed over places.
    latest: dict[tuple[int, int], tuple[Any, float, str]] = {}
    for m, indicator, name, amount, start, end in IndicatorValue.objects.filter(
        status=IndicatorValue.Status.APPROVED,
        indicator__strategy=world.strategy,
        indicator__unit=Indicator.Unit.COUNT,
        period__strategy=world.strategy,
        period__end_date__gte=world.period.start,
        period__end_date__lte=world.period.end,
    ).values_list(
        "municipality",
        "indicator",
        "indicator__name",
        "value",
        "period__start_date",
        "period__end_date",
    ):
        rank = (end, start >= world.period.start, -start.toordinal())
        if (m, indicator) not in latest or rank > latest[m, indicator][0]:
            latest[m, indicator] = (rank, float(amount), name)
    for name in Indicator.objects.filter(
        strategy=world.strategy, unit=Indicator.Unit.COUNT
    ).values_list("name", flat=True):
        for place in places:
            truth["ind", place, name] = 0.0
    for (m, _indicator), (_rank, latest_value, name) in latest.items():
        truth["ind_m", m, name] = latest_value
        truth["ind", ("N",), name] += latest_value
        if world.region_of[m] is not None:
            truth["ind", ("R", world.region_of[m]), name] += latest_value
    # Commitments and risk flags straight from the database.
    start, end, today = world.period.start, world.period.end, world.today
    is_open = Q(status=Commitment.Status.OPEN)
    for figures in Commitment.objects.values("municipality").annotate(
        open=Count("pk", filter=is_open),
        overdue=Count("pk", filter=is_open & Q(due_date__lt=today)),
        closed=Count("pk", filter=~is_open & Q(closed_on__gte=start, closed_on__lte=end)),
    ):
        for name in ("open", "overdue", "closed"):
            truth["commitment", figures["municipality"], name] = float(dict(figures)[name])  # type: ignore[arg-type]
    for place, ms in places.items():
        flags = RiskFlag.objects.filter(municipality__in=ms)
        for kind in RiskFlag.Kind:
            of_kind = flags.filter(kind=kind)
            truth["flag", place, str(kind.label), "open"] = of_kind.filter(
                closed_on__isnull=True
            ).count()
            truth["flag", place, str(kind.label), "raised"] = of_kind.filter(
                raised_on__gte=start, raised_on__lte=end
            ).count()
            truth["flag", place, str(kind.label), "closed"] = of_kind.filter(
                closed_on__gte=start, closed_on__lte=end
            ).count()
        for name in ("open", "raised", "closed"):
            truth["flag", place, "Total", name] = sum(
                truth["flag", place, str(k.label), name] for k in RiskFlag.Kind
            )
        for name in ("open", "overdue", "closed"):
            truth["commitments", place, name] = sum(
                truth.get(("commitment", m, name), 0) for m in ms
            )
    return dict(truth)


def municipality_figures(world: World) -> dict[Identity, float]:
    """Each municipality's initiatives, events, people and input in the national report's
    municipality list, exactly: the report's own queries (figures.py, checked by hand in
    test_figures.py), grouped by municipality."""
    builder = _Builder(
        ReportScope.national(),
        world.period,
        world.strategy,
        world.today,
        MemoryRows().write,
        None,
        timezone.now(),
    )
    grouped = {
        "initiatives": builder.initiatives.values_list("municipality").annotate(n=Count("pk")),
        "events": builder.events.values_list("initiative__municipality").annotate(n=Count("pk")),
        "people": builder.counts.values_list("event__initiative__municipality").annotate(
            n=Sum("count")
        ),
        "input": builder.inputs.values_list("event__initiative__municipality").annotate(
            n=Count("pk")
        ),
    }
    return {
        ("m", m, measure): float(n or 0)
        for measure, rows in grouped.items()
        for m, n in rows.order_by()
    }


# Tables whose cells add up across municipalities: the goals, the people by target group, the
# intended influence, and the events and people by method and by form (channel).
ADDITIVE_TABLES = ("target_groups", "influence", "goals", "methods", "channels")


def own_cells(report: Report) -> dict[Identity, float]:
    """The count cells of the tables that add up across municipalities, keyed by (table, row,
    column): exact in a municipality's own report."""
    cells: dict[Identity, float] = {}
    for table in ADDITIVE_TABLES:
        columns = report.columns(table)
        first = 2 if table == "goals" else 1
        for row in report.table_rows(table):
            for key, value in zip(columns[first:], row[first:], strict=True):
                cells[table, row[0], key] = float(value or 0)  # type: ignore[arg-type]
    return cells


# --- what each user sees -------------------------------------------------------------------------


def see_protected(attacker: Attacker, world: World, report: Report, place: Identity) -> None:
    """A region or national report: every count, with its identity and the sums it is part of."""
    doc = report.document
    # The method's third promise: no list to count hidden per-municipality figures from (no
    # initiatives, no events, no input).
    assert not report.has("initiatives")
    assert not report.has("event_list")
    assert not report.has("event_input")
    for row in report.table_rows("summary"):
        if row[0] in SUMMARY_ROWS:
            attacker.see(("place", place, SUMMARY_ROWS[row[0]]), row[1])
    # The municipality list: each municipality's own figures.
    columns = report.columns("municipalities")
    numbers = dict(Municipality.objects.values_list("number", "pk"))
    listed = []
    for row in report.table_rows("municipalities"):
        m = numbers[str(row[0])]
        listed.append(m)
        for measure in MEASURES:
            attacker.see(("m", m, measure), row[columns.index(LIST_COLUMNS[measure])])
    for measure in MEASURES:
        attacker.relate(("place", place, measure), [("m", m, measure) for m in listed])
    # The breakdown tables, each against the totals it adds up to.
    for table in ADDITIVE_TABLES:
        cols = report.columns(table)
        first = 2 if table == "goals" else 1
        for row in report.table_rows(table):
            for key, value in zip(cols[first:], row[first:], strict=True):
                attacker.see(("cell", place, table, row[0], key), value)
    groups = [row[0] for row in report.table_rows("target_groups")]
    influences = [row[0] for row in report.table_rows("influence")]
    attacker.relate(
        ("place", place, "people"), [("cell", place, "target_groups", g, "all") for g in groups]
    )
    for measure, column in (
        ("initiatives", "initiatives"),
        ("events", "events"),
        ("people", "people"),
    ):
        attacker.relate(
            ("place", place, measure), [("cell", place, "influence", i, column) for i in influences]
        )
    # Every event has one method and one form: their rows add up to the events and the people.
    for table in ("methods", "channels"):
        labels = [row[0] for row in report.table_rows(table)]
        for measure in ("events", "people"):
            attacker.relate(
                ("place", place, measure),
                [("cell", place, table, label, measure) for label in labels],
            )
    goal_codes = {row[0] for row in report.table_rows("goals")}
    for column in report.columns("target_groups")[2:]:
        code = column.split("_", 1)[1].replace("_", ".")
        if code in goal_codes:
            attacker.relate(
                ("cell", place, "goals", code, "people"),
                [("cell", place, "target_groups", g, column) for g in groups],
            )
            attacker.relate(
                ("cell", place, "goals", code, "initiatives"),
                [("cell", place, "influence", i, column) for i in influences],
            )
    # Risk flags by kind against their total; commitments by municipality against theirs.
    for row in report.table_rows("risks"):
        for name, value in zip(("open", "raised", "closed"), row[1:], strict=True):
            attacker.see(("flag", place, row[0], name), value)
    kinds = [row[0] for row in report.table_rows("risks") if row[0] != "Total"]
    for name in ("open", "raised", "closed"):
        attacker.relate(("flag", place, "Total", name), [("flag", place, k, name) for k in kinds])
    with_commitments = []
    for row in report.table_rows("commitments"):
        for name, value in zip(("open", "overdue", "closed"), row[2:], strict=True):
            if row[0]:
                attacker.see(("commitment", numbers[str(row[0])], name), value)
            else:
                attacker.see(("commitments", place, name), value)
        if row[0]:
            with_commitments.append(numbers[str(row[0])])
    for name in ("open", "overdue", "closed"):
        attacker.relate(
            ("commitments", place, name), [("commitment", m, name) for m in with_commitments]
        )
    # Indicators of unit count: the report's own figure, the regional and national ones.
    units = dict(Indicator.objects.filter(strategy=world.strategy).values_list("name", "unit"))
    for row in report.table_rows("indicators"):
        if units.get(str(row[0])) != Indicator.Unit.COUNT:
            continue
        attacker.see(("ind", place, row[0]), row[6])
        attacker.see(("ind", ("N",), row[0]), row[9])
        if place[0] == "R":
            attacker.see(("ind", place, row[0]), row[8])
    if doc.meta["scope_kind"] == "national":
        by_region = report.document.table("indicators_by_region")
        region_ids = [int(c.key[1:]) for c in by_region.columns[2:]]
        for row in by_region.rows:
            if units.get(str(row[0])) != Indicator.Unit.COUNT:
                continue
            for r, value in zip(region_ids, row[2:], strict=True):
                attacker.see(("ind", ("R", r), row[0]), value)
            attacker.relate(
                ("ind", ("N",), row[0]), [("ind", ("R", r), row[0]) for r in region_ids]
            )


def see_own(attacker: Attacker, world: World, m: int) -> None:
    """A municipality's own report: its own figures exact, its region's and the nation's
    protected, and the sums tying them together."""
    report = world.own[m]
    for row in report.table_rows("summary"):
        if row[0] in SUMMARY_ROWS:
            attacker.see(("m", m, SUMMARY_ROWS[row[0]]), row[1], exact=True)
    for key, value in own_cells(report).items():
        attacker.see(("cell", ("M", m), *key), value, exact=True)
        # The nation's cell is this municipality's plus everybody else's.
        attacker.relate(("cell", ("N",), *key), [("cell", ("M", m), *key), ("rest", m, *key)])
    region = world.region_of[m]
    units = dict(Indicator.objects.filter(strategy=world.strategy).values_list("name", "unit"))
    for row in report.table_rows("indicators"):
        if units.get(str(row[0])) != Indicator.Unit.COUNT:
            continue
        if row[6] is not None:
            attacker.see(("ind_m", m, row[0]), row[6], exact=True)
        if region is not None:
            attacker.see(("ind", ("R", region), row[0]), row[8])
            attacker.relate(
                ("ind", ("R", region), row[0]),
                [("ind_m", m, row[0]), ("ind_rest", m, row[0])],
            )
        attacker.see(("ind", ("N",), row[0]), row[9])
    for row in report.table_rows("commitments"):
        for name, cell in zip(("open", "overdue", "closed"), row[2:], strict=True):
            attacker.see(("commitment", m, name), cell, exact=True)


def rest_truth(world: World, m: int, identity: Identity) -> float | None:
    """The true value of an identity made up for one user's attack (everybody but them)."""
    if identity[0] == "rest":
        key = identity[2:]
        national = world.truth.get(("cell", ("N",), *key), 0.0)
        return national - own_cells(world.own[m]).get(key, 0.0)
    if identity[0] == "ind_rest":
        region = world.region_of[m]
        return world.truth.get(("ind", ("R", region), identity[2]), 0.0) - world.truth.get(
            ("ind_m", m, identity[2]), 0.0
        )
    return None


def check(
    attacker: Attacker,
    worlds: dict[str, World],
    own: int | None,
    who: str,
    published: dict[Identity, tuple[float, Cell]],
) -> int:
    """Run the attack; fail on any certain count from 1 to 4 the user may not see in full.
    Returns how many hidden counts from 1 to 4 were aimed at; adds each protected figure seen,
    with its true value, to `published`."""
    attacker.attack()
    aimed = 0
    problems = []
    for (period, *rest), (lo, hi) in attacker.known.items():
        world, identity = worlds[period], tuple(rest)
        if own is not None and (
            identity[:2] in {("m", own), ("ind_m", own), ("commitment", own)}
            or identity[:2] == ("cell", ("M", own))
        ):
            continue  # the user's own figures
        true = rest_truth(world, own, identity) if own is not None else None
        if true is None:
            # Figures of places and municipalities with no initiatives are 0; every other
            # figure aimed at must have its true value worked out.
            if identity[0] in {"m", "cell", "place", "commitment", "ind_m"}:
                true = world.truth.get(identity, 0.0)
            else:
                true = world.truth[identity]
        # The attacker's reasoning is sound: the truth is always within what they concluded.
        assert lo - 1e-9 <= true <= hi + 1e-9, (who, identity, true, (lo, hi))
        if (period, *rest) in attacker.shown:
            published[period, *rest] = (true, attacker.shown[period, *rest])
        if 0 < true < 5:
            aimed += 1
            if hi - lo < 1e-9:
                problems.append((period, identity, true))
    assert not problems, f"{who} recovers hidden counts: {problems}"
    return aimed


# Figures that add up over periods (by the events' dates): a year's are its half-years' sums.
PERIOD_ADDITIVE = {
    "target_groups": None,  # every column
    "influence": {"events", "people"},
    "goals": {"events", "people", "input"},
    "methods": None,
    "channels": None,
}


def relate_periods(attacker: Attacker, whole: str, parts: list[str]) -> int:
    """Across reports of different periods: each figure of the whole period that adds up over
    time is the sum of the same figure in its parts. Returns how many sums were added."""
    attacker.period = ""
    added = 0
    for identity in list(attacker.known):
        period, kind, *rest = identity
        if period != whole:
            continue
        if kind in {"place", "m"}:
            additive = rest[-1] in {"events", "people", "input"}
        elif kind == "cell":
            columns = PERIOD_ADDITIVE.get(rest[1], set())
            additive = rest[1] in PERIOD_ADDITIVE and (columns is None or rest[3] in columns)
        else:
            additive = False
        if additive:
            attacker.relate(identity, [(part, kind, *rest) for part in parts])
            added += 1
    return added


def attack_everyone(
    worlds: dict[str, World], whole: str | None = None
) -> tuple[int, dict[Identity, tuple[float, Cell]]]:
    """Every region viewer and every municipal user, reading the reports of every period in
    `worlds`; with `whole`, the other periods are its parts. Returns how many hidden counts
    from 1 to 4 were aimed at, and every protected figure seen with its true value."""
    parts = [label for label in worlds if label != whole]
    first = next(iter(worlds.values()))
    aimed = 0
    published: dict[Identity, tuple[float, Cell]] = {}
    for region in first.regions:
        viewer = Attacker()
        for label, world in worlds.items():
            viewer.period = label
            see_protected(viewer, world, world.regions[region], ("R", region))
            see_protected(viewer, world, world.national, ("N",))
            # Across the two reports: the nation is the region plus every other municipality.
            outside = [m for m in world.region_of if m not in world.members[region]]
            for measure in MEASURES:
                viewer.relate(
                    ("place", ("N",), measure),
                    [("place", ("R", region), measure), *(("m", m, measure) for m in outside)],
                )
        if whole is not None:
            assert relate_periods(viewer, whole, parts) > 0
        aimed += check(viewer, worlds, None, f"viewer of region {region}", published)
    for m in first.own:
        user = Attacker()
        for label, world in worlds.items():
            user.period = label
            see_own(user, world, m)
            see_protected(user, world, world.national, ("N",))
        if whole is not None:
            assert relate_periods(user, whole, parts) > 0
        aimed += check(user, worlds, m, f"municipal user of {m}", published)
    return aimed, published


def assert_perturbed(published: dict[Identity, tuple[float, Cell]]) -> None:
    """The figures are really perturbed, as the method says: of the protected figures with a
    true value of at least 5, about 5/11 are shown as they are (noise 0) and the rest with noise
    either way (or as "<5"). A count published exactly by mistake would add to the first share
    and escape the attacker above, who reads every protected figure by `disclosure.bounds`."""
    noises = [
        shown - true if isinstance(shown, int | float) else None
        for true, shown in published.values()
        if true >= 5
    ]
    assert len(noises) >= 100, len(noises)
    unchanged = sum(1 for n in noises if n == 0) / len(noises)
    expected = float(disclosure.noise_probability(0))
    # Five standard deviations of a share of at least 100 figures (0.05 each) either way.
    assert abs(unchanged - expected) < 0.25, (unchanged, expected, len(noises))
    assert any(n is not None and n < 0 for n in noises)
    assert any(n is not None and n > 0 for n in noises)


def strategy_in_use() -> Strategy:
    link = Initiative.goals.through
    top = (
        link.objects.values("goal__strategy")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("goal__strategy", flat=True)
        .first()
    )
    assert top is not None
    return Strategy.objects.get(pk=top)


def busiest_periods(kinds: Iterable[str]) -> list[Period]:
    """For each kind, the period with the most involvement events."""
    periods = []
    dates = list(InvolvementEvent.objects.values_list("date", flat=True))
    for kind in kinds:
        tally: dict[Period, int] = defaultdict(int)
        for day in dates:
            tally[Period.containing(kind, day)] += 1
        periods.append(max(tally, key=lambda p: (tally[p], p.start)))
    return periods


def test_the_demo_data_gives_no_small_count_away() -> None:
    """The busiest year and its two half-years: each period's reports, and the year against
    the sum of its halves."""
    call_command("load_demo", "--force", verbosity=0)
    today = timezone.localdate()
    strategy = strategy_in_use()
    (year,) = busiest_periods(["year"])
    first_half = Period.containing("half_year", year.start)
    periods = [year, first_half, Period.containing("half_year", year.end)]
    assert first_half.end < periods[2].start
    worlds = {p.label: build_world(strategy, p, today) for p in periods}
    aimed, published = attack_everyone(worlds, whole=year.label)
    assert aimed > 0  # the demo has small counts to aim at
    assert_perturbed(published)


def _number_new_rows(rng: random.Random | None) -> None:
    """Number the rows generated next: from 1 as on a fresh database (`rng` None), or from a
    random start in each table of records.

    The cell keys follow the ids of the counted rows, so the noise depends on them: each
    dataset below is attacked with other ids, and the method must hold for any."""
    from participation.core.models import domain_models

    with connection.cursor() as cursor:
        for model in domain_models():
            if model._meta.app_label not in {"involvement", "programme"}:
                continue
            table = model._meta.db_table
            if rng is None:
                if model._default_manager.exists():
                    continue
                cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), 1, false)", [table])
            else:
                quoted = connection.ops.quote_name(table)
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                    f"GREATEST(%s, (SELECT COALESCE(MAX(id), 0) + 1 FROM {quoted})), false)",
                    [table, rng.randrange(1, 10**9)],
                )


# Each generated dataset: the generator's seed, its scale, and how its rows are numbered (None:
# from 1, else the seed of random starts). The smaller ones have more small counts to aim at.
GENERATED = [(2026, 0.002, None), (7, 0.002, 11), (4242, 0.001, 12345)]


@pytest.mark.parametrize(("seed", "scale", "ids"), GENERATED)
def test_a_generated_dataset_gives_no_small_count_away(
    seed: int, scale: float, ids: int | None
) -> None:
    _number_new_rows(None if ids is None else random.Random(ids))
    call_command("generate_scale", scale=scale, seed=seed, verbosity=0)
    strategy = strategy_in_use()
    (period,) = busiest_periods(["year"])
    today = period.end + datetime.timedelta(days=30)
    world = build_world(strategy, period, today, sample=random.Random(seed))
    aimed, published = attack_everyone({period.label: world})
    assert aimed > 0
    if len(published) >= 300:
        assert_perturbed(published)


def test_the_attacker_recovers_what_exact_figures_give_away() -> None:
    """The attacker is not toothless: with exact region and national figures (as before this
    method), a region total minus its other municipality's figure gives a count of 1 back."""
    attacker = Attacker()
    attacker.see(("place", ("R", 1), "events"), 7, exact=True)
    attacker.see(("m", 1, "events"), 6, exact=True)
    attacker.see(("m", 2, "events"), SUPPRESSED)
    attacker.relate(("place", ("R", 1), "events"), [("m", 1, "events"), ("m", 2, "events")])
    attacker.attack()
    assert attacker.interval(("", "m", 2, "events")) == (1.0, 1.0)


def test_noise_of_a_largest_size_gave_a_count_away_this_noise_does_not() -> None:
    """What the old method (noise of at most ±2) let through, and this one does not: a user
    with 4 events sees the region's figure, truly 5 and shown as 5, and a figure over the same
    other municipality with their own 6, truly 7 and shown as 5 (noise −2). With noise of at
    most ±2 the first says the other has at least 5 − 4 = 1, the second at most 7 − 6 = 1."""
    old = Attacker()
    old.see(("own", "a"), 4, exact=True)
    old.see(("own", "b"), 6, exact=True)
    old.narrow(("", "total", "a"), (max(5, 5 - 2), 5 + 2))
    old.narrow(("", "total", "b"), (max(5, 5 - 2), 5 + 2))
    old.relate(("total", "a"), [("own", "a"), ("other",)])
    old.relate(("total", "b"), [("own", "b"), ("other",)])
    old.attack()
    assert old.interval(("", "other")) == (1.0, 1.0)

    new = Attacker()
    new.see(("own", "a"), 4, exact=True)
    new.see(("own", "b"), 6, exact=True)
    new.see(("total", "a"), 5)
    new.see(("total", "b"), 5)
    new.relate(("total", "a"), [("own", "a"), ("other",)])
    new.relate(("total", "b"), [("own", "b"), ("other",)])
    new.attack()
    assert new.interval(("", "other")) == (1.0, math.inf)


# --- the advisers' region overview and its exports -------------------------------------------


def test_the_region_overview_shows_only_municipalities_seen_in_full(
    client, log_in, adviser_nord, staff_bodo, viewer_bodo, region_nord
) -> None:  # type: ignore[no-untyped-def]
    """The region's overview of prioritised sub-goals and its CSV and XLSX exports are for
    advisers and admins, who see every municipality of their scope in full: a region viewer
    and municipal staff never get it, and an adviser gets only municipalities in their scope,
    with their exact figures (the number of approved indicator values per sub-goal)."""
    from participation.accounts.models import RoleAssignment
    from participation.places.models import SubGoal
    from participation.programme.models import ProgrammeAgreement

    call_command("load_demo", "--force", verbosity=0)
    region_viewer = get_user_model().objects.create_user(username="region-viewer")
    RoleAssignment.objects.create(
        user=region_viewer, role=RoleAssignment.Role.VIEWER, region=region_nord
    )
    urls = [
        reverse("participation:region-dashboard", args=[region_nord.code]),
        reverse("participation:region-export-csv", args=[region_nord.code]),
        reverse("participation:region-export-xlsx", args=[region_nord.code]),
    ]
    for user in (region_viewer, staff_bodo, viewer_bodo):
        log_in(client, user)
        for url in urls:
            assert client.get(url).status_code in (403, 404), (user, url)

    log_in(client, adviser_nord)
    response = client.get(urls[1])
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header, body = rows[0], rows[1:]
    in_scope = set(
        Municipality.objects.filter(region=region_nord, agreements__isnull=False).values_list(
            "number", flat=True
        )
    )
    assert body
    assert {row[0] for row in body} == in_scope
    # Exact figures: count each municipality's approved values under each sub-goal.
    names = {s.name: s for s in SubGoal.objects.all()}
    for row in body:
        municipality = Municipality.objects.get(number=row[0])
        assert ProgrammeAgreement.objects.filter(municipality=municipality).exists()
        for column in range(3, len(header), 2):
            sub_goal = names[header[column].rsplit(":", 1)[0]]
            approved = (
                IndicatorValue.objects.filter(
                    municipality=municipality,
                    status=IndicatorValue.Status.APPROVED,
                    indicator__sub_goal=sub_goal,
                )
                .values("indicator")
                .distinct()
                .count()
            )
            assert int(row[column]) == approved
