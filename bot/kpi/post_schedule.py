"""When scheduled posts fall due, and which week or run each one is about. Stdlib only.

A slot is a weekday and a local time ("2@14:00": Wednesday 14:00, Monday is 0), read in the
team's time zone, so 09:00 stays 09:00 on both sides of a DST change.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.kpi import schedule
from bot.kpi.periods import Period, PeriodKind, period_containing

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # APScheduler's day_of_week
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
DEFAULT_SCORECARD_TIME = time(9, 0)


@dataclass(frozen=True, order=True)
class PostSlot:
    weekday: int  # date.weekday(): Monday is 0
    at: time

    @property
    def label(self) -> str:
        """The slot as the team settings write it: 2@14:00."""
        return f"{self.weekday}@{self.at:%H:%M}"


def parse_time(text: str) -> time | None:
    match = _HHMM.match(text.strip())
    return time(int(match.group(1)), int(match.group(2))) if match else None


def parse_slots(text: str) -> tuple[PostSlot, ...]:
    """The stored schedule (`weekday@HH:MM,...`) as slots, sorted and without duplicates;
    malformed items are dropped (the settings modal refuses them, so only a hand-edited row
    can have them)."""
    slots, _ = schedule.parse_slots(text)
    return tuple(PostSlot(s.weekday, time(s.hour, s.minute)) for s in slots)


def scorecard_slot(weekday: int, hhmm: str) -> PostSlot:
    return PostSlot(weekday if 0 <= weekday <= 6 else 0, parse_time(hhmm) or DEFAULT_SCORECARD_TIME)


def last_due(slot: PostSlot, now: datetime, tz: str) -> datetime:
    """The latest moment at or before `now` at which `slot` fell due, aware, in `tz`."""
    zone = ZoneInfo(tz)
    local = now.astimezone(zone)
    day = local.date() - timedelta(days=(local.weekday() - slot.weekday) % 7)
    due = datetime.combine(day, slot.at, tzinfo=zone)
    if due > local:
        due = datetime.combine(day - timedelta(days=7), slot.at, tzinfo=zone)
    return due


def reported_week(day: date, workdays: Collection[int]) -> Period:
    """The week a scorecard posted on `day` reports: the week just ended.

    That is the week before `day`'s, unless every working day of `day`'s own week is already
    behind it (a team that posts on Saturday or Sunday reports the week that just finished).
    """
    week = period_containing(day, PeriodKind.WEEK)
    if all(d.weekday() not in workdays for d in week.days() if d >= day):
        return week
    return week.previous()


def nudge_run(slots: Sequence[PostSlot], now: datetime, tz: str) -> tuple[Period, str]:
    """The nudge run that `now` belongs to: its week and a label naming it.

    That is the latest slot of this week that has come due, so a run from the command line
    beside the scheduler counts as the same run and nobody is nudged twice for it. Before any
    slot of the week is due it is a manual run of its own, one per day.
    """
    local = now.astimezone(ZoneInfo(tz))
    week = period_containing(local.date(), PeriodKind.WEEK)
    due = [(last_due(slot, now, tz), slot) for slot in slots]
    this_week = [(moment, slot) for moment, slot in due if week.contains(moment.date())]
    if this_week:
        return week, max(this_week)[1].label
    return week, f"manual@{local.date().isoformat()}"
