"""Small builders for the risk and dashboard tests, on the factories of tests/factories.py."""

from __future__ import annotations

import datetime

from participation.places.models import Instrument, Municipality
from participation.programme.models import Commitment, Meeting, ProgrammeAgreement, RiskFlag
from tests.factories import (
    CommitmentFactory,
    GrantFactory,
    MeetingFactory,
    ProgrammeAgreementFactory,
    RiskFlagFactory,
)

D = datetime.date
START, END, RAISED = D(2024, 1, 1), D(2027, 12, 31), D(2025, 1, 1)


def agreement(municipality: Municipality, start=START, end=END):  # type: ignore[no-untyped-def]
    return ProgrammeAgreementFactory(
        municipality=municipality,
        level=ProgrammeAgreement.Level.BASIC,
        start_date=start,
        end_date=end,
    )


def meeting(municipality: Municipality, date: datetime.date) -> Meeting:
    return MeetingFactory.create(
        kind=Meeting.Kind.OPERATIVE, title="Driftsmøte", date=date, municipalities=[municipality]
    )


def commitment(municipality: Municipality, due: datetime.date, status=Commitment.Status.OPEN):  # type: ignore[no-untyped-def]
    return CommitmentFactory(
        meeting=meeting(municipality, D(2024, 1, 2)),
        municipality=municipality,
        description="Send the draft plan",
        responsible_name="Programme leader",
        due_date=due,
        status=status,
    )


def instrument(index: int = 0) -> Instrument:
    return Instrument.objects.order_by("pk")[index]


def grant(municipality: Municipality, year: int, granted: int, paid: int = 0, index: int = 0):  # type: ignore[no-untyped-def]
    return GrantFactory(
        municipality=municipality,
        instrument=instrument(index),
        year=year,
        applied=granted,
        granted=granted,
        paid=paid,
    )


def flag(municipality: Municipality, kind=RiskFlag.Kind.OTHER, raised=RAISED):  # type: ignore[no-untyped-def]
    return RiskFlagFactory(municipality=municipality, kind=kind, note="A risk", raised_on=raised)
