"""Proportions with Wilson intervals, a named two-sample test, and the sample a test would need.

Every formula is a well-kept library's (statsmodels, scipy); this module only chooses which one
applies and says so, so a manager can check a claim with the same test elsewhere.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

# scipy and statsmodels are imported where used, not here: together they are ~100 MB of
# memory and a second of start-up that every request would otherwise pay for (make bench).

ALPHA = 0.05  # a difference is called likely real below this p-value
POWER = 0.8  # the power the "more needed" estimate aims for
CORRECTION = "bonferroni"  # for testing many groups at once: see standouts
MAX_EFFECT = 2.0  # Cohen's h beyond which the power solver is not asked (see more_needed)
MIN_EXPECTED = 5  # below this expected count in a cell, the z-test's normal approximation fails


@dataclass(frozen=True)
class Proportion:
    """hits out of base (opportunities out of leads), with a 95 % Wilson interval.

    `share` and the interval are None with no base; a share above 1 (more hits than base, a
    sign of inconsistent logging) gets no interval, since no interval is meaningful then.
    """

    hits: int
    base: int
    share: float | None
    low: float | None
    high: float | None

    @property
    def inconsistent(self) -> bool:
        return self.hits > self.base


def proportion(hits: float, base: float) -> Proportion:
    from statsmodels.stats.proportion import proportion_confint
    h, b = round(hits), round(base)
    if b <= 0:
        return Proportion(h, b, None, None, None)
    if h > b:
        return Proportion(h, b, h / b, None, None)
    low, high = proportion_confint(h, b, alpha=ALPHA, method="wilson")
    return Proportion(h, b, h / b, float(low), float(high))


class StatTest(StrEnum):
    FISHER = "fisher"  # Fisher's exact test: small counts
    ZTEST = "ztest"  # two-proportion z-test: counts large enough for the normal approximation


class Verdict(StrEnum):
    LIKELY_REAL = "likely_real"
    NOT_SIGNIFICANT = "not_significant"  # enough data, and no difference beyond chance
    NEED_MORE = "need_more"  # not significant yet; `more_needed` says how much more data
    NO_DATA = "no_data"  # one side has no base at all


@dataclass(frozen=True)
class Comparison:
    before: Proportion
    after: Proportion
    verdict: Verdict
    test: StatTest | None = None
    p_value: float | None = None
    more_needed: int | None = None  # base units (leads, meetings booked) still to observe


def _test(before: Proportion, after: Proportion) -> tuple[StatTest, float]:
    from scipy.stats import fisher_exact
    from statsmodels.stats.proportion import proportions_ztest
    table = [[before.hits, before.base - before.hits], [after.hits, after.base - after.hits]]
    total = before.base + after.base
    hits = before.hits + after.hits
    expected = [row * col / total for row in (before.base, after.base)
                for col in (hits, total - hits)]
    if min(expected) < MIN_EXPECTED:
        _, p = fisher_exact(table, alternative="two-sided")
        return StatTest.FISHER, float(p)
    _, p = proportions_ztest([before.hits, after.hits], [before.base, after.base])
    return StatTest.ZTEST, float(p)


def more_needed(before: Proportion, after: Proportion, *, alpha: float = ALPHA,
                power: float = POWER) -> int | None:
    """How many more base units (both sides together, added evenly) would give a two-sided
    two-proportion test `power` to detect the difference seen so far; None when no difference
    is seen (no sample size detects a zero effect)."""
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import proportion_effectsize
    if before.share is None or after.share is None or before.share == after.share:
        return None
    p1, p2 = min(max(before.share, 0.0), 1.0), min(max(after.share, 0.0), 1.0)
    effect = abs(float(proportion_effectsize(p1, p2)))
    if effect == 0:
        return None
    # statsmodels' root finder does not converge for huge effects (h near pi, a few units a
    # side); capping h at 2 (about 4 a side) errs towards asking for slightly more data
    per_side = NormalIndPower().solve_power(effect_size=min(effect, MAX_EFFECT), alpha=alpha,
                                            power=power, ratio=1.0, alternative="two-sided")
    need = math.ceil(float(per_side))
    return max(0, need - before.base) + max(0, need - after.base)


def compare(before: Proportion, after: Proportion, *, alpha: float = ALPHA) -> Comparison:
    """Before against after: the test that fits the counts, its p-value, and a verdict that
    never calls noise a finding."""
    if before.base <= 0 or after.base <= 0 or before.inconsistent or after.inconsistent:
        return Comparison(before, after, Verdict.NO_DATA)
    test, p = _test(before, after)
    if p < alpha:
        return Comparison(before, after, Verdict.LIKELY_REAL, test, p)
    more = more_needed(before, after, alpha=alpha)
    if more:
        return Comparison(before, after, Verdict.NEED_MORE, test, p, more)
    return Comparison(before, after, Verdict.NOT_SIGNIFICANT, test, p)


@dataclass(frozen=True)
class Standout:
    """A group (a source, a technique) whose rate differs from the rest beyond chance."""

    key: str
    proportion: Proportion
    rest: Proportion
    test: StatTest
    p_value: float  # Bonferroni-corrected for testing every group


def standouts(groups: Sequence[tuple[str, Proportion]], *, alpha: float = ALPHA
              ) -> tuple[Standout | None, Standout | None]:
    """The best and the worst group, each only when it differs from all the other groups
    together significantly after a Bonferroni correction for the number of groups tested
    (valid whatever the tests' dependence; statsmodels' Holm runs gc.collect() on every call,
    which costs a request hundreds of milliseconds)."""
    from statsmodels.stats.multitest import multipletests
    usable = [(k, p) for k, p in groups if p.base > 0 and not p.inconsistent]
    if len(usable) < 2:
        return None, None
    hits = sum(p.hits for _, p in usable)
    base = sum(p.base for _, p in usable)
    tested: list[tuple[str, Proportion, Proportion, StatTest, float]] = []
    for key, p in usable:
        rest = proportion(hits - p.hits, base - p.base)
        test, value = _test(p, rest)
        tested.append((key, p, rest, test, value))
    _, adjusted, _, _ = multipletests([t[4] for t in tested], alpha=alpha, method=CORRECTION)
    found = [Standout(k, p, r, t, float(a)) for (k, p, r, t, _), a in zip(tested, adjusted,
                                                                          strict=True)
             if a < alpha]
    above = [s for s in found if (s.proportion.share or 0) > (s.rest.share or 0)]
    below = [s for s in found if (s.proportion.share or 0) < (s.rest.share or 0)]
    best = max(above, key=lambda s: s.proportion.share or 0, default=None)
    worst = min(below, key=lambda s: s.proportion.share or 0, default=None)
    return best, worst
