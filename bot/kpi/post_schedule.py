"""The names the scheduler and the nudge service import, kept while they move to
`bot.kpi.schedule`, which now holds the one slot type and every schedule rule."""

from __future__ import annotations

from bot.kpi.schedule import DAY_NAMES as WEEKDAY_NAMES
from bot.kpi.schedule import Slot as PostSlot
from bot.kpi.schedule import last_due, nudge_run, parse_time, reported_week, scorecard_slot
from bot.kpi.schedule import stored_slots as parse_slots

__all__ = ["WEEKDAY_NAMES", "PostSlot", "last_due", "nudge_run", "parse_slots", "parse_time",
           "reported_week", "scorecard_slot"]
