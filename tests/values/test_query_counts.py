"""Pinned query counts of the reporting-period list and the value form."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from participation.places.models import Indicator
from participation.programme.models import IndicatorValue, ReportingPeriod

# Session, user, role check, municipality, the menu's task count, then the page's own: periods
# with their counts.
PERIOD_LIST_QUERIES = 6
# … municipality, period, grants (the permission check), indicators, saved values.
FORM_QUERIES = 8


def _grow(strategy, bodo, period, n: int) -> None:  # type: ignore[no-untyped-def]
    """More indicators with values, and another closed period."""
    for i in range(n):
        indicator = Indicator.objects.create(
            strategy=strategy,
            code=f"extra-{n}-{i}",
            name=f"Extra {i}",
            unit="count",
            direction="higher",
        )
        IndicatorValue.objects.create(
            municipality=bodo, indicator=indicator, period=period, value=i
        )
    ReportingPeriod.objects.create(
        strategy=strategy,
        name=f"Q{n}",
        kind="quarter",
        start_date=datetime.date(2020, n, 1),
        end_date=datetime.date(2020, n, 28),
        status="closed",
    )


@pytest.mark.parametrize(
    ("name", "limit"), [("period-list", PERIOD_LIST_QUERIES), ("period-values", FORM_QUERIES)]
)
def test_query_count_is_pinned_and_does_not_grow_with_data(
    client,
    staff_bodo,
    bodo,
    strategy,
    open_period,
    name,
    limit,
    django_assert_max_num_queries,
    count_queries,
):
    # given
    client.force_login(staff_bodo)
    args = [bodo.number] if name == "period-list" else [bodo.number, open_period.pk]
    url = reverse(f"participation:{name}", args=args)
    _grow(strategy, bodo, open_period, 2)
    with django_assert_max_num_queries(limit):
        client.get(url)
    before = count_queries(client, url)
    # when the data grows
    _grow(strategy, bodo, open_period, 5)
    # then
    assert count_queries(client, url) == before
