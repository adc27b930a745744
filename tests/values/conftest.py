"""Fixtures for indicator values: a strategy with one indicator per unit, and its periods."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from participation.places.models import Indicator, Strategy
from participation.programme.models import IndicatorValue, ReportingPeriod
from tests.factories import ReportingPeriodFactory

Unit = Indicator.Unit


@pytest.fixture
def strategy(strategy_factory) -> Strategy:  # type: ignore[no-untyped-def]
    return strategy_factory(
        code="test-strategy", name="Test strategy", start_year=2024, end_year=2030
    )


@pytest.fixture
def indicators(strategy, indicator_factory) -> dict[str, Indicator]:  # type: ignore[no-untyped-def]
    """One indicator per unit, keyed by the unit."""
    return {
        unit: indicator_factory(
            strategy=strategy,
            code=f"test-{unit}",
            name=f"Test indicator {unit}",
            unit=unit,
            direction=Indicator.Direction.HIGHER,
        )
        for unit in Unit.values
    }


def _period(strategy: Strategy, year: int, status: str) -> ReportingPeriod:
    return ReportingPeriodFactory.create(
        strategy=strategy, year=year, deadline=datetime.date(year + 1, 3, 1), status=status
    )


@pytest.fixture
def open_period(strategy, indicators) -> ReportingPeriod:  # type: ignore[no-untyped-def]
    return _period(strategy, 2025, ReportingPeriod.Status.OPEN)


@pytest.fixture
def closed_period(strategy, indicators) -> ReportingPeriod:  # type: ignore[no-untyped-def]
    return _period(strategy, 2024, ReportingPeriod.Status.CLOSED)


@pytest.fixture
def make_value(bodo, value_factory):  # type: ignore[no-untyped-def]
    """A value for Bodø, a draft unless `status` says otherwise."""

    def make(
        indicator: Indicator,
        period: ReportingPeriod,
        value: str = "5",
        status: str = IndicatorValue.Status.DRAFT,
        comment: str = "",
        municipality=None,  # type: ignore[no-untyped-def]
    ) -> IndicatorValue:
        return value_factory(
            municipality=municipality or bodo,
            indicator=indicator,
            period=period,
            value=value,
            status=status,
            comment=comment,
        )

    return make


def values_url(municipality, period) -> str:  # type: ignore[no-untyped-def]
    return reverse("participation:period-values", args=[municipality.number, period.pk])
