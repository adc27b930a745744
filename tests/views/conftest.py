"""Fixtures for the page tests: initiatives with events and input, and programme records, built
by the factories of tests/factories.py.

Places (Bodø, Asker, the 357 municipalities) come from the reference data that tests/conftest.py
loads; the vocabulary entries are the tests' own, so they do not depend on its codes.
"""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.utils import timezone

from participation.involvement.models import Initiative
from participation.places.models import Goal, Indicator, Municipality
from participation.programme.models import (
    IndicatorValue,
    ProgrammeAgreement,
    ReportingPeriod,
    RiskFlag,
)

_counter = itertools.count(1)


@pytest.fixture
def make_initiative(
    vocab, initiative_factory, event_factory, participant_count_factory, input_factory
):  # type: ignore[no-untyped-def]
    """An initiative with `events` events; each has participant counts, themes and `inputs`
    input items: the first open (not assessed), the others taken forward and answered."""

    def make(
        municipality: Municipality,
        *,
        name: str | None = None,
        events: int = 2,
        inputs: int = 2,
        overdue: bool = True,
        is_example: bool = False,
    ) -> Initiative:
        n = next(_counter)
        initiative = initiative_factory(
            municipality=municipality,
            name=name or f"Tiltak {n}",
            participation_description="Residents meet the staff every month.",
            strengths="Residents were heard early.",
            success_factors="A committed programme leader.",
            challenges="Meetings during working hours only.",
            individual_level=True,
            system_level=True,
            intended_influence=3,
            staffing_fte="1.50",
            start_date=datetime.date(2021, 1, 1),
            is_example=is_example,
            target_groups=[vocab["homeless"], vocab["youth"]],
            participation_forms=[vocab["user_form"]],
        )
        today = timezone.localdate()
        for e in range(events):
            date = today - datetime.timedelta(days=60 + e)
            late = overdue and e == 0
            event = event_factory(
                initiative=initiative,
                title=f"Dialogmøte {n}-{e}",
                date=date,
                start_time=datetime.time(18, 0),
                method=vocab["cafe"],
                expectations_clarified=True,
                feedback_due=date + datetime.timedelta(days=30),
                feedback_given=None if late else date + datetime.timedelta(days=20),
                is_example=is_example,
                themes=[vocab["safety"], vocab["design"]],
            )
            for target_group, role, count in [
                ("homeless", "resident", 7),
                ("homeless", "staff", 2),
                ("youth", "resident", 4),
            ]:
                participant_count_factory(
                    event=event, target_group=vocab[target_group], role=role, count=count
                )
            for i in range(inputs):
                input_factory(
                    event=event,
                    theme=vocab["safety"],
                    summary=f"Wish for safer entrances ({n}-{e}-{i}).",
                    follow_up_status="not_assessed" if i == 0 else "taken_forward",
                    answer="" if i == 0 else "Lighting will be improved.",
                    is_example=is_example,
                )
        return initiative

    return make


@pytest.fixture
def programme_records(agreement_factory, risk_flag_factory, strategy_factory, value_factory):  # type: ignore[no-untyped-def]
    """Agreements, an open and a closed risk flag and indicator values for a municipality."""

    def make(municipality: Municipality, *, is_example: bool = True) -> None:
        first = agreement_factory(
            municipality=municipality,
            level=ProgrammeAgreement.Level.TOWN,
            start_date=datetime.date(2013, 1, 1),
            end_date=datetime.date(2016, 6, 30),
            is_example=is_example,
        )
        agreement_factory(
            municipality=municipality,
            level=ProgrammeAgreement.Level.TOWN,
            start_date=datetime.date(2016, 7, 1),
            end_date=datetime.date(2020, 12, 31),
            previous=first,
            is_example=is_example,
        )
        risk_flag_factory(
            municipality=municipality,
            kind=RiskFlag.Kind.LEADER_LEFT,
            note="The programme leader moved to another job.",
            raised_on=datetime.date(2024, 3, 1),
            is_example=is_example,
        )
        risk_flag_factory(
            municipality=municipality,
            kind=RiskFlag.Kind.UNSPENT,
            raised_on=datetime.date(2023, 3, 1),
            closed_on=datetime.date(2023, 9, 1),
            is_example=is_example,
        )
        strategy = strategy_factory(
            code="test-strategy", name="Teststrategi", start_year=2021, end_year=2024
        )
        Goal.objects.get_or_create(strategy=strategy, code="T1", defaults={"name": "Testmål"})
        indicator, _ = Indicator.objects.get_or_create(
            strategy=strategy,
            code="test-homeless-households",
            defaults={
                "name": "Bostedsløse husstander (test)",
                "unit": Indicator.Unit.COUNT,
                "direction": Indicator.Direction.LOWER,
                "baseline": 40,
                "target": 20,
                "is_example": True,
            },
        )
        for year, value in [(2022, 35), (2023, 31)]:
            period, _ = ReportingPeriod.objects.get_or_create(
                strategy=strategy,
                kind=ReportingPeriod.Kind.YEAR,
                start_date=datetime.date(year, 1, 1),
                defaults={"name": f"År {year}", "end_date": datetime.date(year, 12, 31)},
            )
            value_factory(
                municipality=municipality,
                indicator=indicator,
                period=period,
                value=value,
                status=(
                    IndicatorValue.Status.APPROVED
                    if year == 2022
                    else IndicatorValue.Status.SUBMITTED
                ),
                is_example=is_example,
            )

    return make
