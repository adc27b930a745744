"""Builders for meetings and their commitments, on the factories of tests/factories.py."""

from __future__ import annotations

import datetime

from participation.places.models import Municipality
from participation.programme.models import Commitment, Meeting
from tests.factories import CommitmentFactory, MeetingFactory


def make_meeting(
    *municipalities: Municipality, title: str = "Driftsmøte", date: datetime.date | None = None
) -> Meeting:
    return MeetingFactory.create(
        municipalities=list(municipalities), title=title, date=date or datetime.date(2025, 3, 1)
    )


def make_commitment(meeting: Meeting, municipality: Municipality, **fields) -> Commitment:  # type: ignore[no-untyped-def]
    """Due 1 April 2025 unless `due_date` says otherwise."""
    return CommitmentFactory.create(meeting=meeting, municipality=municipality, **fields)
