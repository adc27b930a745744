"""A small, fully known dataset for the report figures, and the parameters to report on it.

Every number the tests expect is worked out by hand from what is written here (see the comments
in test_figures.py); nothing is computed with the report's own code or the ORM's aggregates.

The report is for Q2 2025 (1 April – 30 June), strategy «Bolig for velferd», cut-off 15 July
2025. Places: Bodø and Kvæfjord (Husbanken Nord), Asker (Husbanken Øst).

Initiatives (goal links within Bolig for velferd):
- A «Bolig Nu», Bodø: goal 1 and area 2.1; from 2024, open-ended; influence 3 (involve);
  individual + collective level; form brukermedvirkning.
- B «Foyer», Bodø: area 1.1; from 1 May 2025; influence 4 (collaborate); system level;
  forms brukermedvirkning + samskaping.
- C «Gammel plan», Bodø: goal 3; 2020–2024, no event in the period: not active.
- D «Uten mål», Bodø: no goal: active but not linked to the strategy.
- E «Sen registrering», Bodø: area 3.3; ended 31 March 2025 but has an event in the period:
  active; no influence, level or form recorded.
- F «Boligplan», Kvæfjord: goal 2; no dates; nothing recorded.
- G «Stedskompasset», Asker: goal 1 and area 1.2; influence 2 (consult); collective; form
  innbyggermedvirkning.
- H «Annen strategi», Asker: linked only to a goal of the other strategy.

Events (date · feedback due · given) → participants · input (status, answered?); method and
channel (form) in brackets, a dialogue café in person where none is named:
- A1 10.04.2025 · 10.05 · 01.05 (on time) → bostedsløse/resident 3, barnefamilier/resident 12
  · not assessed –; taken forward ✓; incorporated ✓; declined –
- A2 20.06.2025 · 20.07 (after the cut-off) · – (not judgeable) → bostedsløse/staff 2
  · parked ✓; not assessed – [workshop, digital]
- A3 15.03.2025 (before the period) · 15.04 · – → bostedsløse 7 · 2 × not assessed [workshop]
- B1 15.05.2025 · 01.06 · 10.06 (late) → unge/resident 6 · partly met ✓; 2 × not assessed –
  [residents' meeting, hybrid]
- E1 10.04.2025 · 01.05 · – (overdue) → eldre/citizen 1 · no input [outreach]
- C1 01.06.2024 (before the period) → bostedsløse 9
- D1 05.05.2025 (unlinked initiative) → vanskeligstilte 10 · 2 × incorporated ✓
  [residents' meeting]
- F1 01.06.2025 · no due date → rop/resident 2 · taken forward – [workshop]
- G1 20.04.2025 · 20.05 · 20.05 (on time) → vanskeligstilte/citizen 20, barnefamilier/citizen 4
  · 3 × incorporated ✓; declined ✓; not assessed – [digital]
- G2 01.07.2025 (after the period) → innbyggere 30

Each event's title is «Møte <date>»; each input item's summary «Et innspill», its answer, when
answered, «Svar gitt»; the theme is the first by id.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from participation.involvement.models import Initiative, Input, InvolvementEvent, ParticipantCount
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
    Theme,
)
from participation.programme.models import (
    Commitment,
    IndicatorValue,
    Meeting,
    ReportingPeriod,
    RiskFlag,
    SuccessCriterionAssessment,
)
from participation.reports.params import Period

D = datetime.date
PERIOD = Period("quarter", D(2025, 4, 1), D(2025, 6, 30))
TODAY = D(2025, 7, 15)
FollowUp = Input.FollowUp
Role = ParticipantCount.Role


@dataclass
class Dataset:
    strategy: Strategy
    bodo: Municipality
    kvafjord: Municipality
    asker: Municipality
    nord: Region
    initiatives: dict[str, Initiative] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    extra_nord: list[Municipality] = field(default_factory=list)


def _goal(strategy: Strategy, code: str) -> Goal:
    return Goal.objects.get(strategy=strategy, code=code)


def _area(strategy: Strategy, code: str) -> PriorityArea:
    return PriorityArea.objects.get(strategy=strategy, code=code)


def _initiative(
    municipality: Municipality,
    name: str,
    *,
    goals: Sequence[Goal] = (),
    areas: Sequence[PriorityArea] = (),
    forms: Sequence[str] = (),
    **fields: Any,
) -> Initiative:
    initiative = Initiative.objects.create(
        municipality=municipality, name=name, aim="Et tiltak i testdata.", **fields
    )
    initiative.goals.set(goals)
    initiative.priority_areas.set(areas)
    initiative.participation_forms.set(ParticipationForm.objects.filter(code__in=forms))
    return initiative


def _event(
    initiative: Initiative,
    date: datetime.date,
    *,
    due: datetime.date | None = None,
    given: datetime.date | None = None,
    people: Sequence[tuple[str, str, int]] = (),
    inputs: Sequence[tuple[str, bool]] = (),
    method: str = "dialogkafe",
    channel: str = InvolvementEvent.Channel.PHYSICAL,
) -> InvolvementEvent:
    event = InvolvementEvent.objects.create(
        initiative=initiative,
        title=f"Møte {date:%d.%m.%Y}",
        date=date,
        method=Method.objects.get(code=method),
        channel=channel,
        feedback_due=due,
        feedback_given=given,
    )
    for group, role, n in people:
        ParticipantCount.objects.create(
            event=event, target_group=TargetGroup.objects.get(code=group), role=role, count=n
        )
    theme = Theme.objects.order_by("pk")[0]
    for status, answered in inputs:
        Input.objects.create(
            event=event,
            theme=theme,
            summary="Et innspill",
            follow_up_status=status,
            answer="Svar gitt" if answered else "",
        )
    return event


def build(*, other_strategy: Strategy | None = None) -> Dataset:
    strategy = Strategy.objects.get(code="bolig-for-velferd")
    data = Dataset(
        strategy=strategy,
        bodo=Municipality.objects.get(number="1804"),
        kvafjord=Municipality.objects.get(number="5510"),
        asker=Municipality.objects.get(number="3203"),
        nord=Region.objects.get(code="nord"),
    )
    assert data.kvafjord.region_id == data.nord.pk
    assert data.bodo.region_id == data.nord.pk
    g = {code: _goal(strategy, code) for code in ("1", "2", "3", "S")}
    a = {code: _area(strategy, code) for code in ("1.1", "1.2", "2.1", "3.3")}
    other = other_strategy or Strategy.objects.get(code="alle-trenger-et-trygt-hjem")

    # --- initiatives and events (created in this order: references 1804-0001 … 0005) ----------
    init = data.initiatives
    init["A"] = _initiative(
        data.bodo,
        "Bolig Nu",
        goals=[g["1"]],
        areas=[a["2.1"]],
        forms=["brukermedvirkning"],
        start_date=D(2024, 1, 1),
        intended_influence=3,
        individual_level=True,
        collective_level=True,
    )
    init["B"] = _initiative(
        data.bodo,
        "Foyer",
        areas=[a["1.1"]],
        forms=["brukermedvirkning", "samskaping"],
        start_date=D(2025, 5, 1),
        intended_influence=4,
        system_level=True,
    )
    init["C"] = _initiative(
        data.bodo,
        "Gammel plan",
        goals=[g["3"]],
        start_date=D(2020, 1, 1),
        end_date=D(2024, 12, 31),
        status=Initiative.Status.COMPLETED,
    )
    init["D"] = _initiative(data.bodo, "Uten mål", start_date=D(2025, 1, 1))
    init["E"] = _initiative(
        data.bodo, "Sen registrering", areas=[a["3.3"]], end_date=D(2025, 3, 31)
    )
    init["F"] = _initiative(data.kvafjord, "Boligplan", goals=[g["2"]])
    init["G"] = _initiative(
        data.asker,
        "Stedskompasset",
        goals=[g["1"]],
        areas=[a["1.2"]],
        forms=["innbyggermedvirkning"],
        intended_influence=2,
        collective_level=True,
    )
    init["H"] = _initiative(
        data.asker,
        "Annen strategi",
        goals=[Goal.objects.filter(strategy=other).order_by("order")[0]],
        start_date=D(2025, 1, 1),
    )

    _event(
        init["A"],
        D(2025, 4, 10),
        due=D(2025, 5, 10),
        given=D(2025, 5, 1),
        people=[("bostedslose", Role.RESIDENT, 3), ("barnefamilier", Role.RESIDENT, 12)],
        inputs=[
            (FollowUp.NOT_ASSESSED, False),
            (FollowUp.TAKEN_FORWARD, True),
            (FollowUp.INCORPORATED, True),
            (FollowUp.DECLINED, False),
        ],
    )
    _event(
        init["A"],
        D(2025, 6, 20),
        due=D(2025, 7, 20),
        people=[("bostedslose", Role.STAFF, 2)],
        inputs=[(FollowUp.PARKED, True), (FollowUp.NOT_ASSESSED, False)],
        method="workshop",
        channel=InvolvementEvent.Channel.DIGITAL,
    )
    _event(
        init["A"],
        D(2025, 3, 15),
        due=D(2025, 4, 15),
        people=[("bostedslose", Role.RESIDENT, 7)],
        inputs=[(FollowUp.NOT_ASSESSED, False)] * 2,
        method="workshop",
    )
    _event(
        init["B"],
        D(2025, 5, 15),
        due=D(2025, 6, 1),
        given=D(2025, 6, 10),
        people=[("unge", Role.RESIDENT, 6)],
        inputs=[
            (FollowUp.PARTLY_MET, True),
            (FollowUp.NOT_ASSESSED, False),
            (FollowUp.NOT_ASSESSED, False),
        ],
        method="beboermote",
        channel=InvolvementEvent.Channel.HYBRID,
    )
    _event(
        init["E"],
        D(2025, 4, 10),
        due=D(2025, 5, 1),
        people=[("eldre", Role.CITIZEN, 1)],
        channel=InvolvementEvent.Channel.OUTREACH,
    )
    _event(init["C"], D(2024, 6, 1), people=[("bostedslose", Role.RESIDENT, 9)])
    _event(
        init["D"],
        D(2025, 5, 5),
        people=[("vanskeligstilte", Role.RESIDENT, 10)],
        inputs=[(FollowUp.INCORPORATED, True)] * 2,
        method="beboermote",
    )
    _event(
        init["F"],
        D(2025, 6, 1),
        people=[("rop", Role.RESIDENT, 2)],
        inputs=[(FollowUp.TAKEN_FORWARD, False)],
        method="workshop",
    )
    _event(
        init["G"],
        D(2025, 4, 20),
        due=D(2025, 5, 20),
        given=D(2025, 5, 20),
        people=[("vanskeligstilte", Role.CITIZEN, 20), ("barnefamilier", Role.CITIZEN, 4)],
        inputs=[(FollowUp.INCORPORATED, True)] * 3
        + [(FollowUp.DECLINED, True), (FollowUp.NOT_ASSESSED, False)],
        channel=InvolvementEvent.Channel.DIGITAL,
    )
    _event(init["G"], D(2025, 7, 1), people=[("innbyggere", Role.CITIZEN, 30)])

    _indicator_values(data, g, a)
    _assessments(data)
    _commitments(data)
    _risk_flags(data)
    return data


def _indicator_values(data: Dataset, g: dict[str, Goal], a: dict[str, PriorityArea]) -> None:
    """Reporting periods Q1, Q2 and H1 2025 (H1 ends with Q2, but reaches back before it)."""
    strategy = data.strategy

    def period(name: str, kind: str, start: datetime.date, end: datetime.date) -> ReportingPeriod:
        return ReportingPeriod.objects.create(
            strategy=strategy, name=name, kind=kind, start_date=start, end_date=end
        )

    q1 = period("1. kvartal 2025", "quarter", D(2025, 1, 1), D(2025, 3, 31))
    q2 = period("2. kvartal 2025", "quarter", D(2025, 4, 1), D(2025, 6, 30))
    h1 = period("1. halvår 2025", "half_year", D(2025, 1, 1), D(2025, 6, 30))

    def indicator(code: str, unit: str, **level: Any) -> Indicator:
        data.indicators[code] = Indicator.objects.create(
            strategy=strategy,
            code=code,
            name=f"Test {code}",
            unit=unit,
            direction=Indicator.Direction.LOWER,
            **level,
        )
        return data.indicators[code]

    count = indicator("count", "count", goal=g["1"], baseline=Decimal(40), target=Decimal(20))
    small = indicator("small", "count", goal=g["2"])
    percent = indicator("percent", "percent", priority_area=a["1.1"])
    yes_no = indicator("yes-no", "yes_no", goal=g["3"])
    nok = indicator("nok", "nok", goal=g["S"])

    approved, submitted, draft = "approved", "submitted", "draft"
    for municipality, ind, p, value, status in [
        # count: Bodø's own quarter wins over its half-year; Kvæfjord has only the half-year.
        (data.bodo, count, q2, "3", approved),
        (data.bodo, count, h1, "50", approved),
        (data.bodo, count, q1, "7", approved),
        (data.kvafjord, count, h1, "10", approved),
        (data.kvafjord, count, q1, "4", submitted),
        (data.asker, count, q2, "30", approved),
        (data.asker, count, q1, "25", approved),
        (data.kvafjord, small, q2, "2", approved),
        (data.bodo, percent, q2, "40", approved),
        (data.kvafjord, percent, q2, "61", approved),
        (data.asker, percent, q2, "90", draft),
        (data.asker, percent, q1, "80", approved),
        (data.bodo, yes_no, q2, "1", approved),
        (data.kvafjord, yes_no, q2, "0", approved),
        (data.asker, yes_no, q2, "1", approved),
        (data.bodo, nok, q2, "125000", approved),
        (data.asker, nok, q2, "2000000", approved),
    ]:
        IndicatorValue.objects.create(
            municipality=municipality, indicator=ind, period=p, value=Decimal(value), status=status
        )


def _assessments(data: Dataset) -> None:
    criteria = {c.code: c for c in SuccessCriterion.objects.filter(strategy=data.strategy)}
    user_part = criteria["brukermedvirkning"]
    anchoring = criteria["forankring-og-eierskap"]
    Self, Adviser = "self", "adviser"
    for municipality, criterion, year, assessor, rating in [
        (data.bodo, user_part, 2025, Self, 3),
        (data.bodo, user_part, 2025, Adviser, 2),
        (data.bodo, user_part, 2024, Self, 1),  # another year: left out
        (data.kvafjord, user_part, 2025, Self, 2),
        (data.asker, user_part, 2025, Self, 4),
        (data.asker, user_part, 2025, Adviser, 4),
    ]:
        SuccessCriterionAssessment.objects.create(
            municipality=municipality,
            criterion=criterion,
            year=year,
            assessor=assessor,
            rating=rating,
        )
    # Five more Nord municipalities rate anchoring 1, 2, 3, 4, 4: enough to show a mean.
    data.extra_nord = list(
        Municipality.objects.current()
        .filter(region=data.nord)
        .exclude(pk__in=[data.bodo.pk, data.kvafjord.pk])
        .order_by("number")[:5]
    )
    for municipality, rating in zip(data.extra_nord, [1, 2, 3, 4, 4], strict=True):
        SuccessCriterionAssessment.objects.create(
            municipality=municipality,
            criterion=anchoring,
            year=2025,
            assessor=Self,
            rating=rating,
        )


def _commitments(data: Dataset) -> None:
    meeting = Meeting.objects.create(kind="operative", title="Driftsmøte", date=D(2025, 1, 10))
    meeting.municipalities.add(data.bodo, data.kvafjord, data.asker)
    for municipality, due, status, closed in [
        (data.bodo, D(2025, 8, 1), "open", None),  # open, not yet due
        (data.bodo, D(2025, 7, 1), "open", None),  # overdue
        (data.bodo, D(2025, 5, 1), "done", D(2025, 5, 10)),  # closed in the period
        (data.bodo, D(2025, 1, 20), "dropped", D(2025, 2, 1)),  # closed before it
        (data.kvafjord, D(2025, 6, 1), "open", None),  # overdue
        (data.asker, D(2025, 6, 1), "done", D(2025, 6, 30)),  # closed in the period
    ]:
        Commitment.objects.create(
            meeting=meeting,
            municipality=municipality,
            description="Lag en plan",
            responsible_name="Programleder",
            due_date=due,
            status=status,
            closed_on=closed,
        )


def _risk_flags(data: Dataset) -> None:
    Kind = RiskFlag.Kind
    for municipality, kind, raised, closed in [
        (data.bodo, Kind.LEADER_LEFT, D(2025, 5, 1), None),
        (data.bodo, Kind.UNSPENT, D(2024, 11, 1), D(2025, 4, 15)),
        (data.bodo, Kind.OTHER, D(2025, 1, 10), None),
        (data.kvafjord, Kind.LEADER_LEFT, D(2024, 12, 1), None),
    ]:
        RiskFlag.objects.create(
            municipality=municipality, kind=kind, raised_on=raised, closed_on=closed
        )


def grow(data: Dataset, n: int) -> None:
    """n more initiatives in each of Bodø and Asker, each with two events, counts and input:
    a bigger dataset of the same shape, for the query-count test."""
    strategy = data.strategy
    goal = _goal(strategy, "2")
    area = _area(strategy, "1.2")
    for municipality in (data.bodo, data.asker):
        for i in range(n):
            initiative = _initiative(
                municipality,
                f"Ekstra {i}",
                goals=[goal],
                areas=[area],
                forms=["samskaping"],
                intended_influence=1 + i % 5,
            )
            for day in (3, 17):
                _event(
                    initiative,
                    D(2025, 5, day),
                    due=D(2025, 6, day),
                    people=[("unge", Role.RESIDENT, 5 + i)],
                    inputs=[(FollowUp.INCORPORATED, True), (FollowUp.NOT_ASSESSED, False)],
                )
