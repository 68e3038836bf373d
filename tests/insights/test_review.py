"""`/kpi review @sdr [month]`: the 1:1 pack through the real app, its chart in the DM, and
refusals; every benchmark shown traced to its source in the data file."""

from __future__ import annotations

import io
import json
import re
from datetime import date

from PIL import Image  # matplotlib's own dependency
from slack_sdk.models.blocks import Block

from bot.console.harness import Harness
from bot.console.local_slack import LocalSlack
from bot.insights.benchmarks import DATA_FILE
from bot.kpi.metrics import Metric
from storage import activity
from tests.scenario.support import text_of
from tests.slack_contract import checked_harness
from tests.team.seed import member, targets, team

__all__ = ["checked_harness"]
MANAGER, OTHER_MANAGER, ANNA, BEA, CARL, DANA = ("U0MGR1", "U0MGR2", "U0ANNA", "U0BEA",
                                                 "U0CARL", "U0DANA")


def _org(harness: Harness) -> None:
    store = harness.deps.store
    a, b = team(store, "Nordics"), team(store, "Benelux")
    member(store, a, MANAGER, role="manager", name="Maja Manager")
    for user, name in ((ANNA, "Anna Berg"), (CARL, "Carl Dahl"), (DANA, "Dana Eik")):
        member(store, a, user, name=name)
    member(store, b, OTHER_MANAGER, role="manager", name="Bram Boss")
    member(store, b, BEA, name="Bea Janssen")
    targets(store, a, {Metric.CALLS: 400, Metric.MEETINGS_HELD: 12}, kind="month")
    log = activity.insert_entry
    for user, calls, held, leads, opps in ((ANNA, 200, 16, 40, 12), (CARL, 300, 6, 40, 4),
                                           (DANA, 250, 8, 40, 5)):
        for month in (9, 10, 11):
            store.run_sync(log, user_id=user, day=date(2026, month, 10),
                           quantities={Metric.CALLS: calls, Metric.MEETINGS_BOOKED: held + 4,
                                       Metric.MEETINGS_HELD: held, Metric.LEADS: leads,
                                       Metric.OPPORTUNITIES: opps, Metric.QUALIFIED_LEADS: 9},
                           source="inbound" if month == 11 else "outbound", note=None,
                           origin="csv", actor_id="test")


async def test_a_review_pack_with_its_chart_in_the_dm(harness: Harness,
                                                      slack: LocalSlack) -> None:
    _org(harness)
    slack.clear()
    answer = await harness.answer(MANAGER, "/kpi", f"review <@{ANNA}|anna>")
    assert answer is not None
    blocks = answer["blocks"]
    assert len(blocks) <= 50
    for block in Block.parse_all(blocks):
        assert block is not None
        block.to_dict()
    text = text_of(blocks)
    assert "1:1 review: Anna Berg · 2026-11" in text
    assert "Calls: *200* of 400 (50%) · team median 250" in text
    assert ("Meetings held: *16* of 12 (133%) · team median 8 · own average over 1 month "
            "before: 16 · industry 12–15 a month" in text)
    assert "Meetings held: 16 → 16 → 16" in text
    strengths, weaknesses = text.split("*Strengths")[1].split("*Weaknesses")
    assert "Opportunities: 12 against a team median of 5 (+140%)" in strengths
    assert "Calls: 200 against a team median of 250 (−20%)" in weaknesses
    assert "`outbound`: Lead → opportunity 30% (24/80," in text
    points = text.split("Talking points")[1]
    assert "1. Calls: 200 of the 400 target (50%)" in points
    assert "is a strength: 30% against a team median of 13%" in points
    assert "3. Calls has the biggest gap: 200 against a team median of 250" in points
    assert "4. " not in points
    [upload] = await slack.wait_for("upload")
    [complete] = await slack.wait_for("files.completeUploadExternal")
    assert complete.args["channel_id"] == "D" + MANAGER[1:]
    png = Image.open(io.BytesIO(upload.args["bytes"]))
    shown = json.loads(png.info["Description"])
    assert shown["periods"] == ["2026-09", "2026-10", "2026-11"]
    assert ["Calls", [200.0, 200.0, 200.0]] in shown["counts"]


async def test_every_benchmark_shown_is_traced_to_its_source(harness: Harness) -> None:
    _org(harness)
    answer = await harness.answer(MANAGER, "/kpi", f"review <@{ANNA}>")
    assert answer is not None
    text = text_of(answer["blocks"])
    data = json.loads(DATA_FILE.read_text("utf-8"))
    shown = re.findall(r"industry ([^(]+) \(<(https://[^|]+)\|([^>]+)> (\d{4}), vendor", text)
    assert len(shown) == 3  # outbound: meetings held, show rate, lead quality
    for value, url, publisher, year in shown:
        [source] = [s for s in data["sources"].values() if s["url"] == url]
        assert (source["publisher"], source["year"]) == (publisher, int(year))
        key = next(k for k, s in data["sources"].items() if s["url"] == url)
        bands = [b for b in data["motions"]["outbound"] if b["source"] == key]
        assert any(value.startswith(f"{round(b['low'] * 100) if b['low'] < 1 else b['low']}")
                   for b in bands), (value, bands)


async def test_an_sdr_of_another_team_is_refused(harness: Harness) -> None:
    _org(harness)
    for user, args, expected in (
            (OTHER_MANAGER, f"review <@{ANNA}>", "not an SDR in a team you manage"),
            (ANNA, f"review <@{CARL}>", "for the managers of a team"),
            (MANAGER, f"review <@{BEA}>", "not an SDR in a team you manage"),
            (MANAGER, "review", "Name the SDR"),
            (MANAGER, f"review <@{ANNA}> someday", "not a month I can use"),
            (MANAGER, f"review <@{ANNA}> 2027-01", "not begun yet")):
        answer = await harness.answer(user, "/kpi", args)
        assert answer is not None
        text = text_of(answer["blocks"])
        assert expected in text, (args, text)
        assert "Anna Berg" not in text and "200" not in text


async def test_a_sixty_sdr_team_with_twenty_sources_fits(harness: Harness) -> None:
    store = harness.deps.store
    team_id = team(store, "Nordics")
    member(store, team_id, MANAGER, role="manager", name="Maja Manager")
    sdrs = [f"U0S{i:03d}" for i in range(60)]
    for i, user in enumerate(sdrs):
        member(store, team_id, user, name=f"A rather long SDR name number {i}")
        for s in range(20):
            store.run_sync(activity.insert_entry, user_id=user, day=date(2026, 11, 1 + s),
                           quantities={Metric.LEADS: 10 + s, Metric.OPPORTUNITIES: 1 + s % 4,
                                       Metric.MEETINGS_BOOKED: 5, Metric.MEETINGS_HELD: 4},
                           source=f"a-long-source-name-{s:02d}", note=None, origin="csv",
                           actor_id="test", technique=f"technique-{s:02d}")
    for n in range(6):
        await harness.command(MANAGER, "/kpi", f"note {'change ' * 40}{n} <@{sdrs[0]}>")
    for args in (f"review <@{sdrs[0]}>", "off list"):
        if args == "off list":
            for user in sdrs:
                await harness.command(MANAGER, "/kpi", f"off 2026-12-01..2026-12-31 <@{user}>")
        answer = await harness.answer(MANAGER, "/kpi", args)
        assert answer is not None
        blocks = answer["blocks"]
        assert len(blocks) <= 50
        for block in Block.parse_all(blocks):
            assert block is not None
            block.to_dict()
        text = text_of(blocks)
        if args == "off list":  # every SDR, each with the whole of December
            assert text.count("Dec 1, 2026 – Dec 31, 2026") == 60
        else:
            assert "a-long-source-name-19" in text


async def test_the_review_prints_its_numbers_as_mykpis_does(harness: Harness) -> None:
    """Whole from 10 up, as the scorecard prints them: a team median of 17.5 leads reads 18
    in the review and as the team average on the SDR's own card (two SDRs: the same)."""
    store = harness.deps.store
    nordics = team(store, "Nordics")
    member(store, nordics, MANAGER, role="manager", name="Maja Manager")
    for user, name, leads in ((ANNA, "Anna Berg", 15), (CARL, "Carl Dahl", 20)):
        member(store, nordics, user, name=name)
        store.run_sync(activity.insert_entry, user_id=user, day=date(2026, 11, 10),
                       quantities={Metric.LEADS: leads}, source=None, note=None, origin="csv",
                       actor_id="test")
    review = await harness.answer(MANAGER, "/kpi", f"review <@{ANNA}>")
    card = await harness.answer(ANNA, "/mykpis", "month")
    assert review is not None and card is not None
    shown = text_of(review["blocks"])
    assert "Leads generated: *15* · team median 18" in shown
    assert "Leads generated: 15 against a team median of 18 (−17%)" in shown  # as printed
    assert "team avg 18" in text_of(card["blocks"])
