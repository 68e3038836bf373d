"""Team schedules: slots, how settings store and people type them, and when each falls due.

A slot is a weekday and a local time ("2@14:00": Wednesday 14:00, Monday is 0), read in the
team's time zone, so 09:00 stays 09:00 on both sides of a DST change. Stdlib only.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.kpi.periods import Period, PeriodKind, period_containing
from bot.kpi.words import Words, all_words

# date.weekday() order; also APScheduler's day_of_week names.
DAY_NAMES: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_SCORECARD_TIME = time(9, 0)
_SLOT = re.compile(r"^\s*([0-6]|[^\W\d_]+)\s*(?:@|\s)\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True, order=True)
class Slot:
    weekday: int  # date.weekday(): Monday is 0
    at: time

    @property
    def time_text(self) -> str:
        return f"{self.at:%H:%M}"

    @property
    def label(self) -> str:
        """The slot as Team.nudge_schedule stores it and claims name it: 2@14:00."""
        return f"{self.weekday}@{self.time_text}"


def parse_time(text: str) -> time | None:
    """HH:MM (or H:MM), or None."""
    match = _HHMM.match(text.strip())
    return time(int(match.group(1)), int(match.group(2))) if match else None


def parse_slot(text: str, *, words: Words | None = None) -> Slot | None:
    """`2@14:00` (stored) or `wed 14:00`, `ons 14:00` (typed, in any language's weekday words
    unless `words` is given) to a Slot; None when it is neither."""
    match = _SLOT.match(text.lower())
    if match is None:
        return None
    day = match.group(1)
    weekday = int(day) if day.isdigit() else (words or all_words()).weekday(day)
    if weekday is None:
        return None
    return Slot(weekday, time(int(match.group(2)), int(match.group(3))))


def parse_slots(text: str, *, words: Words | None = None) -> tuple[list[Slot], list[str]]:
    """Slots from a comma-separated list, sorted without duplicates, and the items that are
    not slots (to tell the person who typed them)."""
    slots: list[Slot] = []
    bad: list[str] = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        slot = parse_slot(item, words=words)
        if slot is None:
            bad.append(item)
        elif slot not in slots:
            slots.append(slot)
    return sorted(slots), bad


def stored_slots(text: str) -> tuple[Slot, ...]:
    """The stored schedule (`weekday@HH:MM,...`) as slots; malformed items are dropped (the
    settings modal refuses them, so only a hand-edited row can have them)."""
    return tuple(parse_slots(text)[0])


def format_slots(slots: Sequence[Slot]) -> str:
    """Slots as Team.nudge_schedule stores them: 2@14:00,4@10:00."""
    return ",".join(slot.label for slot in sorted(slots))


def describe_slots(slots: Sequence[Slot], *, words: Words | None = None) -> str:
    """Slots as a person types them: wed 14:00, fri 10:00 (or ons 14:00, fre 10:00 in the
    weekday words given)."""
    def day(weekday: int) -> str:
        return words.weekday_word(weekday) if words and words.weekdays else DAY_NAMES[weekday]

    return ", ".join(f"{day(s.weekday)} {s.time_text}" for s in sorted(slots))


def scorecard_slot(weekday: int, hhmm: str) -> Slot:
    """The weekly scorecard's slot from the team row; a broken row gets the default."""
    return Slot(weekday if 0 <= weekday <= 6 else 0, parse_time(hhmm) or DEFAULT_SCORECARD_TIME)


def last_due(slot: Slot, now: datetime, tz: str) -> datetime:
    """The latest moment at or before `now` at which `slot` fell due, aware, in `tz`."""
    zone = ZoneInfo(tz)
    local = now.astimezone(zone)
    day = local.date() - timedelta(days=(local.weekday() - slot.weekday) % 7)
    due = datetime.combine(day, slot.at, tzinfo=zone)
    if due > local:
        due = datetime.combine(day - timedelta(days=7), slot.at, tzinfo=zone)
    return due


def reported_week(day: date, workdays: Collection[int] | None = None) -> Period:
    """The week a scorecard posted on `day` reports: the last week that has ended, i.e. the
    week before `day`'s. A week ends on its Sunday whatever the team's working days (activity
    may still be logged on a weekend), so a Saturday post reports the week before, never the
    one still under way. `workdays` is accepted for callers that pass it and changes nothing.
    """
    del workdays
    return period_containing(day, PeriodKind.WEEK).previous()


def nudge_run(slots: Sequence[Slot], now: datetime, tz: str) -> tuple[Period, str]:
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
