"""Monday's posts for a thousand teams: the real post path, charts and uploads included, into
the local fake Slack (bot/console/local_slack.py), at Slack's pace.

`post_weekly_scorecards` runs as the scheduler and `kpibot post-scorecards` run it: each team's
inputs read and computed, the post claimed, chat.postMessage, the chart drawn and uploaded
(files.getUploadURLExternal, the upload, files.completeUploadExternal), the claim marked. The
pacer (bot/services/pacing.py) keeps its production settings: at most 50 posts in flight, one
message a second per channel. Every team has its own channel, so pacing costs each team the
second between its post and its chart, overlapped across teams.

The data is its own (dataset.POSTING): a thousand teams of four SDRs with five weeks of
history, which is everything a weekly post reads (the week, the week before, targets, the
insight's and stale check's recent activity). SQLite, claims cleared before each run.
"""

from __future__ import annotations

import sqlite3
import time
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from bench import databases
from bench.dataset import NOW, POSTING, team_id
from bot.config import Settings
from bot.console.local_slack import Call, LocalSlack
from bot.deps import Deps
from bot.services.posting import Posting
from bot.services.weekly_posts import PostStatus, post_weekly_scorecards
from bot.slack_client import make_client
from storage.db import Store

BOT_TOKEN = "xoxb-bench-token"
MESSAGES = ("chat.postMessage", "files.completeUploadExternal")


@dataclass(frozen=True)
class PostingResult:
    teams: int
    posted: int
    seconds: float
    cpu_seconds: float  # this process: the bot and the fake Slack together
    messages: int
    charts: int
    closest_gap: float | None  # the shortest time between two messages into one channel
    generated_s: float  # 0 when the data came from the cache
    statuses: dict[str, int]


def _clear_claims(path: Path) -> None:
    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute("DELETE FROM postclaim")
    finally:
        connection.close()


def _channel(call: Call) -> str:
    key = "channel_id" if call.method == "files.completeUploadExternal" else "channel"
    return str(call.args.get(key))


async def measure_posting(*, regenerate: bool = False, teams: int | None = None
                          ) -> PostingResult:
    """Post every team's week (or the first `teams`: --quick) and time it."""
    built = databases.build_sqlite(regenerate=regenerate, shape=POSTING)
    _clear_claims(databases.sqlite_path(POSTING))
    chosen = None if teams is None else [team_id(i) for i in range(teams)]
    slack = await LocalSlack().start()
    arrivals: list[tuple[str, str, float]] = []
    slack.listeners.append(lambda call: arrivals.append(
        (call.method, _channel(call), time.monotonic())) if call.method in MESSAGES else None)
    settings = Settings(_env_file=None, database_url=built.url, kpi_timezone="UTC",
                        slack_bot_token=BOT_TOKEN, slack_api_url=slack.api_url)
    store = Store.from_url(built.url)
    try:
        posting = Posting(Deps(settings, store, now=lambda: NOW),
                          make_client(BOT_TOKEN, slack.api_url), claimed_by="bench:1")
        started, cpu = time.perf_counter(), time.process_time()
        outcomes = await post_weekly_scorecards(posting, team_ids=chosen)
        seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu
    finally:
        store.dispose()
        await slack.stop()
    statuses: dict[str, int] = defaultdict(int)
    for outcome in outcomes:
        statuses[outcome.status.value] += 1
    by_channel: dict[str, list[float]] = defaultdict(list)
    for _, channel, at in arrivals:
        by_channel[channel].append(at)
    gaps = [b - a for times in by_channel.values() for a, b in pairwise(times)]
    return PostingResult(
        teams=POSTING.teams if chosen is None else len(chosen),
        posted=statuses[PostStatus.POSTED.value], seconds=seconds, cpu_seconds=cpu_s,
        messages=len(slack.of("chat.postMessage")),
        charts=len(slack.of("files.completeUploadExternal")),
        closest_gap=min(gaps) if gaps else None,
        generated_s=0.0 if built.cached else built.seconds, statuses=dict(statuses))
