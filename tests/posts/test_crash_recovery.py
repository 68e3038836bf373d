"""Real `kpibot post-scorecards` processes killed with SIGKILL mid-post, then run again: every
post goes out exactly once, whether or not Slack had taken the post before the kill."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

from storage.db import Store
from tests.posts.channel_slack import ChannelSlack
from tests.posts.seed import TOKEN, add_team, claims

REPO = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("kpibot_short_claims.py")
STALE_SECONDS = "2"


async def _kpibot(store: Store, slack: ChannelSlack, tmp_path: Path
                  ) -> asyncio.subprocess.Process:
    env = {**os.environ, "SLACK_BOT_TOKEN": TOKEN, "SLACK_API_URL": slack.api_url,
           "DATABASE_URL": store.engine.url.render_as_string(hide_password=False),
           "KPI_TIMEZONE": "Europe/Oslo", "PYTHONPATH": str(REPO)}
    return await asyncio.create_subprocess_exec(
        sys.executable, str(CHILD), STALE_SECONDS, "post-scorecards", "--week", "2026-W48",
        env=env, cwd=tmp_path, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)


async def _kill_once_posting(process: asyncio.subprocess.Process, slack: ChannelSlack) -> None:
    await slack.wait_for("chat.postMessage", timeout=60)  # it is mid-post now
    process.kill()  # SIGKILL: no clean-up of any kind
    await process.wait()
    slack.release()  # Slack answers again (for the next process)


async def _finish(process: asyncio.subprocess.Process) -> list[str]:
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode == 0, (out.decode(), err.decode())
    return out.decode().splitlines()


async def test_killed_before_slack_took_the_post_a_restart_posts_all_twenty_once(
        store: Store, slack: ChannelSlack, tmp_path: Path) -> None:
    slack.clock = time.time  # real processes, real time
    teams = [add_team(store, name=f"Team {i}", channel=f"C0T{i:02d}", sdrs=1, prefix=f"T{i:02d}")
             for i in range(20)]
    slack.stall("chat.postMessage", accept=False, times=20)  # Slack is not answering
    first = await _kpibot(store, slack, tmp_path)
    await _kill_once_posting(first, slack)
    # left behind by the dead process: the posts it had in flight (teams go side by side)
    left = claims(store)
    assert left and {c.status for c in left} == {"claimed"}

    lines = await _finish(await _kpibot(store, slack, tmp_path))  # restarted at once
    for team in teams:
        assert len(slack.posts_in(team.channel or "")) == 1, team
        [said] = [line for line in lines if line.startswith(f"{team.name} 2026-W48:")]
        assert said.split(": ", 1)[1].startswith("posted to"), said
    assert {c.status for c in claims(store)} == {"posted"} and len(claims(store)) == 20
    # each claim taken from the dead process was checked in its channel before posting
    channels = {team.team_id: team.channel or "" for team in teams}
    assert sorted(c.args["channel"] for c in slack.of("conversations.history")) == sorted(
        channels[c.team_id] for c in left)


async def test_killed_after_slack_took_the_post_the_restart_finds_it_and_posts_no_more(
        store: Store, slack: ChannelSlack, tmp_path: Path) -> None:
    slack.clock = time.time
    teams = [add_team(store, name=f"Team {i}", channel=f"C0T{i:02d}", sdrs=1, prefix=f"T{i:02d}")
             for i in range(3)]
    slack.stall("chat.postMessage", accept=True)  # posted, but the answer never arrives
    first = await _kpibot(store, slack, tmp_path)
    await _kill_once_posting(first, slack)
    # Teams go side by side: one post or more reached Slack before the kill, which of them
    # depends on the race (the restart must find exactly those, and post the others).
    taken = [team for team in teams if slack.posts_in(team.channel or "")]
    assert taken

    lines = await _finish(await _kpibot(store, slack, tmp_path))
    assert [len(slack.posts_in(team.channel or "")) for team in teams] == [1, 1, 1]
    assert len(slack.of("chat.postMessage")) == 3
    for team in teams:
        channel = team.channel or ""
        [said] = [line for line in lines if line.startswith(f"{team.name} 2026-W48:")]
        if team in taken:
            assert f"found in {channel}" in said, lines
        else:
            assert said.split(": ", 1)[1].startswith("posted to"), lines
        [claim] = [c for c in claims(store) if c.team_id == team.team_id]
        assert (claim.status, claim.message_ts) == ("posted", slack.posts_in(channel)[0]["ts"])
