"""Factories for the domain's rows (factory-boy): the one place that knows how to build a valid
one with plain defaults; a test states only what it is about.

Places (counties, regions, municipalities) are not made here: they come from the reference data
that tests/conftest.py loads, and a row's municipality defaults to Bodø (1804). Vocabulary entries
are the tests' own (codes starting with "test-"), fetched or created by code, so asking twice for
"test-homeless" gives the same row. tests/conftest.py offers each factory as a fixture
(`initiative_factory`, `event_factory`, ...) and the test vocabulary as `vocab`.

Many-to-many fields are given as lists (`target_groups=[...]`, `themes=[...]`) and default to
none, so a test of what is recorded for a change sees only the rows it asked for.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import factory
from django.contrib.auth.models import User
from factory.django import DjangoModelFactory

from participation.accounts.models import RoleAssignment
from participation.involvement.models import Initiative, Input, InvolvementEvent, ParticipantCount
from participation.places.models import (
    Indicator,
    Instrument,
    Method,
    Municipality,
    ParticipationForm,
    Strategy,
    TargetGroup,
    Theme,
)
from participation.programme.models import (
    Commitment,
    Grant,
    IndicatorValue,
    Meeting,
    ProgrammeAgreement,
    ReportingPeriod,
    RiskFlag,
)

PASSWORD = "pw-for-tests-only"


def bodo() -> Municipality:
    return Municipality.objects.get(number="1804")


def _many(field: str) -> Any:
    """A many-to-many field given as a list at build time (none unless given)."""

    def set_rows(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            getattr(obj, field).set(extracted)

    return factory.PostGeneration(set_rows)


# --- people ----------------------------------------------------------------------------------


def _assign_role(user: User, create: bool, extracted: str | None, **scope: Any) -> None:
    if create and extracted:
        RoleAssignment.objects.create(user=user, role=extracted, **scope)


class UserFactory(DjangoModelFactory[User]):
    """A user with the tests' password; `role=` gives them a role assignment too, scoped by
    `role__region=` or `role__municipality=`."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user-{n}")
    password = factory.django.Password(PASSWORD)

    role = factory.PostGeneration(_assign_role)


# --- vocabularies ----------------------------------------------------------------------------


class TargetGroupFactory(DjangoModelFactory[TargetGroup]):
    class Meta:
        model = TargetGroup
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test-target-group-{n}")
    name = factory.Sequence(lambda n: f"Målgruppe {n} (test)")


class MethodFactory(DjangoModelFactory[Method]):
    class Meta:
        model = Method
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test-method-{n}")
    name = factory.Sequence(lambda n: f"Metode {n} (test)")


class ThemeFactory(DjangoModelFactory[Theme]):
    class Meta:
        model = Theme
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test-theme-{n}")
    name = factory.Sequence(lambda n: f"Tema {n} (test)")


class ParticipationFormFactory(DjangoModelFactory[ParticipationForm]):
    class Meta:
        model = ParticipationForm
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test-form-{n}")
    name = factory.Sequence(lambda n: f"Medvirkningsform {n} (test)")


# The tests' vocabulary, by the key tests use for it: (factory, code, Norwegian name).
VOCABULARY: dict[str, tuple[type[DjangoModelFactory[Any]], str, str]] = {
    "homeless": (TargetGroupFactory, "test-homeless", "Bostedsløse (test)"),
    "youth": (TargetGroupFactory, "test-youth", "Unge (test)"),
    "cafe": (MethodFactory, "test-dialogue-cafe", "Dialogkafé (test)"),
    "user_form": (ParticipationFormFactory, "test-user", "Brukermedvirkning (test)"),
    "cocreation": (ParticipationFormFactory, "test-cocreation", "Samskaping (test)"),
    "safety": (ThemeFactory, "test-safety", "Trygghet (test)"),
    "design": (ThemeFactory, "test-design", "Utforming (test)"),
}


def vocabulary() -> dict[str, Any]:
    """The tests' vocabulary entries, created on first use."""
    return {
        key: model_factory(code=code, name=name)
        for key, (model_factory, code, name) in VOCABULARY.items()
    }


# --- involvement -----------------------------------------------------------------------------


class InitiativeFactory(DjangoModelFactory[Initiative]):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    municipality = factory.LazyFunction(bodo)
    name = factory.Sequence(lambda n: f"Tiltak {n:03d}")
    aim = "Help people from temporary to permanent housing."
    target_groups = _many("target_groups")
    participation_forms = _many("participation_forms")
    goals = _many("goals")
    priority_areas = _many("priority_areas")


class InvolvementEventFactory(DjangoModelFactory[InvolvementEvent]):
    class Meta:
        model = InvolvementEvent
        skip_postgeneration_save = True

    initiative = factory.SubFactory(InitiativeFactory)
    title = factory.Sequence(lambda n: f"Dialogmøte {n}")
    date = datetime.date(2025, 3, 1)
    method = factory.SubFactory(MethodFactory, code="test-dialogue-cafe", name="Dialogkafé (test)")
    themes = _many("themes")


class ParticipantCountFactory(DjangoModelFactory[ParticipantCount]):
    class Meta:
        model = ParticipantCount

    event = factory.SubFactory(InvolvementEventFactory)
    target_group = factory.SubFactory(
        TargetGroupFactory, code="test-homeless", name="Bostedsløse (test)"
    )
    role = "resident"
    count = 1


class InputFactory(DjangoModelFactory[Input]):
    class Meta:
        model = Input

    event = factory.SubFactory(InvolvementEventFactory)
    theme = factory.SubFactory(ThemeFactory, code="test-safety", name="Trygghet (test)")
    summary = "Wish for safer entrances."


# --- strategies, periods and indicator values ------------------------------------------------


class StrategyFactory(DjangoModelFactory[Strategy]):
    class Meta:
        model = Strategy
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test-strategy-{n}")
    name = factory.Sequence(lambda n: f"Teststrategi {n}")
    start_year = 2024
    end_year = 2030


class IndicatorFactory(DjangoModelFactory[Indicator]):
    class Meta:
        model = Indicator

    strategy = factory.SubFactory(StrategyFactory)
    code = factory.Sequence(lambda n: f"test-indicator-{n}")
    name = factory.Sequence(lambda n: f"Testindikator {n}")
    unit = Indicator.Unit.COUNT
    direction = Indicator.Direction.HIGHER


class ReportingPeriodFactory(DjangoModelFactory[ReportingPeriod]):
    """A calendar year (2025 unless `year=` says otherwise), named after it."""

    class Meta:
        model = ReportingPeriod

    class Params:
        year = 2025

    strategy = factory.SubFactory(StrategyFactory)
    name = factory.LazyAttribute(lambda o: f"{o.year}")
    kind = ReportingPeriod.Kind.YEAR
    start_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 1, 1))
    end_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 12, 31))


class IndicatorValueFactory(DjangoModelFactory[IndicatorValue]):
    class Meta:
        model = IndicatorValue

    municipality = factory.LazyFunction(bodo)
    indicator = factory.SubFactory(IndicatorFactory)
    period = factory.SubFactory(
        ReportingPeriodFactory, strategy=factory.SelfAttribute("..indicator.strategy")
    )
    value = Decimal("5")


# --- the programme ---------------------------------------------------------------------------


class ProgrammeAgreementFactory(DjangoModelFactory[ProgrammeAgreement]):
    class Meta:
        model = ProgrammeAgreement

    municipality = factory.LazyFunction(bodo)
    level = ProgrammeAgreement.Level.BASIC
    start_date = datetime.date(2024, 1, 1)
    end_date = datetime.date(2027, 12, 31)


class RiskFlagFactory(DjangoModelFactory[RiskFlag]):
    class Meta:
        model = RiskFlag

    municipality = factory.LazyFunction(bodo)
    kind = RiskFlag.Kind.UNSPENT
    raised_on = datetime.date(2025, 1, 1)


class GrantFactory(DjangoModelFactory[Grant]):
    """A year's grant from the first instrument of the reference data."""

    class Meta:
        model = Grant

    municipality = factory.LazyFunction(bodo)
    instrument = factory.LazyFunction(lambda: Instrument.objects.order_by("pk").first())
    year = 2025


class MeetingFactory(DjangoModelFactory[Meeting]):
    """A meeting; `municipalities=[...]` says whose it is."""

    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    kind = Meeting.Kind.OPERATIVE
    title = "Driftsmøte"
    date = datetime.date(2025, 3, 1)
    municipalities = _many("municipalities")


class CommitmentFactory(DjangoModelFactory[Commitment]):
    class Meta:
        model = Commitment

    municipality = factory.LazyFunction(bodo)
    meeting = factory.SubFactory(MeetingFactory)
    description = "Send the draft plan."
    due_date = datetime.date(2025, 4, 1)
