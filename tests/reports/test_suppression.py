"""The suppression rules, one by one (the figures tests check them inside whole reports)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from participation.reports import suppression as sup
from participation.reports.document import SUPPRESSED, WITHHELD

S, W = SUPPRESSED, WITHHELD


@pytest.mark.parametrize(
    ("n", "shown"), [(0, 0), (1, S), (3, S), (4, S), (5, 5), (120, 120), (None, None)]
)
def test_counts_from_1_to_4_are_suppressed(n, shown) -> None:  # type: ignore[no-untyped-def]
    assert sup.count(n, suppress=True) == shown


def test_a_municipalitys_own_report_shows_every_count() -> None:
    assert [sup.count(n, suppress=False) for n in (0, 1, 3, 4, 5)] == [0, 1, 3, 4, 5]


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [
        (10, 20, 50),  # nothing small
        (3, 20, W),  # the numerator is small
        (0, 4, W),  # the denominator is small
        (17, 20, W),  # the complement, 3, is small
        (20, 20, 100),  # complement 0: nothing hidden
        (0, 20, 0),  # numerator 0: nothing hidden
    ],
)
def test_shares_that_would_reveal_a_small_count_are_withheld(part, whole, shown) -> None:  # type: ignore[no-untyped-def]
    value = Decimal(part * 100 / whole).quantize(Decimal("1"))
    assert sup.share(part, whole, value, suppress=True) == shown
    assert sup.share(part, whole, value, suppress=False) == int(value)


def test_a_share_of_nothing_is_no_data() -> None:
    assert sup.share(0, 0, None, suppress=True) is None
    assert sup.share(0, 0, None, suppress=False) is None


def test_mean_ratings_need_five_assessments() -> None:
    assert sup.mean_rating(12, 4, suppress=True) == W
    assert sup.mean_rating(12, 4, suppress=False) == 3.0
    assert sup.mean_rating(14, 5, suppress=True) == 2.8  # 14 / 5
    assert sup.mean_rating(0, 0, suppress=True) is None


def test_indicator_values_of_unit_count() -> None:
    assert sup.indicator_value(Decimal("3.00"), unit_is_count=True, suppress=True) == S
    assert sup.indicator_value(Decimal("3.00"), unit_is_count=False, suppress=True) == 3
    assert sup.indicator_value(Decimal("3.00"), unit_is_count=True, suppress=False) == 3
    assert sup.indicator_value(Decimal("0"), unit_is_count=True, suppress=True) == 0
    assert sup.indicator_value(Decimal("12.50"), unit_is_count=True, suppress=True) == 12.5


def test_one_suppressed_cell_against_a_shown_total_takes_the_smallest_other_with_it() -> None:
    # 3 + 0 + 9 + 6 = 18: 3 alone hidden would be 18 − 9 − 6; the smallest non-zero other (6)
    # is withheld too. The zero stays.
    cells, total = sup.protect_total([S, 0, 9, 6], [3, 0, 9, 6], 18)
    assert (cells, total) == ([S, 0, 9, W], 18)


def test_ties_take_the_first() -> None:
    assert sup.protect_total([7, S, 7], [7, 2, 7], 16) == ([W, S, 7], 16)


def test_with_no_other_cell_to_hide_the_total_is_withheld() -> None:
    # Only reachable when the total is not itself small, e.g. a total counted differently.
    assert sup.protect_total([S, 0], [2, 0], 9) == ([S, 0], W)


@pytest.mark.parametrize(
    ("cells", "raw", "total"),
    [
        ([S, S, 9], [2, 3, 9], 14),  # two hidden: their sum is known, not each
        ([S, 9], [2, 9], S),  # the total is hidden too
        ([5, 9], [5, 9], 14),  # nothing hidden
        ([S, 9], [2, 9], None),  # no total shown
    ],
)
def test_nothing_more_to_hide(cells, raw, total) -> None:  # type: ignore[no-untyped-def]
    assert sup.protect_total(cells, raw, total) == (cells, total)


def test_protect_column_changes_rows_in_place() -> None:
    rows: list[list[object]] = [["a", S], ["b", 10], ["c", 20]]
    total = sup.protect_column(rows, 1, [4, 10, 20], 34)  # type: ignore[arg-type]
    assert rows == [["a", S], ["b", W], ["c", 20]]
    assert total == 34
