"""Fixtures for the audit-trail tests: records in Bodø and Asker, built by the factories of
tests/factories.py. Every write goes through django-auditlog like any other, with no actor."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry

from participation.accounts.models import RoleAssignment
from participation.involvement.models import Initiative

START = datetime.date(2021, 1, 1)


@pytest.fixture
def bolig_nu(bodo, initiative_factory) -> Initiative:  # type: ignore[no-untyped-def]
    return initiative_factory(municipality=bodo, name="Bolig Nu", start_date=START)


@pytest.fixture
def asker_initiative(asker, initiative_factory) -> Initiative:  # type: ignore[no-untyped-def]
    return initiative_factory(municipality=asker, name="Bolighjelpen", start_date=START)


@pytest.fixture
def staff_asker(asker, user_factory):  # type: ignore[no-untyped-def]
    return user_factory(
        username="asker-test", role=RoleAssignment.Role.MUNICIPAL, role__municipality=asker
    )


@pytest.fixture
def entries_for():  # type: ignore[no-untyped-def]
    """The log entries of one object, oldest first."""

    def entries(obj) -> list[LogEntry]:  # type: ignore[no-untyped-def]
        return list(LogEntry.objects.get_for_object(obj).order_by("timestamp", "pk"))

    return entries
