"""Fixtures for the event and input tests: an initiative in Bodø and one in Asker, each with an
event, built by the factories of tests/factories.py with the tests' own vocabulary."""

from __future__ import annotations

import datetime

import pytest


@pytest.fixture(autouse=True)
def english_outside_requests(settings):  # type: ignore[no-untyped-def]
    """The expected messages are lazy strings, evaluated in the test itself: in English too,
    whatever language the last request left active (compiled catalogues would make it nb)."""
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def make_event(vocab, initiative_factory, event_factory):  # type: ignore[no-untyped-def]
    """An event in a new initiative of `municipality` for the homeless and the young."""

    def make(municipality, **fields):  # type: ignore[no-untyped-def]
        initiative = initiative_factory(
            municipality=municipality,
            name=f"Bomiljø {municipality.name}",
            aim="Trygge bomiljø.",
            target_groups=[vocab["homeless"], vocab["youth"]],
        )
        defaults = {
            "title": "Dialogkafé i oppgangen",
            "date": datetime.date(2025, 3, 1),
            "method": vocab["cafe"],
            "feedback_due": datetime.date(2025, 4, 1),
        }
        return event_factory(initiative=initiative, **{**defaults, **fields})

    return make


@pytest.fixture
def bodo_event(make_event, bodo):  # type: ignore[no-untyped-def]
    return make_event(bodo)


@pytest.fixture
def asker_event(make_event, asker):  # type: ignore[no-untyped-def]
    return make_event(asker)


@pytest.fixture
def bodo_input(bodo_event, vocab, input_factory):  # type: ignore[no-untyped-def]
    return input_factory(event=bodo_event, theme=vocab["safety"], summary="Mørke oppganger.")
