"""Builders for meetings: a meeting in Bodø with commitments."""

from __future__ import annotations

import datetime

from participation.places.models import Municipality
from participation.programme.models import Commitment, Meeting


def make_meeting(
    *municipalities: Municipality, title: str = "Driftsmøte", date: datetime.date | None = None
) -> Meeting:
    meeting = Meeting.objects.create(
        kind=Meeting.Kind.OPERATIVE, title=title, date=date or datetime.date(2025, 3, 1)
    )
    meeting.municipalities.set(municipalities)
    return meeting


def make_commitment(meeting: Meeting, municipality: Municipality, **fields) -> Commitment:  # type: ignore[no-untyped-def]
    defaults = {"description": "Send the draft plan.", "due_date": datetime.date(2025, 4, 1)}
    return Commitment.objects.create(
        meeting=meeting, municipality=municipality, **{**defaults, **fields}
    )
