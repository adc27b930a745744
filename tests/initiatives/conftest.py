"""Fixtures for the initiative pages: vocabulary, and initiatives to list."""

from __future__ import annotations

import pytest

from participation.places.models import (
    Goal,
    PriorityArea,
    Strategy,
)


@pytest.fixture
def strategy_goals(db):  # type: ignore[no-untyped-def]
    """A goal and a priority area in each of two test strategies."""
    old = Strategy.objects.create(
        code="test-bfv", name="Bolig for velferd (test)", start_year=2014, end_year=2020
    )
    new = Strategy.objects.create(
        code="test-att", name="Alle trenger et trygt hjem (test)", start_year=2021, end_year=2024
    )
    goal = Goal.objects.create(strategy=old, code="G1", name="Alle skal ha et godt sted å bo (t)")
    area = PriorityArea.objects.create(
        strategy=new, code="P1", name="Ingen skal være bostedsløse (t)"
    )
    return {"old": old, "new": new, "goal": goal, "area": area}
