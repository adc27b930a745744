"""Fixtures for the audit-trail tests: records in Bodø and Asker, built through the ORM.

Places come from the reference data that tests/conftest.py loads; the vocabulary entries are the
tests' own. Every write below goes through django-auditlog like any other, with no actor.
"""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model

from participation.accounts.models import RoleAssignment
from participation.involvement.models import Initiative, Input, InvolvementEvent
from participation.places.models import Method, Municipality, TargetGroup, Theme


@pytest.fixture
def vocab(db):  # type: ignore[no-untyped-def]
    def get(model, code: str, name: str):  # type: ignore[no-untyped-def]
        return model.objects.get_or_create(code=code, defaults={"name": name})[0]

    return {
        "homeless": get(TargetGroup, "test-audit-homeless", "Bostedsløse (test)"),
        "youth": get(TargetGroup, "test-audit-youth", "Unge (test)"),
        "cafe": get(Method, "test-audit-cafe", "Dialogkafé (test)"),
        "safety": get(Theme, "test-audit-safety", "Trygghet (test)"),
    }


@pytest.fixture
def make_initiative(vocab):  # type: ignore[no-untyped-def]
    def make(municipality: Municipality, name: str = "Bolig Nu") -> Initiative:
        return Initiative.objects.create(
            municipality=municipality,
            name=name,
            aim="Help people from temporary to permanent housing.",
            start_date=datetime.date(2021, 1, 1),
        )

    return make


@pytest.fixture
def bolig_nu(bodo, make_initiative) -> Initiative:  # type: ignore[no-untyped-def]
    return make_initiative(bodo, "Bolig Nu")


@pytest.fixture
def asker_initiative(asker, make_initiative) -> Initiative:  # type: ignore[no-untyped-def]
    return make_initiative(asker, "Bolighjelpen")


@pytest.fixture
def make_event(vocab):  # type: ignore[no-untyped-def]
    def make(initiative: Initiative, title: str = "Dialogmøte") -> InvolvementEvent:
        return InvolvementEvent.objects.create(
            initiative=initiative,
            title=title,
            date=datetime.date(2024, 5, 2),
            method=vocab["cafe"],
        )

    return make


@pytest.fixture
def make_input(vocab):  # type: ignore[no-untyped-def]
    def make(event: InvolvementEvent, summary: str = "Wish for safer entrances.") -> Input:
        return Input.objects.create(event=event, theme=vocab["safety"], summary=summary)

    return make


@pytest.fixture
def staff_asker(db, asker):  # type: ignore[no-untyped-def]
    user = get_user_model().objects.create_user(username="asker-test", password="pw-for-tests-only")
    RoleAssignment.objects.create(user=user, role=RoleAssignment.Role.MUNICIPAL, municipality=asker)
    return user


@pytest.fixture
def entries_for():  # type: ignore[no-untyped-def]
    """The log entries of one object, oldest first."""

    def entries(obj) -> list[LogEntry]:  # type: ignore[no-untyped-def]
        return list(LogEntry.objects.get_for_object(obj).order_by("timestamp", "pk"))

    return entries
