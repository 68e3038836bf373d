"""Attainment, pace and what is needed per remaining working day."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from bot.kpi.rounding import Number, exact

ATTAINMENT_CAP = 1.5  # no one climbs a ranking by inflating one vanity metric
ON_TRACK_BAND = 0.05  # within 5 % of expected-to-date counts as on track


class PaceStatus(StrEnum):
    AHEAD = "ahead"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    DONE = "done"  # target already met


@dataclass(frozen=True)
class Pace:
    """Exact fractions, so what is printed rounds the one way a reader rounds by hand."""

    target: Fraction
    actual: Fraction
    expected_to_date: Fraction
    status: PaceStatus
    remaining_days: int
    needed_per_day: Fraction | None  # None when nothing is needed or no working day is left

    @property
    def attainment(self) -> Fraction | None:
        return attainment(self.actual, self.target)


def attainment(actual: Number, target: Number) -> Fraction | None:
    """actual / target, or None when there is no positive target."""
    if target <= 0:
        return None
    return exact(actual) / exact(target)


def capped(value: float, cap: float = ATTAINMENT_CAP) -> float:
    return min(value, cap)


def average_capped_attainment(pairs: Iterable[tuple[Number, Number]]) -> Fraction | None:
    """Mean attainment over (actual, target) pairs with a positive target, each capped; exact,
    so two SDRs level on the leaderboard stay level and 12.5 % rounds up everywhere."""
    cap = exact(ATTAINMENT_CAP)
    values = [min(exact(a) / exact(t), cap) for a, t in pairs if t > 0]
    if not values:
        return None
    return sum(values, Fraction(0)) / len(values)


def pace(*, target: Number, actual: Number, elapsed_days: int, total_days: int) -> Pace:
    """Pace against a target.

    `elapsed_days` are the working days already over (today is not: the SDR still has it), so on a
    Monday morning nobody is behind, and "needed per day" counts today among the days left.
    """
    target, actual = exact(target), exact(actual)
    band = exact(ON_TRACK_BAND)
    remaining = max(total_days - elapsed_days, 0)
    expected = (
        target if total_days <= 0 else target * min(elapsed_days, total_days) / total_days
    )
    if target > 0 and actual >= target:
        status = PaceStatus.DONE
    elif actual > expected * (1 + band):  # within 5 % (inclusive) is on track
        status = PaceStatus.AHEAD
    elif actual >= expected * (1 - band):
        status = PaceStatus.ON_TRACK
    else:
        status = PaceStatus.BEHIND
    gap = target - actual
    needed = gap / remaining if gap > 0 and remaining > 0 else None
    return Pace(target, actual, expected, status, remaining, needed)
