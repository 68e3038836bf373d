"""The weekly scorecard post: what it says, that it goes once, and the chart with it."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.console.local_slack import LocalSlack
from bot.services.posting import Posting
from bot.services.weekly_posts import PostStatus, post_weekly_scorecards
from storage.db import Store
from tests.posts.seed import TOKEN, add_team, calls_in_week_48, claims

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _text(blocks: Any) -> str:
    return json.dumps(blocks, ensure_ascii=False)


async def test_the_week_just_ended_goes_to_the_channel_with_its_chart(
        posting: Posting, store: Store, slack: LocalSlack) -> None:
    team = add_team(store, name="Default team", channel="C0TEAM", sdrs=8, prefix="S",
                    default=True)
    [outcome] = await post_weekly_scorecards(posting)
    assert (outcome.status, outcome.week, outcome.channel_id) == (
        PostStatus.POSTED, "2026-W48", "C0TEAM")
    [message] = slack.of("chat.postMessage")
    assert message.args["channel"] == "C0TEAM"
    text = _text(message.args["blocks"])
    assert "Week 48 (Nov 23 – Nov 29)" in text
    team_calls = sum(calls_in_week_48(i) for i in range(8))
    assert f"*{team_calls:,}* of 800" in text  # team total against the summed targets
    assert "vs the previous week" in text and "Highlights" in text and "Pipeline" in text
    buttons = [e for b in message.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [(b["action_id"], b.get("value")) for b in buttons] == [
        ("open_my_kpis", "last week"), ("open_log_modal", None)]
    # the chart: the three steps of Slack's upload flow, into the same channel
    methods = [c.method for c in slack.calls]
    assert methods == ["chat.postMessage", "files.getUploadURLExternal", "upload",
                       "files.completeUploadExternal"]
    [complete] = slack.of("files.completeUploadExternal")
    assert complete.args["channel_id"] == "C0TEAM"
    [upload] = slack.of("upload")
    assert upload.args["bytes"].startswith(PNG_SIGNATURE)
    [claim] = claims(store)
    assert (claim.team_id, claim.kind, claim.period_key, claim.status, claim.channel_id) == (
        team.team_id, "scorecard", "2026-W48", "posted", "C0TEAM")
    assert claim.message_ts == outcome.message_ts and claim.posted_at is not None


async def test_the_public_leaderboard_shows_the_top_n_and_no_bottom_ranks(
        posting: Posting, store: Store, slack: LocalSlack) -> None:
    team = add_team(store, name="Default team", channel="C0TEAM", sdrs=12, prefix="S",
                    default=True)
    await post_weekly_scorecards(posting)
    text = _text(slack.of("chat.postMessage")[0].args["blocks"])
    named = [sdr for sdr in team.sdrs if f"Rep {sdr[2:]}" in text]
    result = store.run_sync(_team_result, team_id=team.team_id)
    ranked = [row.user_id for row in result.card.rows]
    assert len(named) == 5 and sorted(named) == sorted(ranked[:5])
    assert ranked[-1] not in named  # the bottom of the ranking is never posted


def _team_result(session: Any, *, team_id: int) -> Any:
    from bot.kpi.periods import week_from_key
    from bot.services.team_scorecard import team_scorecard
    from storage.models import Team

    team = session.get(Team, team_id)
    return team_scorecard(session=session, team=team, period=week_from_key("2026-W48"),
                          today=week_from_key("2026-W49").start)


async def test_post_scorecards_twice_posts_once_and_force_posts_again(
        store: Store, slack: LocalSlack, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    add_team(store, name="Default team", channel="C0TEAM", sdrs=3, prefix="S", default=True)
    add_team(store, name="Oslo", channel="C0OSLO", sdrs=2, prefix="O")
    for key, value in {"SLACK_BOT_TOKEN": TOKEN, "SLACK_API_URL": slack.api_url,
                       "DATABASE_URL": str(store.engine.url),
                       "KPI_TIMEZONE": "Europe/Oslo"}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)  # no .env from the checkout

    async def cli(*args: str) -> int:
        # the command runs its own event loop, in a thread; the LocalSlack answers on this one
        return await asyncio.to_thread(main, ["post-scorecards", "--week", "2026-W48", *args])

    assert (await cli(), await cli()) == (0, 0)
    out = capsys.readouterr().out
    posts = [p.args["channel"] for p in slack.of("chat.postMessage")]
    assert sorted(posts) == ["C0OSLO", "C0TEAM"]
    assert "Default team 2026-W48: posted to C0TEAM" in out
    assert "Default team 2026-W48: already posted" in out
    assert "Oslo 2026-W48: already posted" in out

    assert await cli("--team", "Oslo", "--force") == 0
    assert [p.args["channel"] for p in slack.of("chat.postMessage")] == [*posts, "C0OSLO"]
    assert await cli("--team", "Nowhere") == 2
