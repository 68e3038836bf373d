"""Stale data: SDRs who have logged nothing for a number of their working days.

A day counts when it is a team working day, not the SDR's time off, after their last logged
day and before today (today is still theirs to log). Pure: dates in, names out.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.kpi.periods import is_working_day

LOOKBACK_DAYS = 60  # someone who never logged is counted over this many calendar days


@dataclass(frozen=True)
class Stale:
    user_id: str
    last_day: date | None  # None: nothing logged at all
    idle_days: int  # working days without a log


def idle_working_days(last_day: date | None, *, today: date, workdays: Collection[int],
                      days_off: Collection[date] = ()) -> int:
    start = max(last_day + timedelta(days=1) if last_day else date.min,
                today - timedelta(days=LOOKBACK_DAYS))
    count = 0
    day = start
    while day < today:
        if is_working_day(day, workdays=workdays, days_off=days_off):
            count += 1
        day += timedelta(days=1)
    return count


def stale_sdrs(*, sdr_ids: Sequence[str], last_days: Mapping[str, date],
               today: date, workdays: Collection[int],
               days_off: Mapping[str, Collection[date]], threshold: int) -> list[Stale]:
    """The SDRs idle for at least `threshold` working days, longest idle first."""
    found = [Stale(u, last_days.get(u), idle_working_days(
        last_days.get(u), today=today, workdays=workdays, days_off=days_off.get(u, ())))
        for u in sdr_ids]
    stale = [s for s in found if s.idle_days >= max(threshold, 1)]
    return sorted(stale, key=lambda s: (-s.idle_days, s.user_id))
