"""`/kpi off`: SDRs mark their own days, managers their SDRs'; pace leaves the days out."""

from __future__ import annotations

from datetime import date

from slack_sdk.models.blocks import Block
from sqlmodel import col, select

from bot.console.harness import Harness
from bot.kpi.metrics import Metric
from storage.models import AuditEvent, TimeOff
from tests.scenario.support import text_of
from tests.slack_contract import checked_harness
from tests.team.seed import member, targets, team

__all__ = ["checked_harness"]
MANAGER, OTHER_MANAGER, ANNA, BEA = "U0MGR1", "U0MGR2", "U0ANNA", "U0BEA"


def _org(harness: Harness) -> int:
    store = harness.deps.store
    a, b = team(store, "Nordics"), team(store, "Benelux")
    member(store, a, MANAGER, role="manager", name="Maja Manager")
    member(store, a, ANNA, name="Anna Berg")
    member(store, b, OTHER_MANAGER, role="manager", name="Bram Boss")
    member(store, b, BEA, name="Bea Janssen")
    return a


def _days_off(harness: Harness, user_id: str) -> list[date]:
    return harness.deps.store.run_sync(lambda s: sorted(row.day for row in s.exec(
        select(TimeOff).where(TimeOff.user_id == user_id)).all()))


async def _say(harness: Harness, user_id: str, text: str) -> str:
    answer = await harness.command(user_id, "/kpi", text)
    assert answer is not None
    for block in Block.parse_all(answer["blocks"]):
        assert block is not None
        block.to_dict()
    return text_of(answer["blocks"])


async def test_an_sdr_marks_lists_and_cancels_their_own_days(harness: Harness) -> None:
    _org(harness)
    said = await _say(harness, ANNA, "off 2026-12-18..2026-12-22")  # Friday to Tuesday
    assert "3 working days (3 new)" in said
    assert _days_off(harness, ANNA) == [date(2026, 12, 18), date(2026, 12, 21),
                                        date(2026, 12, 22)]
    again = await _say(harness, ANNA, "off 2026-12-18")
    assert "1 working days (0 new)" in again or "(0 new)" in again
    listed = await _say(harness, ANNA, "off list")
    assert "Dec 18, 2026 – Dec 22, 2026" in listed
    cancelled = await _say(harness, ANNA, "off cancel 2026-12-22")
    assert "Cancelled 1 days" in cancelled
    assert _days_off(harness, ANNA) == [date(2026, 12, 18), date(2026, 12, 21)]
    actions = harness.deps.store.run_sync(lambda s: [e.action for e in s.exec(
        select(AuditEvent).where(col(AuditEvent.action).startswith("timeoff")))])
    assert actions == ["timeoff.add", "timeoff.add", "timeoff.cancel"]


async def test_managers_mark_their_sdrs_and_no_one_else(harness: Harness) -> None:
    _org(harness)
    said = await _say(harness, MANAGER, f"off 2026-12-01 <@{ANNA}|anna>")
    assert f"<@{ANNA}>" in said and _days_off(harness, ANNA) == [date(2026, 12, 1)]
    assert "not an SDR in a team you manage" in await _say(
        harness, OTHER_MANAGER, f"off 2026-12-02 <@{ANNA}>")
    assert "your own time off" in await _say(harness, BEA, f"off 2026-12-02 <@{ANNA}>")
    listed = await _say(harness, MANAGER, "off list")
    assert "Anna Berg: Dec 1, 2026" in listed
    assert _days_off(harness, ANNA) == [date(2026, 12, 1)] and _days_off(harness, BEA) == []


async def test_bad_dates_are_answered_and_nothing_is_stored(harness: Harness) -> None:
    _org(harness)
    for text, expected in (("off", "not a day or range"), ("off soon", "not a day or range"),
                           ("off 2026-12-31..2026-12-01", "give the first day first"),
                           ("off 2026-12-01..2027-03-01", "at most 62 days"),
                           ("off 2028-01-03", "up to 366 days ahead"),
                           ("off 2026-12-05..2026-12-06", "no working days"),
                           ("off 2026-02-30", "not a day or range"),
                           (f"off 2026-12-01 <@{ANNA}> <@{BEA}>", "one SDR at a time")):
        assert expected in await _say(harness, ANNA, text), text
    assert _days_off(harness, ANNA) == []


async def test_pace_in_mykpis_leaves_time_off_out(harness: Harness) -> None:
    team_id = _org(harness)
    targets(harness.deps.store, team_id, {Metric.CALLS: 100}, kind="week")
    await harness.command(ANNA, "/kpi", "log 20 calls")
    before = await harness.command(ANNA, "/mykpis", "")
    assert before is not None
    assert "4 of 5 working days done" in text_of(before["blocks"])
    await _say(harness, ANNA, "off 2026-11-23..2026-11-24")  # Monday and Tuesday, this week
    after = await harness.command(ANNA, "/mykpis", "")
    assert after is not None
    assert "2 of 3 working days done" in text_of(after["blocks"])
