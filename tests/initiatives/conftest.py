"""Fixtures for the initiative pages: vocabulary, and initiatives to list."""

from __future__ import annotations

import itertools

import pytest

from participation.involvement.models import Initiative
from participation.places.models import (
    Goal,
    Municipality,
    ParticipationForm,
    PriorityArea,
    Strategy,
    TargetGroup,
)


def _vocab(model, code: str, name: str):  # type: ignore[no-untyped-def]
    return model.objects.get_or_create(code=code, defaults={"name": name})[0]


@pytest.fixture
def vocab(db):  # type: ignore[no-untyped-def]
    return {
        "homeless": _vocab(TargetGroup, "test-homeless", "Bostedsløse (test)"),
        "youth": _vocab(TargetGroup, "test-youth", "Unge (test)"),
        "user_form": _vocab(ParticipationForm, "test-user", "Brukermedvirkning (test)"),
        "cocreation": _vocab(ParticipationForm, "test-cocreation", "Samskaping (test)"),
    }


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


_counter = itertools.count(1)


@pytest.fixture
def make_initiative(vocab):  # type: ignore[no-untyped-def]
    def make(municipality: Municipality, **fields) -> Initiative:  # type: ignore[no-untyped-def]
        target_groups = fields.pop("target_groups", [vocab["homeless"]])
        forms = fields.pop("participation_forms", [])
        goals = fields.pop("goals", [])
        areas = fields.pop("priority_areas", [])
        fields.setdefault("name", f"Tiltak {next(_counter):03d}")
        fields.setdefault("aim", "Help people from temporary to permanent housing.")
        initiative = Initiative.objects.create(municipality=municipality, **fields)
        initiative.target_groups.set(target_groups)
        initiative.participation_forms.set(forms)
        initiative.goals.set(goals)
        initiative.priority_areas.set(areas)
        return initiative

    return make
