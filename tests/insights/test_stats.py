"""Rates, intervals, tests and power against values computed by hand or by scipy here."""

from __future__ import annotations

import math

import pytest
from scipy.stats import fisher_exact, norm

from bot.insights.stats import StatTest, Verdict, compare, more_needed, proportion, standouts


def wilson_by_hand(hits: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


@pytest.mark.parametrize(("hits", "base"), [(0, 10), (3, 10), (10, 10), (37, 120), (1, 1)])
def test_the_wilson_interval_is_the_textbook_one(hits: int, base: int) -> None:
    p = proportion(hits, base)
    low, high = wilson_by_hand(hits, base)
    assert p.share == hits / base
    assert p.low == pytest.approx(low, abs=1e-9) and p.high == pytest.approx(high, abs=1e-9)


def test_zero_counts_give_no_share_and_no_interval() -> None:
    p = proportion(0, 0)
    assert (p.hits, p.base, p.share, p.low, p.high) == (0, 0, None, None, None)
    zero = proportion(0, 12)
    assert zero.share == 0 and zero.low == 0 and zero.high is not None and zero.high > 0


def test_more_hits_than_base_is_flagged_without_an_interval() -> None:
    p = proportion(12, 10)
    assert p.inconsistent and p.share == 1.2 and p.low is None and p.high is None
    assert compare(p, proportion(3, 10)).verdict is Verdict.NO_DATA


def test_large_counts_use_the_z_test_with_its_pooled_p_value() -> None:
    c = compare(proportion(5, 50), proportion(20, 50))
    pooled = 25 / 100
    z = (0.4 - 0.1) / math.sqrt(pooled * (1 - pooled) * (1 / 50 + 1 / 50))
    assert c.test is StatTest.ZTEST
    assert c.p_value == pytest.approx(2 * norm.sf(z), rel=1e-9)
    assert c.verdict is Verdict.LIKELY_REAL and c.more_needed is None


def test_small_counts_use_fishers_exact_test() -> None:
    c = compare(proportion(1, 8), proportion(6, 8))
    _, p = fisher_exact([[1, 7], [6, 2]])
    assert c.test is StatTest.FISHER and c.p_value == pytest.approx(p)
    assert c.verdict is Verdict.LIKELY_REAL


def test_an_unproven_difference_says_how_much_more_data_is_needed() -> None:
    before, after = proportion(10, 50), proportion(12, 50)
    c = compare(before, after)
    assert c.verdict is Verdict.NEED_MORE and c.p_value is not None and c.p_value > 0.05
    # Cohen's h; each arcsine-transformed share has variance 1/n, their difference 2/n, so
    # n = 2 ((z_0.975 + z_0.8) / h)^2 per side (Cohen 1988: h = 0.2 needs 392 a side)
    h = abs(2 * math.asin(math.sqrt(0.2)) - 2 * math.asin(math.sqrt(0.24)))
    per_side = 2 * ((norm.ppf(0.975) + norm.ppf(0.8)) / h) ** 2
    assert c.more_needed == more_needed(before, after)
    assert c.more_needed == pytest.approx(2 * (math.ceil(per_side) - 50), abs=2)


def test_the_power_estimate_matches_cohens_table() -> None:
    # shares 0.5 and 0.6 are h = 0.2013; Cohen's table gives about 392 a side for h = 0.2
    more = more_needed(proportion(0, 1), proportion(1, 1))
    assert more is not None
    half, sixty = proportion(50, 100), proportion(60, 100)
    need = more_needed(half, sixty)
    assert need is not None and 2 * (380 - 100) <= need <= 2 * (392 - 100)


def test_no_difference_at_all_is_not_significant_and_needs_no_estimate() -> None:
    c = compare(proportion(10, 50), proportion(10, 50))
    assert c.verdict is Verdict.NOT_SIGNIFICANT and c.more_needed is None
    assert c.p_value == pytest.approx(1.0)


def test_a_side_without_base_is_not_enough_data() -> None:
    c = compare(proportion(0, 0), proportion(5, 20))
    assert c.verdict is Verdict.NO_DATA and c.p_value is None


def test_standouts_only_where_the_corrected_test_supports_them() -> None:
    best, worst = standouts([("a", proportion(5, 100)), ("b", proportion(40, 100)),
                             ("c", proportion(20, 100))])
    assert best is not None and best.key == "b" and worst is not None and worst.key == "a"
    assert best.p_value < 0.05 and best.rest.hits == 25 and best.rest.base == 200
    # the same shares on a handful of counts: nothing to claim
    assert standouts([("a", proportion(1, 5)), ("b", proportion(2, 5)),
                      ("c", proportion(1, 5))]) == (None, None)
    assert standouts([("only", proportion(5, 10))]) == (None, None)
    assert standouts([("a", proportion(0, 0)), ("b", proportion(0, 0))]) == (None, None)
