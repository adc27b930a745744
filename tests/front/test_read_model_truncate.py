"""A TRUNCATE rebuilds the trends' read models (`EventYearFigures`, `IndicatorYearFigures`).

A TRUNCATE fires no delete trigger, so each truncated table's own TRUNCATE trigger rebuilds the
figures from the rows left. Only the tables' owner may truncate (the application's role, which
the tests run as, may not): the owner is the test settings' "owner" alias, a connection of its
own, so these tests are transactional (each sees what the other committed).
"""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from participation.accounts.models import RoleAssignment
from participation.front.trends import trend_years
from participation.involvement.models import EventYearFigures, ParticipantCount
from participation.programme.models import IndicatorValue, IndicatorYearFigures
from tests import factories

pytestmark = [
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.django_db(transaction=True, databases=["default", "owner"]),
]


def test_a_truncate_rebuilds_the_trends_figures(bodo, user_factory):
    # given an event with participants and an approved value at target, last year, in Bodø
    year = timezone.localdate().year - 1
    initiative = factories.InitiativeFactory(municipality=bodo)
    event = factories.InvolvementEventFactory(initiative=initiative, date=datetime.date(year, 5, 1))
    factories.ParticipantCountFactory(event=event, count=12)
    indicator = factories.IndicatorFactory(direction="higher", target=10)
    factories.IndicatorValueFactory(
        municipality=bodo,
        indicator=indicator,
        period=factories.ReportingPeriodFactory(strategy=indicator.strategy, year=year),
        value=11,
        status=IndicatorValue.Status.APPROVED,
    )
    staff = user_factory(
        username="truncate-staff", role=RoleAssignment.Role.MUNICIPAL, role__municipality=bodo
    )
    (shown,) = [y for y in trend_years(staff, timezone.localdate()) if y.year == year]
    assert (shown.events, shown.participants, shown.values_total, shown.values_on_target) == (
        1,
        12,
        1,
        1,
    )
    # when the owner truncates the participant counts and the indicator values
    with connections["owner"].cursor() as cursor:
        cursor.execute("TRUNCATE involvement_participantcount")
        cursor.execute("TRUNCATE programme_indicatorvalue")
    # then the trends count none of them, and still the event
    assert not ParticipantCount.objects.exists()
    (shown,) = [y for y in trend_years(staff, timezone.localdate()) if y.year == year]
    assert (shown.events, shown.participants, shown.values_total, shown.values_on_target) == (
        1,
        0,
        0,
        0,
    )
    assert EventYearFigures.objects.get(municipality=bodo, year=year).participant_count == 0
    assert not IndicatorYearFigures.objects.filter(value_count__gt=0).exists()
    # and the read models are what a rebuild from the rows gives
    call_command("rebuild_read_models", "--check", verbosity=0)
