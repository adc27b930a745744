"""Bad data is rejected by the database itself, not only by forms.

Each case writes straight through the ORM (`create`, `bulk_create`), past any form or `clean()`,
and expects PostgreSQL to refuse it.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction

from participation.accounts.models import RoleAssignment
from participation.involvement.models import Initiative, InvolvementEvent, ParticipantCount
from participation.places.models import (
    Indicator,
    Instrument,
    Method,
    Municipality,
    Strategy,
    SuccessCriterion,
    TargetGroup,
)
from participation.programme.models import (
    Grant,
    IndicatorValue,
    ProgrammeAgreement,
    ReportingPeriod,
    SuccessCriterionAssessment,
)

pytestmark = pytest.mark.django_db


def _rejected(make) -> None:  # type: ignore[no-untyped-def]
    """Assert that the database refuses the write done by `make`."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


@pytest.fixture
def initiative(bodo) -> Initiative:  # type: ignore[no-untyped-def]
    return Initiative.objects.create(municipality=bodo, name="Testtiltak", aim="Test.")


@pytest.fixture
def event(initiative) -> InvolvementEvent:  # type: ignore[no-untyped-def]
    return InvolvementEvent.objects.create(
        initiative=initiative,
        title="Testmøte",
        date=date(2026, 5, 1),
        method=Method.objects.get(code="dialogkafe"),
    )


@pytest.fixture
def period() -> ReportingPeriod:
    return ReportingPeriod.objects.create(
        strategy=Strategy.objects.get(code="alle-trenger-et-trygt-hjem"),
        name="2030",
        kind=ReportingPeriod.Kind.YEAR,
        start_date=date(2030, 1, 1),
        end_date=date(2030, 12, 31),
    )


def test_duplicate_municipality_number_is_rejected(bodo):
    # when / then
    _rejected(
        lambda: Municipality.objects.bulk_create(
            [Municipality(number="1804", name="Kopi", county=bodo.county)]
        )
    )


@pytest.mark.parametrize("number", ["180", "18A4", "abcd", " 180"])
def test_malformed_municipality_number_is_rejected(bodo, number):
    # when / then
    _rejected(lambda: Municipality.objects.create(number=number, name="Feil", county=bodo.county))


def test_second_value_for_the_same_municipality_indicator_and_period_is_rejected(bodo, period):
    # given
    indicator = Indicator.objects.get(strategy=period.strategy, code="bostedslose-husstander")
    IndicatorValue.objects.create(
        municipality=bodo, indicator=indicator, period=period, value=Decimal("10")
    )
    # when / then
    _rejected(
        lambda: IndicatorValue.objects.create(
            municipality=bodo, indicator=indicator, period=period, value=Decimal("11")
        )
    )


def test_negative_participant_count_is_rejected(event):
    # given
    group = TargetGroup.objects.get(code="bostedslose")
    # when / then
    _rejected(
        lambda: ParticipantCount.objects.bulk_create(
            [ParticipantCount(event=event, target_group=group, role="resident", count=-1)]
        )
    )


def test_participant_count_has_its_named_check_in_the_database():
    # when
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(
            cursor, ParticipantCount._meta.db_table
        )
    # then
    assert constraints["participant_count_not_negative"]["check"]


def test_initiative_ending_before_it_starts_is_rejected(bodo):
    # when / then
    _rejected(
        lambda: Initiative.objects.create(
            municipality=bodo,
            name="Baklengs",
            aim="Test.",
            start_date=date(2024, 1, 1),
            end_date=date(2023, 12, 31),
        )
    )


def test_feedback_given_before_the_event_is_rejected(initiative):
    # when / then
    _rejected(
        lambda: InvolvementEvent.objects.create(
            initiative=initiative,
            title="Tilbakemelding før møtet",
            date=date(2026, 5, 1),
            method=Method.objects.get(code="workshop"),
            feedback_given=date(2026, 5, 1) - timedelta(days=1),
        )
    )


def test_agreement_ending_before_it_starts_is_rejected(bodo):
    # when / then
    _rejected(
        lambda: ProgrammeAgreement.objects.create(
            municipality=bodo,
            level=ProgrammeAgreement.Level.TOWN,
            start_date=date(2020, 1, 1),
            end_date=date(2019, 12, 31),
        )
    )


def test_criterion_rating_outside_one_to_four_is_rejected(bodo):
    # given
    criterion = SuccessCriterion.objects.get(code="brukermedvirkning")
    # when / then
    _rejected(
        lambda: SuccessCriterionAssessment.objects.create(
            municipality=bodo,
            criterion=criterion,
            year=2026,
            assessor=SuccessCriterionAssessment.Assessor.ADVISER,
            rating=5,
        )
    )


def test_grant_paid_more_than_granted_is_rejected(bodo):
    # when / then
    _rejected(
        lambda: Grant.objects.create(
            municipality=bodo,
            instrument=Instrument.objects.get(code="kompetansetilskudd"),
            year=2026,
            granted=Decimal("100000"),
            paid=Decimal("100001"),
        )
    )


def test_municipal_role_without_a_municipality_is_rejected():
    # given
    user = get_user_model().objects.create_user(username="uten-kommune")
    # when / then
    _rejected(lambda: RoleAssignment.objects.create(user=user, role=RoleAssignment.Role.MUNICIPAL))


def test_valid_rows_are_accepted(bodo, event, period):
    # given: the happy counterparts of the cases above, so the checks are not simply always false
    group = TargetGroup.objects.get(code="bostedslose")
    # when
    ParticipantCount.objects.create(event=event, target_group=group, role="resident", count=0)
    Grant.objects.create(
        municipality=bodo,
        instrument=Instrument.objects.get(code="kompetansetilskudd"),
        year=2026,
        granted=Decimal("100000"),
        paid=Decimal("100000"),
    )
    RoleAssignment.objects.create(
        user=get_user_model().objects.create_user(username="med-kommune"),
        role=RoleAssignment.Role.MUNICIPAL,
        municipality=bodo,
    )
    # then
    assert Municipality.objects.filter(number="1804").count() == 1
