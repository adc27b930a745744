"""Fixtures for the review of indicator values: a strategy with two indicators and two yearly
periods (2024 closed, 2025 open)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from participation.places.models import Indicator, Strategy
from participation.programme.models import IndicatorValue, ReportingPeriod
from tests.factories import ReportingPeriodFactory


@pytest.fixture
def strategy(strategy_factory) -> Strategy:  # type: ignore[no-untyped-def]
    return strategy_factory(
        code="review-strategy", name="Review strategy", start_year=2024, end_year=2030
    )


@pytest.fixture
def indicators(strategy, indicator_factory) -> list[Indicator]:  # type: ignore[no-untyped-def]
    return [
        indicator_factory(
            strategy=strategy,
            code=f"review-{n}",
            name=f"Review indicator {n}",
            unit=Indicator.Unit.COUNT,
            direction=Indicator.Direction.HIGHER,
            baseline=Decimal("10"),
            target=Decimal("40"),
        )
        for n in (1, 2)
    ]


def _period(strategy: Strategy, year: int, status: str) -> ReportingPeriod:
    return ReportingPeriodFactory.create(
        strategy=strategy, year=year, name=f"Year {year}", status=status
    )


@pytest.fixture
def previous_period(strategy, indicators) -> ReportingPeriod:  # type: ignore[no-untyped-def]
    return _period(strategy, 2024, ReportingPeriod.Status.CLOSED)


@pytest.fixture
def period(strategy, indicators) -> ReportingPeriod:  # type: ignore[no-untyped-def]
    return _period(strategy, 2025, ReportingPeriod.Status.OPEN)


@pytest.fixture
def make_value(bodo, value_factory):  # type: ignore[no-untyped-def]
    """A value for Bodø, submitted for review unless `status` says otherwise."""

    def make(  # type: ignore[no-untyped-def]
        indicator: Indicator,
        period: ReportingPeriod,
        value: str = "5",
        status: str = IndicatorValue.Status.SUBMITTED,
        municipality=None,
    ) -> IndicatorValue:
        return value_factory(
            municipality=municipality or bodo,
            indicator=indicator,
            period=period,
            value=value,
            status=status,
        )

    return make
