"""Industry bands where SPEC puts them: beside the numbers in /mykpis (with the SDR's own
average and the team average), in the targets modal's suggestions and in the review, for the
motion the team picked in /kpi settings. Every band shown is traced to its entry in the data
file, read here as plain JSON."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from sqlmodel import select

from bot.blocks import ids
from bot.blocks.settings_modal import SETTINGS_MOTION_BLOCK, SETTINGS_STALE_BLOCK
from bot.console.harness import Harness
from bot.insights.benchmarks import DATA_FILE
from bot.kpi.metrics import Metric
from storage import activity
from storage.models import AuditEvent, Team
from tests.scenario.support import text_of
from tests.slack_contract import check_blocks, check_view, checked_harness
from tests.team.seed import member, team

__all__ = ["checked_harness"]
MANAGER, ANNA, CARL = "U0MGR1", "U0ANNA", "U0CARL"
# `industry 20–25 a month (<https://…|MarketBetter> 2026, vendor estimate)`, or in plain text
# (the modal's hints) `industry 20–25 a month (MarketBetter 2026, vendor estimate)`.
SHOWN = re.compile(r"industry (\d[^(]*?) \((?:<(https://[^|>]+)\|)?([^<>]+?)>? (\d{4}), "
                   r"(vendor estimate|survey)\)")


def _org(harness: Harness) -> int:
    store = harness.deps.store
    team_id = team(store, "Nordics", default=True)
    member(store, team_id, MANAGER, role="manager", name="Maja Manager", locale="en-US")
    for user, name in ((ANNA, "Anna Berg"), (CARL, "Carl Dahl")):
        member(store, team_id, user, name=name, locale="en-US")
    for user, held, scale in ((ANNA, 21, 1), (CARL, 9, 2)):
        for month in (9, 10, 11):  # September begins her history: October is her average
            store.run_sync(activity.insert_entry, user_id=user,
                           day=date(2026, month, 23 if month == 11 else 9),
                           quantities={Metric.CALLS: 100 * scale, Metric.CONVERSATIONS: 20,
                                       Metric.MEETINGS_BOOKED: held + 5,
                                       Metric.MEETINGS_HELD: held + month - 11,
                                       Metric.LEADS: 40, Metric.QUALIFIED_LEADS: 8 * scale,
                                       Metric.OPPORTUNITIES: 4},
                           source="inbound", note=None, origin="csv", actor_id="test")
    return team_id


async def _settings_view(harness: Harness) -> dict[str, Any]:
    await harness.command(MANAGER, "/kpi", "settings")
    [call] = await harness.slack.wait_for("views.open")
    harness.slack.clear()
    view: dict[str, Any] = call.args["view"]
    check_view(view)
    return view


def _block(view: dict[str, Any], prefix: str) -> dict[str, Any]:
    return next(b for b in view["blocks"] if b.get("block_id", "").split(":")[0] == prefix)


async def _pick_motion(harness: Harness, motion: str) -> None:
    view = await _settings_view(harness)
    answer = await harness.submit(MANAGER, view, {
        _block(view, SETTINGS_MOTION_BLOCK)["block_id"]: motion})
    assert answer is not None and answer["response_action"] == "update", answer


async def _targets_hints(harness: Harness) -> list[str]:
    await harness.command(MANAGER, "/kpi", "targets")
    [call] = await harness.slack.wait_for("views.open")
    harness.slack.clear()
    view = call.args["view"]
    check_view(view)
    return [b["hint"]["text"] for b in view["blocks"]
            if b.get("block_id", "").startswith(ids.TARGET_FIELD_PREFIX) and "hint" in b]


def _expected_value(row: dict[str, Any]) -> str:
    """The band as a reader sees it, written from the file's numbers by hand."""
    if "per" not in row:
        return f"{round(row['low'] * 100)}%–{round(row['high'] * 100)}%"
    return f"{row['low']:g}–{row['high']:g} a {row['per']}"


def _trace(text: str, motion: str) -> set[str]:
    """Every band in `text` matched to its row of the motion in the data file (value, source
    publisher, address and year); the keys of the rows found."""
    data = json.loads(DATA_FILE.read_text("utf-8"))
    found = set()
    shown = SHOWN.findall(text)
    assert shown, text
    for value, url, publisher, year, kind in shown:
        rows = [r for r in data["motions"][motion] if _expected_value(r) == value
                and data["sources"][r["source"]]["publisher"] == publisher]
        assert len(rows) == 1, (value, publisher, motion)
        source = data["sources"][rows[0]["source"]]
        assert int(year) == source["year"]
        assert kind == {"vendor": "vendor estimate", "survey": "survey"}[source["kind"]]
        assert url in ("", source["url"])
        found.add(rows[0]["key"])
    return found


async def test_every_band_shown_is_traced_to_the_motion_the_team_picked(
        harness: Harness) -> None:
    _org(harness)
    await _pick_motion(harness, "inbound")
    data = json.loads(DATA_FILE.read_text("utf-8"))
    every = {r["key"] for r in data["motions"]["inbound"]}
    outbound_only = {_expected_value(r) for r in data["motions"]["outbound"]} - {
        _expected_value(r) for r in data["motions"]["inbound"]}

    card = await harness.command(ANNA, "/mykpis", "month")
    assert card is not None
    check_blocks(card["blocks"])
    month_text = text_of(card["blocks"])
    assert _trace(month_text, "inbound") == every
    # Beside the SDR's own average and the team average (Carl held 9, Anna 21: 15 a head)
    lines = month_text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("*Meetings held*"))
    held = lines[at + 1]  # the details under the number
    assert "*21*" in lines[at]
    assert held.endswith("your average, last month: 20 · team avg 15 · industry 20–25 a month "
                         "(<https://www.marketbetter.ai/blog/tags/benchmarks|MarketBetter> 2026, "
                         "vendor estimate)"), held

    week = await harness.command(ANNA, "/mykpis", "week")
    assert week is not None
    # A band a month is no yardstick for a week; the rates' bands are period-free.
    assert _trace(text_of(week["blocks"]), "inbound") == every - {"meetings_held"}

    hints = await _targets_hints(harness)
    assert _trace("\n".join(hints), "inbound") == {
        r["key"] for r in data["motions"]["inbound"] if "per" in r}

    review = await harness.answer(MANAGER, "/kpi", f"review <@{ANNA}>")
    assert review is not None
    check_blocks(review["blocks"])
    review_text = text_of(review["blocks"])
    assert _trace(review_text, "inbound") == every

    for text in (month_text, *hints, review_text):
        assert not any(f"industry {value}" in text for value in outbound_only), text


async def test_the_review_sets_each_number_beside_the_sdrs_own_average(
        harness: Harness) -> None:
    store = harness.deps.store
    team_id = team(store, "Nordics", default=True)
    member(store, team_id, MANAGER, role="manager", name="Maja Manager", locale="en-US")
    member(store, team_id, ANNA, name="Anna Berg", locale="en-US")
    # July is not counted: it began before her first day of activity, 10 July.
    for month, calls, leads, opps in ((7, 100, 10, 2), (8, 200, 10, 3), (9, 300, 20, 1),
                                      (10, 400, 10, 2), (11, 50, 10, 1)):
        store.run_sync(activity.insert_entry, user_id=ANNA, day=date(2026, month, 10),
                       quantities={Metric.CALLS: calls, Metric.LEADS: leads,
                                   Metric.OPPORTUNITIES: opps},
                       source=None, note=None, origin="csv", actor_id="test")
    for args, calls_line, conversion in (
            ("", "Calls: *50* · team median 50 · own average over 3 months before: 300",
             # (3 + 1 + 2) of (10 + 20 + 10) leads
             "own average over 3 months before: 15%"),
            (" 2026-10", "Calls: *400* · team median 400 · own average over 2 months before: 250",
             "own average over 2 months before: 13%"),  # 4 of 30
            (" 2026-08", "Calls: *200* · team median 200", None)):
        answer = await harness.answer(MANAGER, "/kpi", f"review <@{ANNA}>{args}")
        assert answer is not None
        lines = text_of(answer["blocks"]).splitlines()
        shown = next(line for line in lines if line.startswith("Calls: *"))
        rate = next(line for line in lines if line.startswith("Lead → opportunity: "))
        assert shown.startswith(calls_line), shown
        if conversion is None:  # no complete month before August counts: no average
            assert "own average" not in shown + rate
        else:
            assert conversion in rate, rate


def _team_row(harness: Harness) -> tuple[str, int]:
    def read(session: Any) -> tuple[str, int]:
        found = session.exec(select(Team).where(Team.name == "Nordics")).one()
        return found.motion, found.stale_days
    return harness.deps.store.run_sync(read)


def _audit(harness: Harness) -> list[tuple[str, str]]:
    def read(session: Any) -> list[tuple[str, str]]:
        return [(e.action, e.detail) for e in session.exec(select(AuditEvent)).all()
                if e.action in ("team.motion", "team.stale_days")]
    return harness.deps.store.run_sync(read)


async def test_the_settings_modal_sets_the_motion_and_the_stale_days(harness: Harness) -> None:
    _org(harness)
    view = await _settings_view(harness)
    motion, stale = _block(view, SETTINGS_MOTION_BLOCK), _block(view, SETTINGS_STALE_BLOCK)
    assert motion["element"]["initial_option"]["value"] == "outbound"
    assert [o["value"] for o in motion["element"]["options"]] == [
        "outbound", "inbound", "enterprise"]
    assert (stale["element"]["initial_value"], stale["element"]["max_value"]) == ("3", "20")
    for answers, named in (
            ({motion["block_id"]: "sideways", stale["block_id"]: "0"},
             {motion["block_id"], stale["block_id"]}),
            ({stale["block_id"]: "21"}, {stale["block_id"]}),
            ({stale["block_id"]: "2.5"}, {stale["block_id"]}),
            ({stale["block_id"]: ""}, {stale["block_id"]}),
            ({motion["block_id"]: None}, {motion["block_id"]})):
        answer = await harness.submit(MANAGER, view, answers)
        assert answer is not None and answer["response_action"] == "errors", answers
        assert set(answer["errors"]) == named, answer
        assert all(text for text in answer["errors"].values())
    assert _team_row(harness) == ("outbound", 3) and _audit(harness) == []

    answer = await harness.submit(MANAGER, view, {motion["block_id"]: "enterprise",
                                                  stale["block_id"]: "5"})
    assert answer is not None and answer["response_action"] == "update", answer
    assert _team_row(harness) == ("enterprise", 5)
    assert _audit(harness) == [("team.motion", '{"motion": "enterprise"}'),
                               ("team.stale_days", '{"days": 5}')]
    # Opened again, the modal shows what is stored; saved unchanged, nothing more is audited.
    view = await _settings_view(harness)
    assert _block(view, SETTINGS_MOTION_BLOCK)["element"]["initial_option"]["value"] == \
        "enterprise"
    assert _block(view, SETTINGS_STALE_BLOCK)["element"]["initial_value"] == "5"
    answer = await harness.submit(MANAGER, view, {})
    assert answer is not None and answer["response_action"] == "update", answer
    assert len(_audit(harness)) == 2


async def test_a_sixty_sdr_team_with_twenty_sources_stays_inside_the_limits(
        harness: Harness) -> None:
    store = harness.deps.store
    team_id = team(store, "Nordics", default=True)
    member(store, team_id, MANAGER, role="manager", name="Maja Manager", locale="en-US")
    sdrs = [f"U0S{i:03d}" for i in range(60)]
    for i, user in enumerate(sdrs):
        member(store, team_id, user, name=f"A rather long SDR name number {i}", locale="en-US")
        for s in range(20):
            store.run_sync(activity.insert_entry, user_id=user, day=date(2026, 11, 2 + s),
                           quantities={Metric.LEADS: 10 + s, Metric.QUALIFIED_LEADS: 3,
                                       Metric.OPPORTUNITIES: 1 + s % 4,
                                       Metric.MEETINGS_BOOKED: 5, Metric.MEETINGS_HELD: 4},
                           source=f"a-long-source-name-{s:02d}", note=None, origin="csv",
                           actor_id="test")
    await _pick_motion(harness, "inbound")
    card = await harness.command(sdrs[0], "/mykpis", "month")
    team_card = await harness.command(MANAGER, "/kpi", "team month")
    for answer in (card, team_card):
        assert answer is not None
        check_blocks(answer["blocks"])
        assert _trace(text_of(answer["blocks"]), "inbound")
    hints = await _targets_hints(harness)  # the view is checked against Block Kit's limits
    assert _trace("\n".join(hints), "inbound") == {"meetings_held"}
