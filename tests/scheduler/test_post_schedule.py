"""Which run is due when, and which week a post reports: pure functions, no clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from bot.kpi.metrics import Metric
from bot.kpi.nudge import NudgeKind, decide_nudge
from bot.kpi.periods import MONDAY_TO_FRIDAY, week_from_key
from bot.kpi.schedule import Slot as PostSlot
from bot.kpi.schedule import last_due, nudge_run, reported_week, scorecard_slot
from bot.kpi.schedule import stored_slots as parse_slots

OSLO = ZoneInfo("Europe/Oslo")


def test_slots_parse_as_the_settings_store_them() -> None:
    assert parse_slots("4@10:00, 2@14:00,2@14:00,9@10:00,x,3@25:00") == (
        PostSlot(2, time(14, 0)), PostSlot(4, time(10, 0)))
    assert parse_slots("") == ()
    assert scorecard_slot(0, "9:05") == PostSlot(0, time(9, 5))
    assert scorecard_slot(12, "late") == PostSlot(0, time(9, 0))  # a broken row: the default


def test_last_due_is_local_time_across_a_dst_change() -> None:
    monday = PostSlot(0, time(9, 0))
    # Tuesday 31 March 2026, after Oslo moved to summer time on Sunday the 29th
    due = last_due(monday, datetime(2026, 3, 31, 12, 0, tzinfo=UTC), "Europe/Oslo")
    assert due == datetime(2026, 3, 30, 9, 0, tzinfo=OSLO)
    assert due.astimezone(UTC).hour == 7
    # at 08:59 local on a Monday the due one is the Monday before, in winter time
    due = last_due(monday, datetime(2026, 3, 30, 6, 59, tzinfo=UTC), "Europe/Oslo")
    assert due == datetime(2026, 3, 23, 9, 0, tzinfo=OSLO) and due.astimezone(UTC).hour == 8
    exactly = datetime(2026, 3, 30, 7, 0, tzinfo=UTC)
    assert last_due(monday, exactly, "Europe/Oslo") == exactly  # due at that very minute


def test_the_reported_week_is_the_one_just_ended() -> None:
    workdays = MONDAY_TO_FRIDAY
    assert reported_week(date(2026, 11, 30), workdays).key == "2026-W48"  # Monday
    assert reported_week(date(2026, 12, 4), workdays).key == "2026-W48"  # Friday: not over
    # Saturday and Sunday: the week's working days are over but the week is not (issue 9,
    # item 9: a weekend post reports the last week that has ended)
    assert reported_week(date(2026, 12, 5), workdays).key == "2026-W48"
    assert reported_week(date(2026, 12, 6), workdays).key == "2026-W48"
    assert reported_week(date(2026, 12, 5), {0, 1, 2, 3, 4, 5}).key == "2026-W48"


def test_a_nudge_run_is_the_latest_due_slot_of_the_week() -> None:
    slots = parse_slots("2@14:00,4@10:00")
    week, label = nudge_run(slots, datetime(2026, 12, 2, 13, 30, tzinfo=UTC), "Europe/Oslo")
    assert (week.key, label) == ("2026-W49", "2@14:00")
    _, label = nudge_run(slots, datetime(2026, 12, 3, 9, 0, tzinfo=UTC), "Europe/Oslo")
    assert label == "2@14:00"  # Thursday: Wednesday's run is the current one
    _, label = nudge_run(slots, datetime(2026, 12, 4, 9, 0, tzinfo=UTC), "Europe/Oslo")
    assert label == "4@10:00"
    _, label = nudge_run(slots, datetime(2026, 11, 30, 9, 0, tzinfo=UTC), "Europe/Oslo")
    assert label == "manual@2026-11-30"  # Monday, before any slot of the week


def test_time_off_lowers_what_is_expected_by_now() -> None:
    week = week_from_key("2026-W49")
    wednesday = date(2026, 12, 2)
    targets = {Metric.CALLS: 100.0}
    behind = decide_nudge(period=week, today=wednesday, totals={Metric.CALLS: 30.0},
                          targets=targets, workdays=MONDAY_TO_FRIDAY)
    assert behind is not None and behind.kind is NudgeKind.BEHIND
    assert behind.behind[0].pace.expected_to_date == 40.0
    # Monday off: one day done out of four, 25 expected, 30 is ahead
    assert decide_nudge(period=week, today=wednesday, totals={Metric.CALLS: 30.0},
                        targets=targets, workdays=MONDAY_TO_FRIDAY,
                        days_off={date(2026, 11, 30)}) is None
    # nothing on a day off, or without targets
    assert decide_nudge(period=week, today=wednesday, totals={}, targets=targets,
                        workdays=MONDAY_TO_FRIDAY, days_off={wednesday}) is None
    assert decide_nudge(period=week, today=wednesday, totals={}, targets={},
                        workdays=MONDAY_TO_FRIDAY) is None
    # nobody is behind on the first day of the week
    assert decide_nudge(period=week, today=date(2026, 11, 30), totals={}, targets=targets,
                        workdays=MONDAY_TO_FRIDAY) is None
