"""A national-scale synthetic dataset for the report benchmark.

All 357 current municipalities, from 1 January 2017 to 30 September 2026 (`FIRST_DAY`,
`DATA_END`): the strategy *Bolig for velferd* for 2017–2020, *Alle trenger et trygt hjem* from
2021. At `--scale 1` the dataset holds, exactly (`VOLUMES` × scale, rounded):

    initiatives            20 000   spread over municipalities by size (population ** 0.8)
    involvement events    300 000   spread over initiatives by how long they ran in the window
                                    (none for planned ones)
    input items         1 000 000   spread over events (log-normal weights: some get none)
    indicator values      500 000   a random sample of every (municipality, indicator, ended
                                    period) cell: about 96 % reported at scale 1
    meetings               12 000   programme municipalities (the 50 largest) hold more
    commitments            30 000   spread over meetings
    risk flags              4 000
    criterion profiles      3 500   (municipality, year, assessor), six ratings each

and, about: 2 participant counts per event (1 to 4 target-group × role cells), 1–3 themes per
event, 1–3 target groups, 1–2 forms, 1–2 goals (and priority areas) per initiative, factor
assessments on a quarter of the initiatives. Reporting periods (years and quarters) and 23
example indicators per strategy (about 30 each with the reference data's) are added once, not
scaled. Then (participation/demo/synthetic/programme_audit.py) populations where the reference
data has none, programme agreements with their checklists and sub-goals and programme people (not
scaled: about 90 % of the programme municipalities), and about 1.9 million audit-log entries at
scale 1 for the rows written, linked into the audit chain. Every row that has the flag is
`is_example=True`; nothing names a person.

The same seed and scale give the same rows (primary keys aside), on any machine and day, given
the same reference data and no earlier rows (a second run fills the indicator cells and
assessment years still free, and numbers its initiatives on from the last reference).
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import math
import random
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction

from participation.demo.synthetic import phrases, programme_audit
from participation.demo.synthetic.bulk import BulkLoader, TableWriter, noon_utc
from participation.involvement.models import (
    FactorAssessment,
    Initiative,
    Input,
    InvolvementEvent,
    ParticipantCount,
)
from participation.places.data.reference import ALLE_TRENGER_ET_TRYGT_HJEM, BOLIG_FOR_VELFERD
from participation.places.models import (
    Factor,
    Goal,
    Indicator,
    Method,
    Municipality,
    ParticipationForm,
    PriorityArea,
    Strategy,
    SuccessCriterion,
    TargetGroup,
    Theme,
)
from participation.programme.models import (
    Commitment,
    Grant,
    IndicatorValue,
    Meeting,
    ProgrammeAgreement,
    ProgrammeContact,
    ReportingPeriod,
    RiskFlag,
    SuccessCriterionAssessment,
)

FIRST_DAY = datetime.date(2017, 1, 1)
DATA_END = datetime.date(2026, 9, 30)
# Initiatives start from a year before the window, so some are already running in 2017.
FIRST_START = datetime.date(2016, 1, 1)
LAST_START = datetime.date(2026, 6, 30)
# Bolig for velferd until 2020, Alle trenger et trygt hjem from 2021.
SECOND_STRATEGY_FROM = 2021
PROGRAMME_MUNICIPALITIES = 50

VOLUMES: dict[str, int] = {
    "initiatives": 20_000,
    "events": 300_000,
    "inputs": 1_000_000,
    "indicator_values": 500_000,
    "meetings": 12_000,
    "commitments": 30_000,
    "risk_flags": 4_000,
    "criterion_profiles": 3_500,
}

# The tables the dataset writes, for the safety check and for ANALYZE.
DATA_MODELS: list[type[models.Model]] = [
    Initiative,
    InvolvementEvent,
    ParticipantCount,
    Input,
    FactorAssessment,
    IndicatorValue,
    Meeting,
    Commitment,
    RiskFlag,
    SuccessCriterionAssessment,
]
# Models holding work that may be real: the command will not mix the dataset with it.
FLAGGED_MODELS: list[type[models.Model]] = [
    Initiative,
    InvolvementEvent,
    Input,
    IndicatorValue,
    Meeting,
    RiskFlag,
    SuccessCriterionAssessment,
    Grant,
    ProgrammeAgreement,
]

Progress = Callable[[str], None]


def planned(scale: float) -> dict[str, int]:
    """The exact number of rows of each main kind at `scale` (indicator values are capped by
    the number of cells there are to fill)."""
    return {name: round(volume * scale) for name, volume in VOLUMES.items()}


def non_example_counts() -> dict[str, int]:
    """Rows of work that is not marked as example data (and programme contacts other than the
    generator's, whose names end in its mark: contacts have no flag), by model: what the dataset
    must not be mixed with."""
    counts = {
        str(model._meta.verbose_name_plural): model._default_manager.filter(  # type: ignore[attr-defined]
            is_example=False
        ).count()
        for model in FLAGGED_MODELS
    }
    # The generator's own programme people are named by role with a mark (no person's name).
    counts[str(ProgrammeContact._meta.verbose_name_plural)] = ProgrammeContact.objects.exclude(
        name__endswith=programme_audit.CONTACT_MARK
    ).count()
    return {name: count for name, count in counts.items() if count}


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` into whole numbers proportional to `weights` (largest remainder): the parts
    always add up to `total` exactly."""
    whole = math.fsum(weights)
    if total <= 0 or whole <= 0:
        return [0] * len(weights)
    quotas = [w * total / whole for w in weights]
    parts = [int(q) for q in quotas]
    short = total - sum(parts)
    by_remainder = sorted(range(len(weights)), key=lambda i: (parts[i] - quotas[i], i))
    for i in by_remainder[:short]:
        parts[i] += 1
    return parts


# --- reference rows ------------------------------------------------------------------------


@dataclass
class _Municipality:
    id: int
    number: str
    region_id: int | None
    population: int
    weight: float


@dataclass
class _Refs:
    municipalities: list[_Municipality]
    target_groups: list[int]
    forms: list[int]
    methods: list[tuple[int, str, str]]  # id, code, name
    themes: list[tuple[int, str, str]]  # id, code, name
    factors: list[int]
    strategies: dict[str, Strategy]
    # strategy code → main goals (id, kind) and priority areas (id, goal id or None)
    goals: dict[str, list[tuple[int, str]]]
    priority_areas: dict[str, list[tuple[int, int | None]]]
    criteria: list[int]


def _population(name: str, number: str) -> int:
    if name in phrases.LARGE_MUNICIPALITIES:
        return phrases.LARGE_MUNICIPALITIES[name]
    # A repeatable size for the rest, independent of the seed: log-normal around 4 500.
    rng = random.Random(f"population:{number}")
    return int(min(25_000, max(200, rng.lognormvariate(math.log(4_500), 0.9))))


def _load_refs() -> _Refs:
    municipalities = []
    for m in Municipality.objects.current().order_by("number"):
        population = _population(m.name, m.number)
        municipalities.append(
            _Municipality(m.pk, m.number, m.region_id, population, population**0.8)
        )
    strategies = {
        s.code: s
        for s in Strategy.objects.filter(code__in=[BOLIG_FOR_VELFERD, ALLE_TRENGER_ET_TRYGT_HJEM])
    }
    goals: dict[str, list[tuple[int, str]]] = {code: [] for code in strategies}
    for goal in Goal.objects.filter(strategy__in=strategies.values()).order_by("strategy", "order"):
        goals[goal.strategy.code].append((goal.pk, goal.kind))
    areas: dict[str, list[tuple[int, int | None]]] = {code: [] for code in strategies}
    for area in PriorityArea.objects.filter(strategy__in=strategies.values()).order_by(
        "strategy", "order"
    ):
        areas[area.strategy.code].append((area.pk, area.goal_id))
    return _Refs(
        municipalities=municipalities,
        target_groups=list(
            TargetGroup.objects.order_by("order", "code").values_list("pk", flat=True)
        ),
        forms=list(
            ParticipationForm.objects.order_by("order", "code").values_list("pk", flat=True)
        ),
        methods=list(
            Method.objects.filter(is_active=True)
            .order_by("order", "code")
            .values_list("pk", "code", "name")
        ),
        themes=list(Theme.objects.order_by("order", "code").values_list("pk", "code", "name")),
        factors=list(Factor.objects.order_by("code").values_list("pk", flat=True)),
        strategies=strategies,
        goals=goals,
        priority_areas=areas,
        criteria=list(
            SuccessCriterion.objects.filter(strategy__code=BOLIG_FOR_VELFERD)
            .order_by("order")
            .values_list("pk", flat=True)
        ),
    )


def _columns(model: type[models.Model], *names: str) -> list[str]:
    return [model._meta.get_field(name).column for name in names]  # type: ignore[union-attr,misc]


def _m2m(
    model: type[models.Model], name: str, loader: BulkLoader, after: TableWriter
) -> TableWriter:
    m2m = model._meta.get_field(name)
    return loader.writer(
        m2m.remote_field.through,  # type: ignore[union-attr]
        [m2m.m2m_column_name(), m2m.m2m_reverse_name()],  # type: ignore[union-attr]
        after=[after],
    )


AUDIT = ("created_at", "updated_at", "created_by", "updated_by")


def _audit(day: datetime.date) -> tuple[Any, ...]:
    moment = noon_utc(day)
    return (moment, moment, None, None)


def _cumulative(weights: Sequence[float]) -> list[float]:
    return list(itertools.accumulate(weights))


def _clip(day: datetime.date) -> datetime.date | None:
    """A date that is still in the dataset's past, or None."""
    return day if day <= DATA_END else None


DAY = datetime.timedelta(days=1)


# --- the generator -------------------------------------------------------------------------


@dataclass
class _Initiative:
    id: int
    municipality: _Municipality
    first: datetime.date  # the window in which its events fall
    last: datetime.date
    target_groups: list[int]
    planned: bool  # not started in earnest: no events yet


@dataclass
class Generator:
    scale: float
    seed: int
    progress: Progress = field(default=lambda message: None)

    def run(self) -> dict[str, int]:
        """Write the dataset in one transaction; return the rows written per table."""
        self.rng = random.Random(self.seed)
        self.targets = planned(self.scale)
        refs = _load_refs()
        self.refs = refs
        with transaction.atomic():
            loader = BulkLoader(connection)
            self.loader = loader
            marks = programme_audit.high_water_marks()
            periods = self._reporting_periods()
            indicators = self._indicators()
            initiatives = self._initiatives()
            # Each step's rows are all written before the next step's rows point at them.
            loader.flush_all()
            self._events(initiatives)
            loader.flush_all()
            self._factor_assessments(initiatives)
            self._indicator_values(periods, indicators)
            self._programme()
            loader.flush_all()
            self._programme_people_and_audit(marks)
        counts = {writer.table: writer.count for writer in loader.writers}
        counts["programme_reportingperiod (total)"] = ReportingPeriod.objects.filter(
            strategy__in=refs.strategies.values()
        ).count()
        counts["places_municipality (populations filled)"] = self.populations_filled
        counts["places_indicator (total)"] = Indicator.objects.filter(
            strategy__in=refs.strategies.values()
        ).count()
        return counts

    def _programme_people_and_audit(self, marks: dict[str, int]) -> None:
        """Populations, agreements and programme people, then the audit entries of this run's
        rows (participation/demo/synthetic/programme_audit.py)."""
        self.populations_filled = programme_audit.fill_populations(self)
        programme_audit.write_agreements(
            self, programme_municipalities=PROGRAMME_MUNICIPALITIES, data_end=DATA_END
        )
        self.loader.flush_all()
        programme_audit.write_audit_entries(self, marks, data_end=DATA_END)
        self.loader.flush_all()

    # --- reference-like rows, made once ----------------------------------------------------

    def _strategy_of_year(self, year: int) -> Strategy:
        code = BOLIG_FOR_VELFERD if year < SECOND_STRATEGY_FROM else ALLE_TRENGER_ET_TRYGT_HJEM
        return self.refs.strategies[code]

    def _reporting_periods(self) -> list[ReportingPeriod]:
        """Years and quarters from 2017 to 2026 under the strategy of their year."""
        periods = []
        for year in range(FIRST_DAY.year, DATA_END.year + 1):
            strategy = self._strategy_of_year(year)
            spans = [(ReportingPeriod.Kind.YEAR, str(year), 1, 12)]
            spans += [
                (ReportingPeriod.Kind.QUARTER, f"{q}. kvartal {year}", 3 * q - 2, 3 * q)
                for q in range(1, 5)
            ]
            for kind, name, first_month, last_month in spans:
                start = datetime.date(year, first_month, 1)
                end = _month_end(year, last_month)
                deadline = end + datetime.timedelta(days=60)
                if end > DATA_END:
                    status = ReportingPeriod.Status.PLANNED
                elif deadline > DATA_END:
                    status = ReportingPeriod.Status.OPEN
                else:
                    status = ReportingPeriod.Status.CLOSED
                period, _ = ReportingPeriod.objects.get_or_create(
                    strategy=strategy,
                    kind=kind,
                    start_date=start,
                    defaults={
                        "name": name,
                        "end_date": end,
                        "deadline": deadline,
                        "status": status,
                    },
                )
                periods.append(period)
        self.progress(f"reporting periods: {len(periods)}")
        return periods

    def _indicators(self) -> dict[int, list[tuple[Indicator, phrases.IndicatorProfile]]]:
        """Each strategy's indicators with the profile their values follow (strategy id →)."""
        result: dict[int, list[tuple[Indicator, phrases.IndicatorProfile]]] = {}
        for strategy in self.refs.strategies.values():
            for extra in phrases.EXTRA_INDICATORS:
                baseline = target = None
                if extra.unit in (Indicator.Unit.PERCENT, Indicator.Unit.RATE):
                    baseline = Decimal(f"{extra.profile.typical:.2f}")
                    target = Decimal(f"{min(100.0, extra.profile.typical * 1.25):.2f}")
                Indicator.objects.get_or_create(
                    strategy=strategy,
                    code=extra.code,
                    defaults={
                        "name": extra.name,
                        "description": phrases.EXTRA_INDICATOR_NOTE,
                        "unit": extra.unit,
                        "direction": extra.direction,
                        "baseline": baseline,
                        "baseline_year": 2020 if baseline is not None else None,
                        "target": target,
                        "is_example": True,
                    },
                )
            profiles = {e.code: e.profile for e in phrases.EXTRA_INDICATORS}
            profiles.update(phrases.REFERENCE_PROFILES)
            result[strategy.pk] = [
                (indicator, profiles.get(indicator.code, _default_profile(indicator.unit)))
                for indicator in Indicator.objects.filter(strategy=strategy).order_by("code")
            ]
        self.progress(
            "indicators: "
            + ", ".join(f"{len(v)} for strategy {k}" for k, v in sorted(result.items()))
        )
        return result

    # --- initiatives ------------------------------------------------------------------------

    def _initiatives(self) -> list[_Initiative]:
        rng, refs, loader = self.rng, self.refs, self.loader
        count = self.targets["initiatives"]
        per_municipality = apportion(count, [m.weight for m in refs.municipalities])
        writer = loader.writer(
            Initiative,
            _columns(
                Initiative,
                "id",
                *AUDIT,
                "municipality",
                "reference",
                "name",
                "aim",
                "individual_level",
                "collective_level",
                "system_level",
                "directness",
                "intended_influence",
                "participation_description",
                "strengths",
                "success_factors",
                "challenges",
                "status",
                "start_date",
                "end_date",
                "staffing_fte",
                "is_example",
            ),
        )
        goals = _m2m(Initiative, "goals", loader, writer)
        areas = _m2m(Initiative, "priority_areas", loader, writer)
        groups = _m2m(Initiative, "target_groups", loader, writer)
        forms = _m2m(Initiative, "participation_forms", loader, writer)
        running = _last_reference_numbers()
        next_id = loader.reserve_ids(Initiative, count) if count else 0
        span = (LAST_START - FIRST_START).days
        directness = list(Initiative.Directness.values)
        initiatives = []
        for municipality, n in zip(refs.municipalities, per_municipality, strict=True):
            for _ in range(n):
                # More initiatives start in later years: the density rises towards the end.
                start = FIRST_START + datetime.timedelta(days=int(span * math.sqrt(rng.random())))
                end: datetime.date | None = start + datetime.timedelta(
                    days=366 + int(rng.expovariate(1 / 730))
                )
                assert end is not None
                if end > DATA_END:
                    end = None
                    if start > DATA_END - datetime.timedelta(days=180) and rng.random() < 0.5:
                        status = Initiative.Status.PLANNED
                    else:
                        status = rng.choices(
                            [
                                Initiative.Status.ONGOING,
                                Initiative.Status.DELAYED,
                                Initiative.Status.HALTED,
                            ],
                            [80, 12, 8],
                        )[0]
                else:
                    status = rng.choices(
                        [Initiative.Status.COMPLETED, Initiative.Status.HALTED], [88, 12]
                    )[0]
                running[municipality.number] = running.get(municipality.number, 0) + 1
                name, aim = rng.choice(phrases.INITIATIVES)
                levels = [rng.random() < 0.5, rng.random() < 0.6, rng.random() < 0.35]
                if not any(levels):
                    levels[1] = True
                writer.add(
                    (
                        next_id,
                        *_audit(start),
                        municipality.id,
                        f"{municipality.number}-{running[municipality.number]:04d}",
                        f"{name} {start.year}",
                        aim,
                        *levels,
                        rng.choices(directness, [75, 10, 15])[0],
                        rng.choices([1, 2, 3, 4, 5], [10, 30, 30, 20, 10])[0],
                        "",
                        rng.choice(phrases.STRENGTHS) if rng.random() < 0.5 else "",
                        rng.choice(phrases.SUCCESS_FACTORS) if rng.random() < 0.5 else "",
                        rng.choice(phrases.CHALLENGES) if rng.random() < 0.5 else "",
                        status,
                        start,
                        end,
                        Decimal(f"{rng.uniform(0.2, 5.0):.1f}") if rng.random() < 0.8 else None,
                        True,
                    )
                )
                target_groups = rng.sample(refs.target_groups, rng.randint(1, 3))
                for group in target_groups:
                    groups.add((next_id, group))
                for form in rng.sample(refs.forms, rng.randint(1, 2)):
                    forms.add((next_id, form))
                first, last = max(start, FIRST_DAY), min(end or DATA_END, DATA_END)
                self._goal_links(next_id, first, last, goals, areas)
                initiatives.append(
                    _Initiative(
                        next_id,
                        municipality,
                        first,
                        last,
                        target_groups,
                        planned=status == Initiative.Status.PLANNED,
                    )
                )
                next_id += 1
        self.progress(f"initiatives: {writer.count + len(writer.pending)}")
        return initiatives

    def _goal_links(
        self,
        initiative_id: int,
        first: datetime.date,
        last: datetime.date,
        goals: TableWriter,
        areas: TableWriter,
    ) -> None:
        """1–2 goals (and a priority area under them) of each strategy the initiative ran in."""
        rng = self.rng
        codes = []
        if first.year < SECOND_STRATEGY_FROM:
            codes.append(BOLIG_FOR_VELFERD)
        if last.year >= SECOND_STRATEGY_FROM:
            codes.append(ALLE_TRENGER_ET_TRYGT_HJEM)
        for code in codes:
            main = [pk for pk, kind in self.refs.goals[code] if kind == Goal.Kind.MAIN]
            chosen = rng.sample(main, rng.randint(1, 2))
            special = [pk for pk, kind in self.refs.goals[code] if kind != Goal.Kind.MAIN]
            if special and rng.random() < 0.1:
                chosen.append(special[0])
            for goal in chosen:
                goals.add((initiative_id, goal))
            candidates = [
                pk for pk, goal in self.refs.priority_areas[code] if goal is None or goal in chosen
            ]
            if candidates and rng.random() < 0.7:
                areas.add((initiative_id, rng.choice(candidates)))

    # --- events, participants and input ------------------------------------------------------

    def _events(self, initiatives: list[_Initiative]) -> None:
        rng, refs, loader = self.rng, self.refs, self.loader
        total = self.targets["events"]
        per_initiative = apportion(
            total,
            [
                0.0
                if i.planned
                else max(0.25, (i.last - i.first).days / 365) * rng.lognormvariate(0, 0.5)
                for i in initiatives
            ],
        )
        inputs_per_event = apportion(
            self.targets["inputs"], [rng.lognormvariate(0, 0.9) for _ in range(total)]
        )
        events = loader.writer(
            InvolvementEvent,
            _columns(
                InvolvementEvent,
                "id",
                *AUDIT,
                "initiative",
                "municipality",
                "title",
                "date",
                "start_time",
                "method",
                "channel",
                "description",
                "accessibility_measures",
                "expectations_clarified",
                "promise_to_participants",
                "feedback_due",
                "feedback_given",
                "feedback_how",
                "consent_noted",
                "consent_how",
                "is_example",
            ),
        )
        themes = _m2m(InvolvementEvent, "themes", loader, events)
        counts = loader.writer(
            ParticipantCount,
            _columns(ParticipantCount, "event", "target_group", "role", "count"),
            after=[events],
        )
        inputs = loader.writer(
            Input,
            _columns(
                Input,
                *AUDIT,
                "event",
                "theme",
                "summary",
                "follow_up_status",
                "follow_up_date",
                "answer",
                "answered_on",
                "is_example",
            ),
            after=[events],
        )
        method_weights = _cumulative([1 / (1 + 0.15 * i) for i in range(len(refs.methods))])
        channels = list(InvolvementEvent.Channel.values)
        channel_weights = _cumulative([65, 15, 10, 10])
        roles = list(ParticipantCount.Role.values)
        role_weights = _cumulative([50, 10, 10, 15, 3, 10, 5])  # in the order of Role
        statuses = [s for s in Input.FollowUp.values if s != Input.FollowUp.NOT_ASSESSED]
        status_weights = _cumulative([30, 20, 15, 15, 20])
        hours = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]
        hour_weights = _cumulative([4, 8, 10, 9, 7, 9, 8, 6, 7, 9, 10, 9, 4])
        event_id = loader.reserve_ids(InvolvementEvent, total) if total else 0
        n_event = 0
        report_every = max(1, total // 10)
        for initiative, n in zip(initiatives, per_initiative, strict=True):
            days = (initiative.last - initiative.first).days
            size = (initiative.municipality.population / 5_000) ** 0.15
            for _ in range(n):
                date = initiative.first + datetime.timedelta(days=rng.randint(0, days))
                method_id, method_code, method_name = rng.choices(
                    refs.methods, cum_weights=method_weights
                )[0]
                event_themes = rng.sample(refs.themes, rng.choices([1, 2, 3], [50, 35, 15])[0])
                feedback_due = feedback_given = None
                if rng.random() < 0.8:
                    feedback_due = date + datetime.timedelta(days=rng.randint(14, 60))
                    if rng.random() < 0.7:
                        if rng.random() < 0.7:
                            given = date + datetime.timedelta(
                                days=rng.randint(0, (feedback_due - date).days)
                            )
                        else:
                            given = feedback_due + datetime.timedelta(days=rng.randint(1, 90))
                        feedback_given = _clip(given)
                consent = rng.random() < 0.75
                start_time = (
                    None
                    if rng.random() < 0.15
                    else datetime.time(
                        rng.choices(hours, cum_weights=hour_weights)[0], rng.choice([0, 0, 30])
                    )
                )
                events.add(
                    (
                        event_id,
                        *_audit(date),
                        initiative.id,
                        initiative.municipality.id,
                        f"{method_name} om {event_themes[0][2][0].lower()}{event_themes[0][2][1:]}",
                        date,
                        start_time,
                        method_id,
                        rng.choices(channels, cum_weights=channel_weights)[0],
                        "",
                        rng.choice(phrases.ACCESSIBILITY) if rng.random() < 0.4 else "",
                        rng.random() < 0.65,
                        rng.choice(phrases.PROMISES) if rng.random() < 0.6 else "",
                        feedback_due,
                        feedback_given,
                        rng.choice(phrases.FEEDBACK_HOW) if feedback_given else "",
                        consent,
                        phrases.CONSENT_HOW if consent else "",
                        True,
                    )
                )
                for theme in event_themes:
                    themes.add((event_id, theme[0]))

                # Participants: counts per target group and role, never people.
                median = 5 * size * (4 if method_code == "sporreundersokelse" else 1)
                cells = set()
                for _ in range(rng.choices([1, 2, 3, 4], [30, 35, 22, 13])[0]):
                    group = (
                        rng.choice(initiative.target_groups)
                        if rng.random() < 0.7
                        else rng.choice(refs.target_groups)
                    )
                    role = rng.choices(roles, cum_weights=role_weights)[0]
                    if (group, role) in cells:
                        continue
                    cells.add((group, role))
                    count = max(1, round(rng.lognormvariate(math.log(median), 0.8)))
                    counts.add((event_id, group, role, count))

                age = (DATA_END - date).days
                open_share = 0.7 if age < 60 else 0.4 if age < 180 else 0.15
                for _ in range(inputs_per_event[n_event]):
                    theme_id, theme_code, _name = (
                        rng.choice(event_themes) if rng.random() < 0.8 else rng.choice(refs.themes)
                    )
                    summary = rng.choice(
                        phrases.INPUT_SUMMARIES.get(theme_code, phrases.GENERIC_SUMMARIES)
                    ) + rng.choice(phrases.SUMMARY_SOURCES)
                    follow_up_date = answered_on = None
                    answer = ""
                    status: str
                    if rng.random() < open_share:
                        status = Input.FollowUp.NOT_ASSESSED
                    else:
                        status = rng.choices(statuses, cum_weights=status_weights)[0]
                        follow_up_date = _clip(date + datetime.timedelta(days=rng.randint(7, 150)))
                        if rng.random() < 0.65:
                            answer = rng.choice(phrases.ANSWERS[status])
                            if follow_up_date is not None:
                                answered_on = _clip(
                                    follow_up_date + datetime.timedelta(days=rng.randint(0, 45))
                                )
                    inputs.add(
                        (
                            *_audit(date),
                            event_id,
                            theme_id,
                            summary,
                            status,
                            follow_up_date,
                            answer,
                            answered_on,
                            True,
                        )
                    )
                event_id += 1
                n_event += 1
                if n_event % report_every == 0:
                    self.progress(f"events: {n_event} of {total}")
        self.progress(
            f"events: {n_event}, participant counts: {counts.count + len(counts.pending)}, "
            f"input: {inputs.count + len(inputs.pending)}"
        )

    def _factor_assessments(self, initiatives: list[_Initiative]) -> None:
        rng = self.rng
        writer = self.loader.writer(
            FactorAssessment,
            _columns(FactorAssessment, *AUDIT, "initiative", "factor", "presence", "comment"),
        )
        presences = list(FactorAssessment.Presence.values)
        for initiative in initiatives:
            if rng.random() >= 0.25:
                continue
            for factor in rng.sample(self.refs.factors, rng.randint(2, 5)):
                writer.add(
                    (
                        *_audit(initiative.last),
                        initiative.id,
                        factor,
                        rng.choices(presences, [50, 30, 20])[0],
                        "",
                    )
                )

    # --- indicator values ------------------------------------------------------------------

    def _indicator_values(
        self,
        periods: list[ReportingPeriod],
        indicators: dict[int, list[tuple[Indicator, phrases.IndicatorProfile]]],
    ) -> None:
        """A random sample of the (period, indicator, municipality) cells of ended periods."""
        rng = self.rng
        municipalities = self.refs.municipalities
        groups = [
            (period, indicators[period.strategy_id])
            for period in periods
            if period.end_date <= DATA_END
        ]
        starts = list(
            itertools.accumulate((len(inds) * len(municipalities) for _, inds in groups), initial=0)
        )
        universe = starts[-1]

        def cell_key(cell: int) -> tuple[int, int, int]:
            g = bisect.bisect_right(starts, cell) - 1
            period, period_indicators = groups[g]
            offset = cell - starts[g]
            indicator = period_indicators[offset // len(municipalities)][0]
            return (municipalities[offset % len(municipalities)].id, indicator.pk, period.pk)

        # Cells a value already fills (an earlier run, demo data) are left as they are.
        taken = set(
            IndicatorValue.objects.filter(period__in=[p for p, _ in groups]).values_list(
                "municipality_id", "indicator_id", "period_id"
            )
        )
        free: Sequence[int] = (
            [c for c in range(universe) if cell_key(c) not in taken] if taken else range(universe)
        )
        wanted = min(self.targets["indicator_values"], len(free))
        writer = self.loader.writer(
            IndicatorValue,
            _columns(
                IndicatorValue,
                *AUDIT,
                "municipality",
                "indicator",
                "period",
                "value",
                "source",
                "status",
                "comment",
                "is_example",
            ),
        )
        Status = IndicatorValue.Status
        statuses = [Status.APPROVED, Status.SUBMITTED, Status.DRAFT, Status.RETURNED]
        closed_weights = _cumulative([92, 3, 3, 2])
        open_weights = _cumulative([35, 35, 25, 5])
        for cell in sorted(rng.sample(free, wanted)):
            g = bisect.bisect_right(starts, cell) - 1
            period, period_indicators = groups[g]
            offset = cell - starts[g]
            indicator, profile = period_indicators[offset // len(municipalities)]
            municipality = municipalities[offset % len(municipalities)]
            is_open = period.status != ReportingPeriod.Status.CLOSED
            status = rng.choices(statuses, cum_weights=open_weights if is_open else closed_weights)[
                0
            ]
            writer.add(
                (
                    *_audit(period.end_date + datetime.timedelta(days=20)),
                    municipality.id,
                    indicator.pk,
                    period.pk,
                    self._value(indicator, profile, municipality, period),
                    "Kommunens fagsystem (eksempeldata)",
                    status,
                    "Kontroller tallet mot forrige periode." if status == Status.RETURNED else "",
                    True,
                )
            )
        self.progress(f"indicator values: {wanted} of {len(free)} free cells")

    def _value(
        self,
        indicator: Indicator,
        profile: phrases.IndicatorProfile,
        municipality: _Municipality,
        period: ReportingPeriod,
    ) -> Decimal:
        rng = self.rng
        year = period.start_date.year
        trend = (1 + profile.drift) ** (year - 2021)
        unit = indicator.unit
        if unit == Indicator.Unit.PERCENT:
            share = min(100.0, max(0.0, profile.typical * trend + rng.gauss(0, 8)))
            return Decimal(f"{share:.1f}")
        if unit == Indicator.Unit.RATE:
            return Decimal(f"{profile.typical * trend * rng.uniform(0.6, 1.4):.2f}")
        if unit == Indicator.Unit.YES_NO:
            # Stable per municipality: once adopted, it stays adopted.
            threshold = zlib.crc32(f"{municipality.number}:{indicator.code}".encode()) / 2**32
            chance = profile.typical + profile.drift * (year - FIRST_DAY.year)
            return Decimal(1 if threshold < chance else 0)
        base = (
            profile.typical
            if profile.absolute
            else profile.typical * municipality.population / 1000
        )
        value = base * trend * rng.uniform(0.75, 1.25)
        if period.kind == ReportingPeriod.Kind.QUARTER and profile.flow:
            value /= 4
        return Decimal(round(value))

    # --- the programme: meetings, commitments, risks, success criteria -----------------------

    def _programme(self) -> None:
        rng, refs, loader = self.rng, self.refs, self.loader
        municipalities = refs.municipalities
        largest = sorted(range(len(municipalities)), key=lambda i: -municipalities[i].weight)
        programme = set(largest[:PROGRAMME_MUNICIPALITIES])
        by_region: dict[int | None, list[int]] = {}
        for i, m in enumerate(municipalities):
            by_region.setdefault(m.region_id, []).append(i)
        weights = _cumulative(
            [m.weight * (4 if i in programme else 1) for i, m in enumerate(municipalities)]
        )
        indices = list(range(len(municipalities)))
        days = (DATA_END - FIRST_DAY).days

        meetings = loader.writer(
            Meeting,
            _columns(
                Meeting,
                "id",
                *AUDIT,
                "kind",
                "title",
                "date",
                "participants",
                "minutes",
                "is_example",
            ),
        )
        meeting_places = _m2m(Meeting, "municipalities", loader, meetings)
        count = self.targets["meetings"]
        meeting_id = loader.reserve_ids(Meeting, count) if count else 0
        kinds = list(Meeting.Kind.values)
        planned_meetings: list[tuple[int, str, datetime.date, list[int]]] = []
        for _ in range(count):
            kind = rng.choices(kinds, [45, 20, 10, 15, 10])[0]
            date = FIRST_DAY + datetime.timedelta(days=rng.randint(0, days))
            host = rng.choices(indices, cum_weights=weights)[0]
            places = [host]
            if kind in (Meeting.Kind.REGIONAL, Meeting.Kind.NETWORK):
                neighbours = [i for i in by_region[municipalities[host].region_id] if i != host]
                places += rng.sample(neighbours, min(len(neighbours), rng.randint(1, 5)))
            meetings.add(
                (
                    meeting_id,
                    *_audit(date),
                    kind,
                    f"{phrases.MEETING_TITLES[kind]} {date.year}",
                    date,
                    rng.choice(phrases.MEETING_PARTICIPANTS),
                    "",
                    True,
                )
            )
            for i in places:
                meeting_places.add((meeting_id, municipalities[i].id))
            planned_meetings.append((meeting_id, kind, date, places))
            meeting_id += 1

        commitments = loader.writer(
            Commitment,
            _columns(
                Commitment,
                *AUDIT,
                "meeting",
                "municipality",
                "description",
                "responsible",
                "responsible_name",
                "due_date",
                "status",
                "note",
                "closed_on",
                "last_reminded_on",
            ),
            after=[meetings],
        )
        kind_weight = {"annual": 4, "leadership": 3, "operative": 2, "regional": 1, "network": 1}
        per_meeting = apportion(
            self.targets["commitments"],
            [kind_weight[kind] * rng.lognormvariate(0, 0.5) for _, kind, _, _ in planned_meetings],
        )
        Status = Commitment.Status
        for (meeting, _kind, date, places), n in zip(planned_meetings, per_meeting, strict=True):
            for _ in range(n):
                due = date + datetime.timedelta(days=rng.randint(14, 120))
                if due < DATA_END - datetime.timedelta(days=90):
                    status = rng.choices([Status.DONE, Status.DROPPED, Status.OPEN], [80, 7, 13])[0]
                else:
                    status = rng.choices([Status.DONE, Status.OPEN], [30, 70])[0]
                closed_on = None
                if status != Status.OPEN:
                    latest = min(due + datetime.timedelta(days=60), DATA_END)
                    closed_on = date + datetime.timedelta(days=rng.randint(0, (latest - date).days))
                commitments.add(
                    (
                        *_audit(date),
                        meeting,
                        municipalities[rng.choice(places)].id,
                        rng.choice(phrases.COMMITMENTS),
                        None,
                        rng.choice(phrases.RESPONSIBLE),
                        due,
                        status,
                        "",
                        closed_on,
                        None,
                    )
                )

        flags = loader.writer(
            RiskFlag,
            _columns(
                RiskFlag,
                *AUDIT,
                "municipality",
                "kind",
                "source",
                "note",
                "raised_on",
                "closed_on",
                "close_note",
                "is_example",
            ),
        )
        flag_kinds = list(RiskFlag.Kind.values)
        for _ in range(self.targets["risk_flags"]):
            kind = rng.choice(flag_kinds)
            raised = FIRST_DAY + datetime.timedelta(days=rng.randint(0, days))
            closed = None
            if raised < DATA_END - datetime.timedelta(days=90) and rng.random() < 0.6:
                closed = _clip(raised + datetime.timedelta(days=rng.randint(14, 365))) or DATA_END
            flags.add(
                (
                    *_audit(raised),
                    municipalities[rng.choices(indices, cum_weights=weights)[0]].id,
                    kind,
                    RiskFlag.Source.RULE if rng.random() < 0.6 else RiskFlag.Source.MANUAL,
                    phrases.RISK_NOTES[kind],
                    raised,
                    closed,
                    "Løst etter oppfølging (eksempeldata)." if closed else "",
                    True,
                )
            )

        assessments = loader.writer(
            SuccessCriterionAssessment,
            _columns(
                SuccessCriterionAssessment,
                *AUDIT,
                "municipality",
                "criterion",
                "year",
                "assessor",
                "rating",
                "reason",
                "is_example",
            ),
        )
        years = list(range(FIRST_DAY.year, DATA_END.year))  # assessed after the year ends
        assessors = list(SuccessCriterionAssessment.Assessor.values)
        units = [
            (m, year, assessor)
            for m in range(len(municipalities))
            for year in years
            for assessor in assessors
        ]
        taken = set(
            SuccessCriterionAssessment.objects.filter(criterion__in=refs.criteria).values_list(
                "municipality_id", "year", "assessor"
            )
        )
        units = [u for u in units if (municipalities[u[0]].id, u[1], u[2]) not in taken]
        level = [rng.uniform(1.3, 2.8) for _ in municipalities]
        wanted = min(self.targets["criterion_profiles"], len(units))
        for index, year, assessor in sorted(rng.sample(units, wanted)):
            for criterion in refs.criteria:
                rating = round(level[index] + 0.12 * (year - FIRST_DAY.year) + rng.gauss(0, 0.5))
                assessments.add(
                    (
                        *_audit(datetime.date(year + 1, 2, 15)),
                        municipalities[index].id,
                        criterion,
                        year,
                        assessor,
                        min(4, max(1, rating)),
                        "Syntetisk vurdering (eksempeldata).",
                        True,
                    )
                )
        self.progress(
            f"meetings: {count}, commitments: {self.targets['commitments']}, "
            f"risk flags: {self.targets['risk_flags']}"
        )


def _month_end(year: int, month: int) -> datetime.date:
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - DAY


def _default_profile(unit: str) -> phrases.IndicatorProfile:
    return {
        Indicator.Unit.PERCENT: phrases.IndicatorProfile(50.0, 0.0),
        Indicator.Unit.RATE: phrases.IndicatorProfile(5.0, 0.0),
        Indicator.Unit.YES_NO: phrases.IndicatorProfile(0.5, 0.03),
    }.get(unit, phrases.IndicatorProfile(1.0, 0.0))  # type: ignore[call-overload]


def _last_reference_numbers() -> dict[str, int]:
    """The highest running number in use per municipality number, so new references follow on."""
    last: dict[str, int] = {}
    for reference in Initiative.objects.values_list("reference", flat=True).iterator():
        number, _, running = reference.partition("-")
        if running.isdigit():
            last[number] = max(last.get(number, 0), int(running))
    return last


def analyze(progress: Progress) -> None:
    """Refresh the planner's statistics (and, outside a transaction, the visibility map that
    index-only scans need) for the tables the dataset filled."""
    tables = [model._meta.db_table for model in DATA_MODELS + programme_audit.ANALYZED_MODELS]
    for model in (Initiative, InvolvementEvent, Meeting):
        for m2m in model._meta.many_to_many:
            tables.append(m2m.remote_field.through._meta.db_table)  # type: ignore[union-attr]
    quote = connection.ops.quote_name
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT bool_and(pg_has_role(c.relowner, 'USAGE')), "
            "to_regprocedure('housingapp_analyze(regclass[])') IS NOT NULL "
            "FROM pg_class c WHERE c.oid = ANY(%s::regclass[])",
            [tables],
        )
        owner, function = cursor.fetchone()
        if not owner and function:
            # The application's role owns no table: the owner's function analyzes them
            # (accounts migration 0011), in this transaction, so it sees the rows just loaded.
            cursor.execute("SELECT housingapp_analyze(%s::regclass[])", [tables])
            progress(f"ANALYZE (housingapp_analyze): {len(tables)} tables")
            return
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        for table in tables:
            cursor.execute(f"{command} {quote(table)}")
    progress(f"{command}: {len(tables)} tables")
