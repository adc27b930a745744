"""The disclosure-control primitives (participation/reports/disclosure.py): how one figure is
published. The attack on whole reports is test_disclosure_attack.py."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from django.test import override_settings

from participation.reports import disclosure
from participation.reports.disclosure import Keyed
from participation.reports.document import SUPPRESSED, WITHHELD

S, W = SUPPRESSED, WITHHELD


def test_a_municipalitys_own_figures_are_exact() -> None:
    assert [disclosure.count(n, False) for n in (0, 1, 4, 5, 123)] == [0, 1, 4, 5, 123]
    assert disclosure.share(1, 3, Decimal(33), False) == 33
    assert disclosure.mean_rating(7, 2, False) == 3.5
    assert disclosure.total(Decimal("3"), "x", 0, False) == 3


@pytest.mark.parametrize("n", [0, 1, 2, 3, 4])
def test_under_five_is_always_less_than_five_zero_included(n: int) -> None:
    assert disclosure.count(Keyed(n, "event", 12345), True) == S


def test_a_protected_count_is_never_1_to_4_and_within_two_of_the_truth() -> None:
    for n in range(5, 60):
        for key in range(40):
            shown = disclosure.count(Keyed(n, "event", key), True)
            if shown == S:
                assert n - 2 < 5
            else:
                assert isinstance(shown, int)
                assert shown >= 5
                assert abs(shown - n) <= disclosure.MAX_NOISE


def test_the_same_rows_always_get_the_same_noise() -> None:
    first = [disclosure.count(Keyed(20, "event", key), True) for key in range(50)]
    again = [disclosure.count(Keyed(20, "event", key), True) for key in range(50)]
    assert first == again
    assert len(set(first)) > 1  # different rows, different noise


def test_the_noise_follows_the_table() -> None:
    seen = Counter(disclosure.noise("people", 100, key) for key in range(20000))
    assert set(seen) == {-2, -1, 0, 1, 2}
    for noise, weight in disclosure.NOISE_TABLE:
        assert abs(seen[noise] / 20000 - weight / 256) < 0.02


def test_the_noise_depends_on_the_secret_key() -> None:
    before = [disclosure.noise("event", 10, key) for key in range(64)]
    with override_settings(DISCLOSURE_KEY="another key"):
        after = [disclosure.noise("event", 10, key) for key in range(64)]
    assert before != after


def test_a_protected_count_needs_its_key() -> None:
    with pytest.raises(TypeError):
        disclosure.count(17, True)


def test_keys_add_up_for_disjoint_rows() -> None:
    a, b = Keyed(3, "event", 10), Keyed(4, "event", 20)
    both = a + b
    assert isinstance(both, Keyed)
    assert (int(both), both.key) == (7, 30)
    assert isinstance(sum([a, b]), Keyed)
    rest = both - a
    assert isinstance(rest, Keyed)
    assert (int(rest), rest.key) == (4, 20)
    # different kinds of row have no common key
    assert type(a + Keyed(1, "input", 5)) is int


def test_shares_come_from_the_published_counts() -> None:
    assert disclosure.share_of(S, 20) == W
    assert disclosure.share_of(10, S) == W
    assert disclosure.share_of(10, 20) == 50
    assert disclosure.share_of(22, 20) == 100  # noise may take a part above its whole
    assert disclosure.share_of(None, 20) is None
    assert disclosure.share(0, 0, None, True) is None
    shown = disclosure.share(Keyed(10, "input", 1), Keyed(20, "input", 2), Decimal(50), True)
    assert shown == disclosure.share_of(
        disclosure.count(Keyed(10, "input", 1), True), disclosure.count(Keyed(20, "input", 2), True)
    )


def test_mean_ratings_need_a_shown_count_of_assessments() -> None:
    assert disclosure.mean_rating(8, Keyed(4, "assessment", 1), True) == W
    assert disclosure.mean_rating(0, Keyed(0, "assessment", 0), True) is None
    many = Keyed(30, "assessment", 1)
    assert disclosure.mean_rating(75, many, True) == 2.5


def test_sums_of_indicator_values() -> None:
    assert disclosure.total(None, "x", 0, True) is None
    assert disclosure.total(Decimal("4.5"), "x", 0, True) == S
    shown = disclosure.total(Decimal("40"), "x", 99, True)
    assert isinstance(shown, int)
    assert abs(shown - 40) <= 2


def test_what_a_reader_can_tell() -> None:
    assert disclosure.bounds(S) == (0, 6)
    assert disclosure.bounds(5) == (5, 7)
    assert disclosure.bounds(12) == (10, 14)
    assert disclosure.bounds(W) is None
    assert disclosure.bounds(None) is None
