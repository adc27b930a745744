"""Fixtures for the review of indicator values: a strategy with two indicators and two yearly
periods (2024 closed, 2025 open)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from participation.places.models import Indicator, Strategy
from participation.programme.models import IndicatorValue, ReportingPeriod


@pytest.fixture
def strategy(db) -> Strategy:  # type: ignore[no-untyped-def]
    return Strategy.objects.create(
        code="review-strategy", name="Review strategy", start_year=2024, end_year=2030
    )


@pytest.fixture
def indicators(strategy) -> list[Indicator]:  # type: ignore[no-untyped-def]
    return [
        Indicator.objects.create(
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
    return ReportingPeriod.objects.create(
        strategy=strategy,
        name=f"Year {year}",
        kind=ReportingPeriod.Kind.YEAR,
        start_date=datetime.date(year, 1, 1),
        end_date=datetime.date(year, 12, 31),
        status=status,
    )


@pytest.fixture
def previous_period(strategy, indicators) -> ReportingPeriod:  # type: ignore[no-untyped-def]
    return _period(strategy, 2024, ReportingPeriod.Status.CLOSED)


@pytest.fixture
def period(strategy, indicators) -> ReportingPeriod:  # type: ignore[no-untyped-def]
    return _period(strategy, 2025, ReportingPeriod.Status.OPEN)


@pytest.fixture
def make_value(bodo):  # type: ignore[no-untyped-def]
    def make(  # type: ignore[no-untyped-def]
        indicator: Indicator,
        period: ReportingPeriod,
        value: str = "5",
        status: str = IndicatorValue.Status.SUBMITTED,
        municipality=None,
    ) -> IndicatorValue:
        return IndicatorValue.objects.create(
            municipality=municipality or bodo,
            indicator=indicator,
            period=period,
            value=value,
            status=status,
        )

    return make
