"""The disclosure-control primitives (participation/reports/disclosure.py): how one figure is
published. The attack on whole reports is test_disclosure_attack.py."""

from __future__ import annotations

import math
from collections import Counter
from decimal import Decimal
from fractions import Fraction

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


def test_a_protected_count_is_never_1_to_4() -> None:
    for n in range(5, 60):
        for key in range(40):
            shown = disclosure.count(Keyed(n, "event", key), True)
            if shown != S:
                assert isinstance(shown, int)
                assert shown >= 5
                assert shown == n + disclosure.noise("event", n, key)


def test_the_same_rows_always_get_the_same_noise() -> None:
    first = [disclosure.count(Keyed(20, "event", key), True) for key in range(50)]
    again = [disclosure.count(Keyed(20, "event", key), True) for key in range(50)]
    assert first == again
    assert len(set(first)) > 1  # different rows, different noise


def test_the_noise_follows_the_discrete_laplace_distribution() -> None:
    """P(noise = k) = 5/11 · (3/8)^|k| for every whole k: 0 in 45 %, ±1 in 17 % each, ±2 in
    6.4 % each, ±3 in 2.4 % each...: no largest size."""
    draws = 40000
    seen = Counter(disclosure.noise("people", 100, key) for key in range(draws))
    assert disclosure.noise_probability(0) == Fraction(5, 11)
    assert disclosure.noise_probability(-2) == disclosure.noise_probability(2)
    assert disclosure.noise_probability(2) == Fraction(5, 11) * Fraction(9, 64)
    for k in range(-4, 5):
        expected = float(disclosure.noise_probability(k))
        # within four standard deviations of a share of 40 000 draws
        assert abs(seen[k] / draws - expected) < 4 * (expected / draws) ** 0.5, k
    assert sum(seen.values()) == draws
    # the tails go on: some noise beyond ±5 (about 0.4 % of the draws), on both sides
    assert any(k < -5 for k in seen)
    assert any(k > 5 for k in seen)
    assert sum(abs(k) * n for k, n in seen.items()) / draws == pytest.approx(0.873, abs=0.03)


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
    for key in range(30):
        shown = disclosure.total(Decimal("40"), "x", key, True)
        assert shown == 40 + disclosure.noise("x", "40", key)


def test_magnitudes_need_five_contributors_and_are_perturbed() -> None:
    """Sums in NOK and averages of percentages and rates over other municipalities: withheld
    over fewer than 5 (published) contributors, else changed by 1 % per unit of noise."""
    assert disclosure.magnitude(Decimal("125000"), 1, "nok", 0, False) == 125000
    assert disclosure.magnitude(None, 3, "nok", 0, True) is None
    assert disclosure.magnitude(Decimal("5"), 0, "nok", 0, True) is None
    few = Keyed(4, "indicator_value", 7)
    assert disclosure.magnitude(Decimal("2125000"), few, "nok", 1, True) == W
    changed = 0
    for key in range(40):
        many = Keyed(30, "indicator_value", key)
        shown = disclosure.magnitude(Decimal("2000000"), many, "nok", key, True)
        if disclosure.count(many, True) == S:
            assert shown == W
            continue
        noise = disclosure.noise("nok", "2000000", key)
        assert shown == 2000000 + noise * 20000
        changed += noise != 0
        mean = disclosure.magnitude(Decimal("50.5"), many, "mean", key, True, Decimal("0.1"))
        noise = disclosure.noise("mean", "50.5", key)
        assert mean == float(
            (Decimal("50.5") * (1 + noise * Decimal("0.01"))).quantize(Decimal("0.1"))
        )
    assert changed > 10


def test_what_a_reader_can_tell() -> None:
    """The noise has no largest size: nothing bounds a protected count from above."""
    assert disclosure.bounds(S) == (0, math.inf)
    assert disclosure.bounds(5) == (5, math.inf)
    assert disclosure.bounds(12) == (5, math.inf)
    assert disclosure.bounds(W) is None
    assert disclosure.bounds(None) is None
