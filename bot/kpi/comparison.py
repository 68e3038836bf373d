"""Trend: a period against the one before, up to the same point, as SPEC's "Comparisons" say.

- a day: the SDR's previous working day, whole;
- a week in progress: the previous week's days up to the same weekday;
- a month or quarter in progress: the previous one up to the same team working-day offset;
- a complete period: the whole previous one.

No arrow for no change; below 5 in a count base (0 included) the two counts instead of a
percentage; a money base shows the two amounts only when it is 0.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.kpi.periods import MONDAY_TO_FRIDAY, Period, PeriodKind, is_working_day, working_days
from bot.kpi.rounding import Number, exact, percent_of

SMALL_BASE = 5  # below this many in a count base, a percentage says more than it knows
_LOOKBACK_DAYS = 366


class Basis(StrEnum):
    """What a period is compared with; each has its words in the catalogue (compare.*)."""

    PREVIOUS_WORKING_DAY = "previous_working_day"
    THIS_TIME_LAST = "this_time_last"  # a period in progress: the previous one to this point
    PREVIOUS = "previous"  # a complete period: the whole previous one


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"
    SAME = "same"


@dataclass(frozen=True)
class Comparison:
    basis: Basis
    kind: PeriodKind
    base_range: tuple[date, date]  # half-open


def comparison(period: Period, today: date, *, workdays: Collection[int] = MONDAY_TO_FRIDAY,
               days_off: Collection[date] = ()) -> Comparison:
    """What `period` (shown on `today`) is compared with. `days_off` are the SDR's: their
    previous working day skips them; a team passes none."""
    if period.kind is PeriodKind.DAY:
        day = period.start - timedelta(days=1)
        for _ in range(_LOOKBACK_DAYS):
            if is_working_day(day, workdays=workdays, days_off=days_off):
                break
            day -= timedelta(days=1)
        return Comparison(Basis.PREVIOUS_WORKING_DAY, period.kind,
                          (day, day + timedelta(days=1)))
    previous = period.previous()
    if not period.contains(today):
        return Comparison(Basis.PREVIOUS, period.kind, (previous.start, previous.end))
    if period.kind is PeriodKind.WEEK:
        end = previous.start + timedelta(days=(today - period.start).days + 1)
        return Comparison(Basis.THIS_TIME_LAST, period.kind, (previous.start, end))
    offset = working_days(period.start, today + timedelta(days=1), workdays=workdays)
    seen, end = 0, previous.start
    for day in previous.days():
        if seen == offset:
            break
        if is_working_day(day, workdays=workdays):
            seen += 1
        end = day + timedelta(days=1)
    return Comparison(Basis.THIS_TIME_LAST, period.kind, (previous.start, end))


@dataclass(frozen=True)
class Change:
    """A value against its base, as a reader sees it: an arrow and a percentage, or the two
    numbers when the base is too small for a percentage to mean anything."""

    current: float
    base: float
    direction: Direction
    percent: int | None  # signed, half away from zero; None: show the two numbers instead

    @property
    def arrow(self) -> str:
        """▲ or ▼; none when the printed percentage (or the numbers) show no change."""
        if self.direction is Direction.SAME or self.percent == 0:
            return ""
        return "▲" if self.direction is Direction.UP else "▼"


def change(current_value: Number, base_value: Number, *, money: bool) -> Change:
    current, base = exact(current_value), exact(base_value)
    direction = (Direction.UP if current > base else Direction.DOWN if current < base
                 else Direction.SAME)
    small = base <= 0 if money else base < SMALL_BASE
    percent = None if small else percent_of(current - base, base)
    return Change(float(current), float(base), direction, percent)
