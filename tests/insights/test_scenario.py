"""`/kpi insights` and `/kpi note` through the real app, on activity tagged with sources and
techniques."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

from PIL import Image
from slack_sdk.models.blocks import Block
from sqlmodel import select

from bot.console.harness import Harness
from bot.console.local_slack import LocalSlack
from bot.kpi.metrics import Metric
from storage import activity
from storage.models import Activity, ChangeNote
from tests.scenario.support import text_of
from tests.slack_contract import checked_harness
from tests.team.seed import member, team

__all__ = ["checked_harness"]
MANAGER, OTHER_MANAGER, ANNA, BEA, CARL = "U0MGR1", "U0MGR2", "U0ANNA", "U0BEA", "U0CARL"


def _org(harness: Harness) -> int:
    store = harness.deps.store
    a, b = team(store, "Nordics"), team(store, "Benelux")
    member(store, a, MANAGER, role="manager", name="Maja Manager")
    member(store, a, ANNA, name="Anna Berg")
    member(store, a, CARL, name="Carl Dahl")
    member(store, b, OTHER_MANAGER, role="manager", name="Bram Boss")
    member(store, b, BEA, name="Bea Janssen")
    return a


def _log(harness: Harness, user_id: str, day: date, quantities: dict[Metric, float], *,
         source: str | None = None, technique: str | None = None) -> None:
    harness.deps.store.run_sync(activity.insert_entry, user_id=user_id, day=day,
                                quantities=quantities, source=source, note=None, origin="csv",
                                actor_id="test", technique=technique)


def _checked(blocks: list[dict[str, object]]) -> str:
    assert len(blocks) <= 50
    for block in Block.parse_all(blocks):
        assert block is not None
        block.to_dict()  # raises beyond Slack's limits
    return text_of(blocks)


async def test_logged_sources_and_techniques_show_with_their_counts(
        harness: Harness, slack: LocalSlack) -> None:
    _org(harness)
    logged = await harness.command(ANNA, "/kpi", "log 20 leads 5 opportunities yesterday "
                                                 "source:inbound technique:video-email")
    assert logged is not None
    assert "Source: inbound · Technique: video-email" in text_of(logged["blocks"])
    await harness.command(ANNA, "/kpi", "log 10 leads 1 opportunity #cold-call source:outbound")
    await harness.command(CARL, "/kpi", "log 4 meetings booked 3 meetings held source:event")
    rows = harness.deps.store.run_sync(
        lambda s: [(r.metric, r.source, r.technique) for r in s.exec(select(Activity)).all()])
    assert ("leads", "inbound", "video-email") in rows
    assert ("leads", "outbound", "cold-call") in rows
    answer = await harness.answer(MANAGER, "/kpi", "insights")
    assert answer is not None
    text = _checked(answer["blocks"])
    assert "`inbound`: Lead → opportunity 25% (5/20," in text
    assert "`outbound`: Lead → opportunity 10% (1/10," in text
    assert ("`event`: Lead → opportunity – (0/0) · Lead quality – (0/0) · "
            "Meeting show rate 75% (3/4,") in text
    assert "`video-email`: Lead → opportunity 25% (5/20," in text
    assert "`cold-call`" in text
    sdr_lines = text.split("*By SDR*")[1].splitlines()
    assert any(ANNA in line or "Anna" in line for line in sdr_lines
               if "Lead → opportunity 20% (6/30," in line)
    assert "No group differs from the rest beyond chance" in text  # too few counts to claim
    # the 12-week trend, drawn locally, in the requester's DM
    [upload] = await slack.wait_for("upload")
    [complete] = await slack.wait_for("files.completeUploadExternal")
    assert complete.args["channel_id"] == "D" + MANAGER[1:]
    shown = json.loads(Image.open(io.BytesIO(upload.args["bytes"])).info["Description"])
    assert len(shown["periods"]) == 12 and shown["periods"][-1] == "Nov 23"
    assert ["Leads generated", [0.0] * 11 + [30.0]] in shown["counts"]
    assert ["Lead → opportunity", [None] * 11 + [20.0]] in shown["rates"]


async def test_a_real_change_is_likely_real_and_noise_is_not(harness: Harness) -> None:
    _org(harness)
    change = date(2026, 10, 19)
    for week in range(4):
        before, after = change - timedelta(weeks=week + 1), change + timedelta(weeks=week)
        _log(harness, ANNA, before, {Metric.LEADS: 25, Metric.OPPORTUNITIES: 2,
                                     Metric.MEETINGS_BOOKED: 10, Metric.MEETINGS_HELD: 7})
        _log(harness, ANNA, after, {Metric.LEADS: 25, Metric.OPPORTUNITIES: 8,
                                    Metric.MEETINGS_BOOKED: 10, Metric.MEETINGS_HELD: 7})
    noted = await harness.command(MANAGER, "/kpi", "note new call script 2026-10-19")
    assert noted is not None and "Noted for Nordics" in text_of(noted["blocks"])
    answer = await harness.answer(MANAGER, "/kpi", "insights")
    assert answer is not None
    text = _checked(answer["blocks"])
    assert "new call script (whole team)" in text
    conversion = next(line for line in text.splitlines() if "Lead → opportunity: 8%" in line)
    assert "(8/100," in conversion and "(32/100," in conversion
    assert "*likely real* (two-proportion z-test, p = < 0.001)" in conversion
    show = next(line for line in text.splitlines() if "Meeting show rate: 70%" in line)
    assert "not significant (two-proportion z-test, p = 1.000)" in show


async def test_a_small_difference_asks_for_more_data(harness: Harness) -> None:
    _org(harness)
    _log(harness, ANNA, date(2026, 11, 2), {Metric.LEADS: 20, Metric.OPPORTUNITIES: 4})
    _log(harness, ANNA, date(2026, 11, 10), {Metric.LEADS: 20, Metric.OPPORTUNITIES: 5})
    await harness.command(MANAGER, "/kpi", f"note shorter emails 2026-11-09 <@{ANNA}|anna>")
    answer = await harness.answer(MANAGER, "/kpi", f"insights <@{ANNA}>")
    assert answer is not None
    text = _checked(answer["blocks"])
    assert "shorter emails (<@U0ANNA>)" in text or "shorter emails (Anna Berg)" in text
    assert "not enough data yet: about" in text and "more leads needed" in text


async def test_other_teams_and_non_managers_are_refused(harness: Harness) -> None:
    _org(harness)
    for user, args, expected in (
            (ANNA, "insights", "for the managers of a team"),
            (ANNA, "note new script", "for the managers of a team"),
            (OTHER_MANAGER, f"insights <@{ANNA}>", "not an SDR in a team you manage"),
            (OTHER_MANAGER, f"note pitch <@{ANNA}>", "not an SDR in a team you manage"),
            (MANAGER, "insights Benelux", "no team called Benelux"),
            (MANAGER, "note", "Say what changed"),
            (MANAGER, "note new script 2026-12-30", "in the future"),
            (MANAGER, f"note x <@{ANNA}> <@{CARL}>", "one SDR at a time"),
            (MANAGER, "note <!channel> " + "x" * 300, "too long")):
        answer = await harness.answer(user, "/kpi", args)
        assert answer is not None and expected in text_of(answer["blocks"]), (args, answer)
    assert harness.deps.store.run_sync(lambda s: s.exec(select(ChangeNote)).all()) == []


async def test_sixty_sdrs_and_twenty_sources_fit_in_one_message(harness: Harness) -> None:
    team_id = _org(harness)
    sdrs = [f"U0S{i:03d}" for i in range(60)]
    for user in sdrs:
        member(harness.deps.store, team_id, user, name=f"SDR with a long name {user}")
    for i, user in enumerate(sdrs):
        for s in range(20):
            _log(harness, user, date(2026, 11, 2 + s % 20), {
                Metric.LEADS: 10 + s, Metric.OPPORTUNITIES: 1 + (i + s) % 5,
                Metric.QUALIFIED_LEADS: 3, Metric.MEETINGS_BOOKED: 4, Metric.MEETINGS_HELD: 3},
                source=f"source-number-{s:02d}", technique=f"technique-number-{s:02d}")
    for n in range(6):
        await harness.command(MANAGER, "/kpi", f"note change {n} " + "y" * 250)
    answer = await harness.answer(MANAGER, "/kpi", "insights")
    assert answer is not None
    text = _checked(answer["blocks"])
    assert "`source-number-19`" in text and "SDR with a long name U0S059" in text
