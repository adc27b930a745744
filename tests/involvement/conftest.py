"""Fixtures for the event and input tests: an initiative in Bodø and one in Asker, each with an
event, built through the ORM; vocabulary entries of the tests' own."""

from __future__ import annotations

import datetime

import pytest

from participation.involvement.models import Initiative, Input, InvolvementEvent
from participation.places.models import Method, TargetGroup, Theme


@pytest.fixture(autouse=True)
def english_outside_requests(settings):  # type: ignore[no-untyped-def]
    """The expected messages are lazy strings, evaluated in the test itself: in English too,
    whatever language the last request left active (compiled catalogues would make it nb)."""
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        yield


def _vocab(model, code: str, name: str):  # type: ignore[no-untyped-def]
    return model.objects.get_or_create(code=code, defaults={"name": name})[0]


@pytest.fixture
def vocab(db):  # type: ignore[no-untyped-def]
    return {
        "homeless": _vocab(TargetGroup, "test-homeless", "Bostedsløse (test)"),
        "youth": _vocab(TargetGroup, "test-youth", "Unge (test)"),
        "cafe": _vocab(Method, "test-dialogue-cafe", "Dialogkafé (test)"),
        "safety": _vocab(Theme, "test-safety", "Trygghet (test)"),
        "design": _vocab(Theme, "test-design", "Utforming (test)"),
    }


@pytest.fixture
def make_event(vocab):  # type: ignore[no-untyped-def]
    def make(municipality, **fields):  # type: ignore[no-untyped-def]
        initiative = Initiative.objects.create(
            municipality=municipality, name=f"Bomiljø {municipality.name}", aim="Trygge bomiljø."
        )
        initiative.target_groups.add(vocab["homeless"], vocab["youth"])
        defaults = {
            "title": "Dialogkafé i oppgangen",
            "date": datetime.date(2025, 3, 1),
            "method": vocab["cafe"],
            "feedback_due": datetime.date(2025, 4, 1),
        }
        return InvolvementEvent.objects.create(initiative=initiative, **{**defaults, **fields})

    return make


@pytest.fixture
def bodo_event(make_event, bodo):  # type: ignore[no-untyped-def]
    return make_event(bodo)


@pytest.fixture
def asker_event(make_event, asker):  # type: ignore[no-untyped-def]
    return make_event(asker)


@pytest.fixture
def bodo_input(bodo_event, vocab):  # type: ignore[no-untyped-def]
    return Input.objects.create(event=bodo_event, theme=vocab["safety"], summary="Mørke oppganger.")
