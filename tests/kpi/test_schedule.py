"""One slot type for every schedule: typed, stored and scheduled slots are the same value."""

from __future__ import annotations

from datetime import time

from bot.kpi.schedule import (
    Slot,
    describe_slots,
    format_slots,
    parse_slots,
    scorecard_slot,
    stored_slots,
)


def test_typed_and_stored_slots_are_one_type() -> None:
    typed, bad = parse_slots("wed 14:00, friday 10.00, 2@14:00, someday 9:00")
    assert typed == [Slot(2, time(14, 0)), Slot(4, time(10, 0))] and bad == ["someday 9:00"]
    stored = format_slots(typed)
    assert stored == "2@14:00,4@10:00" and stored_slots(stored) == tuple(typed)
    assert describe_slots(typed) == "wed 14:00, fri 10:00"
    assert [s.label for s in typed] == ["2@14:00", "4@10:00"]
    assert scorecard_slot(0, "9:05") == Slot(0, time(9, 5))


