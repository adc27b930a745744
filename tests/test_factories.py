"""The factories of tests/factories.py build rows the models' own validation accepts."""

from __future__ import annotations

import pytest

from participation.accounts.models import RoleAssignment
from tests import factories

ALL = [
    factories.UserFactory,
    factories.TargetGroupFactory,
    factories.MethodFactory,
    factories.ThemeFactory,
    factories.ParticipationFormFactory,
    factories.InitiativeFactory,
    factories.InvolvementEventFactory,
    factories.ParticipantCountFactory,
    factories.InputFactory,
    factories.StrategyFactory,
    factories.IndicatorFactory,
    factories.ReportingPeriodFactory,
    factories.IndicatorValueFactory,
    factories.ProgrammeAgreementFactory,
    factories.RiskFlagFactory,
    factories.GrantFactory,
    factories.MeetingFactory,
    factories.CommitmentFactory,
]


@pytest.mark.django_db
@pytest.mark.parametrize("factory", ALL, ids=lambda f: f.__name__)
def test_each_factory_builds_a_valid_row(factory) -> None:  # type: ignore[no-untyped-def]
    # when
    first, second = factory(), factory()
    # then
    first.full_clean()
    second.full_clean()
    assert first.pk != second.pk


@pytest.mark.django_db
def test_the_vocabulary_is_fetched_not_made_twice() -> None:
    # when
    first, second = factories.vocabulary(), factories.vocabulary()
    # then
    assert {key: row.pk for key, row in first.items()} == {
        key: row.pk for key, row in second.items()
    }
    assert first["homeless"].name == "Bostedsløse (test)"


@pytest.mark.django_db
def test_many_to_many_fields_are_set_as_given_and_empty_otherwise(bodo) -> None:  # type: ignore[no-untyped-def]
    # given
    vocab = factories.vocabulary()
    # when
    bare = factories.InitiativeFactory()
    with_groups = factories.InitiativeFactory(target_groups=[vocab["homeless"], vocab["youth"]])
    meeting = factories.MeetingFactory(municipalities=[bodo])
    # then
    assert not bare.target_groups.exists()
    assert set(with_groups.target_groups.all()) == {vocab["homeless"], vocab["youth"]}
    assert list(meeting.municipalities.all()) == [bodo]
    assert bare.municipality == bodo


@pytest.mark.django_db
def test_a_user_gets_the_tests_password_and_the_role_asked_for(bodo) -> None:  # type: ignore[no-untyped-def]
    # when
    user = factories.UserFactory.create(role=RoleAssignment.Role.VIEWER, role__municipality=bodo)
    # then
    assert user.check_password(factories.PASSWORD)
    assert list(user.role_assignments.values_list("role", "municipality__number")) == [
        ("viewer", "1804")
    ]
