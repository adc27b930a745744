"""Fixtures for the page tests: initiatives with events and input, built through the ORM.

Places (Bodø, Asker, the 357 municipalities) come from the reference data that tests/conftest.py
loads; the vocabulary entries here are the tests' own, so they do not depend on its codes.
"""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.utils import timezone

from participation.involvement.models import Initiative, Input, InvolvementEvent, ParticipantCount
from participation.places.models import (
    Goal,
    Indicator,
    Method,
    Municipality,
    ParticipationForm,
    Strategy,
    TargetGroup,
    Theme,
)
from participation.programme.models import (
    IndicatorValue,
    ProgrammeAgreement,
    ReportingPeriod,
    RiskFlag,
)


def _vocab(model, code: str, name: str):  # type: ignore[no-untyped-def]
    return model.objects.get_or_create(code=code, defaults={"name": name})[0]


@pytest.fixture
def vocab(db):  # type: ignore[no-untyped-def]
    return {
        "homeless": _vocab(TargetGroup, "test-homeless", "Bostedsløse (test)"),
        "youth": _vocab(TargetGroup, "test-youth", "Unge (test)"),
        "cafe": _vocab(Method, "test-dialogue-cafe", "Dialogkafé (test)"),
        "user_form": _vocab(ParticipationForm, "test-user", "Brukermedvirkning (test)"),
        "theme_safety": _vocab(Theme, "test-safety", "Trygghet (test)"),
        "theme_design": _vocab(Theme, "test-design", "Utforming (test)"),
    }


_counter = itertools.count(1)


@pytest.fixture
def make_initiative(vocab):  # type: ignore[no-untyped-def]
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
        initiative = Initiative.objects.create(
            municipality=municipality,
            name=name or f"Tiltak {n}",
            aim="Help people from temporary to permanent housing.",
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
        )
        initiative.target_groups.add(vocab["homeless"], vocab["youth"])
        initiative.participation_forms.add(vocab["user_form"])
        today = timezone.localdate()
        for e in range(events):
            date = today - datetime.timedelta(days=60 + e)
            late = overdue and e == 0
            event = InvolvementEvent.objects.create(
                initiative=initiative,
                title=f"Dialogmøte {n}-{e}",
                date=date,
                start_time=datetime.time(18, 0),
                method=vocab["cafe"],
                expectations_clarified=True,
                feedback_due=date + datetime.timedelta(days=30),
                feedback_given=None if late else date + datetime.timedelta(days=20),
                is_example=is_example,
            )
            event.themes.add(vocab["theme_safety"], vocab["theme_design"])
            ParticipantCount.objects.create(
                event=event, target_group=vocab["homeless"], role="resident", count=7
            )
            ParticipantCount.objects.create(
                event=event, target_group=vocab["homeless"], role="staff", count=2
            )
            ParticipantCount.objects.create(
                event=event, target_group=vocab["youth"], role="resident", count=4
            )
            for i in range(inputs):
                Input.objects.create(
                    event=event,
                    theme=vocab["theme_safety"],
                    summary=f"Wish for safer entrances ({n}-{e}-{i}).",
                    follow_up_status="not_assessed" if i == 0 else "taken_forward",
                    answer="" if i == 0 else "Lighting will be improved.",
                    is_example=is_example,
                )
        return initiative

    return make


@pytest.fixture
def programme_records(db):  # type: ignore[no-untyped-def]
    """Agreements, an open and a closed risk flag and indicator values for a municipality."""

    def make(municipality: Municipality, *, is_example: bool = True) -> None:
        first = ProgrammeAgreement.objects.create(
            municipality=municipality,
            level=ProgrammeAgreement.Level.TOWN,
            start_date=datetime.date(2013, 1, 1),
            end_date=datetime.date(2016, 6, 30),
            is_example=is_example,
        )
        ProgrammeAgreement.objects.create(
            municipality=municipality,
            level=ProgrammeAgreement.Level.TOWN,
            start_date=datetime.date(2016, 7, 1),
            end_date=datetime.date(2020, 12, 31),
            previous=first,
            is_example=is_example,
        )
        RiskFlag.objects.create(
            municipality=municipality,
            kind=RiskFlag.Kind.LEADER_LEFT,
            note="The programme leader moved to another job.",
            raised_on=datetime.date(2024, 3, 1),
            is_example=is_example,
        )
        RiskFlag.objects.create(
            municipality=municipality,
            kind=RiskFlag.Kind.UNSPENT,
            raised_on=datetime.date(2023, 3, 1),
            closed_on=datetime.date(2023, 9, 1),
            is_example=is_example,
        )
        strategy, _ = Strategy.objects.get_or_create(
            code="test-strategy",
            defaults={"name": "Teststrategi", "start_year": 2021, "end_year": 2024},
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
            IndicatorValue.objects.create(
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
