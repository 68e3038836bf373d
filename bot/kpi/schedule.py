"""Team schedules as the settings store them: weekday@HH:MM slots, Monday is 0. Stdlib only."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

DAY_NAMES: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SLOT = re.compile(r"^\s*([0-6]|[a-z]{3})[a-z]*\s*(?:@|\s)\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")


@dataclass(frozen=True, order=True)
class Slot:
    weekday: int  # date.weekday(): Monday is 0
    hour: int
    minute: int

    @property
    def time_text(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"

    @property
    def stored(self) -> str:
        """The slot as Team.nudge_schedule stores it: 2@14:00."""
        return f"{self.weekday}@{self.time_text}"


def parse_slot(text: str) -> Slot | None:
    """`2@14:00` (stored) or `wed 14:00` (typed) to a Slot; None when it is neither."""
    match = _SLOT.match(text.lower())
    if match is None:
        return None
    day = match.group(1)
    weekday = int(day) if day.isdigit() else DAY_NAMES.index(day) if day in DAY_NAMES else -1
    if weekday < 0:
        return None
    return Slot(weekday, int(match.group(2)), int(match.group(3)))


def parse_slots(text: str) -> tuple[list[Slot], list[str]]:
    """Slots from a comma-separated list, and the items that are not slots."""
    slots: list[Slot] = []
    bad: list[str] = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        slot = parse_slot(item)
        if slot is None:
            bad.append(item)
        elif slot not in slots:
            slots.append(slot)
    return sorted(slots), bad


def format_slots(slots: Sequence[Slot]) -> str:
    """Slots as Team.nudge_schedule stores them: 2@14:00,4@10:00."""
    return ",".join(slot.stored for slot in sorted(slots))


def describe_slots(slots: Sequence[Slot]) -> str:
    """Slots as a person types them: wed 14:00, fri 10:00."""
    return ", ".join(f"{DAY_NAMES[s.weekday]} {s.time_text}" for s in sorted(slots))
