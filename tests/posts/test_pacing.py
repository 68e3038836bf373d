"""Many teams posted side by side (issue 14): never more than one message a second into a
channel, as the fake Slack saw them arrive, and each team exactly once when Slack answers 429.

Time is virtual: the pacer and slack_sdk's Retry-After waits sleep on one clock that moves only
when something waits, and the fake Slack stamps every call with it. So the gaps below are exact
whatever the machine's load, and the test takes no real seconds.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise
from types import SimpleNamespace
from typing import Any

import pytest
from slack_sdk.http_retry import async_handler, builtin_async_handlers

from bot.config import Settings
from bot.console.local_slack import Call
from bot.deps import Deps
from bot.services.pacing import PostPacer
from bot.services.posting import Posting
from bot.services.weekly_posts import PostStatus, post_weekly_scorecards
from bot.slack_client import make_client
from storage.db import Store
from tests.conftest import Clock
from tests.posts.channel_slack import ChannelSlack
from tests.posts.seed import POST_TIME, TOKEN, SeededTeam, add_team, claims
from tests.posts.virtual_time import VirtualTime

# what puts a message into a channel: the post, and the chart's upload completed
MESSAGES = ("chat.postMessage", "files.completeUploadExternal")


@pytest.fixture
def time_(monkeypatch: pytest.MonkeyPatch) -> VirtualTime:
    virtual = VirtualTime()
    shim = SimpleNamespace(sleep=virtual.sleep)  # slack_sdk's Retry-After waits
    monkeypatch.setattr(builtin_async_handlers, "asyncio", shim)
    monkeypatch.setattr(async_handler, "asyncio", shim)
    return virtual


def _arrivals(slack: ChannelSlack, time_: VirtualTime) -> list[tuple[Call, float]]:
    seen: list[tuple[Call, float]] = []
    slack.listeners.append(lambda call: seen.append((call, time_())))
    return seen


def _channel(call: Call) -> str:
    if call.method == "files.completeUploadExternal":
        return str(call.args["channel_id"])
    return str(call.args["channel"])


def _seed(store: Store) -> list[SeededTeam]:
    """Eight teams in their own channels, and two more sharing one channel."""
    teams = [add_team(store, name=f"Team {i}", channel=f"C0P{i:02d}", sdrs=2, prefix=f"P{i:02d}")
             for i in range(8)]
    teams += [add_team(store, name=f"Shared {i}", channel="C0SHARED", sdrs=2, prefix=f"S{i}")
              for i in range(2)]
    return teams


def _posting(store: Store, slack: ChannelSlack, settings: Settings, clock: Clock,
             time_: VirtualTime, *, concurrency: int) -> Posting:
    clock.current = POST_TIME
    return Posting(Deps(settings, store, now=clock), make_client(TOKEN, slack.api_url),
                   claimed_by="test-host:1",
                   pacer=PostPacer(concurrency=concurrency, clock=time_, sleep=time_.sleep))


def _gaps_per_channel(seen: list[tuple[Call, float]]) -> dict[str, list[float]]:
    times: dict[str, list[float]] = defaultdict(list)
    for call, at in seen:
        if call.method in MESSAGES:
            times[_channel(call)].append(at)
    return {channel: [b - a for a, b in pairwise(stamps)]
            for channel, stamps in times.items()}


async def test_parallel_posts_keep_one_message_a_second_per_channel(
        store: Store, slack: ChannelSlack, settings: Settings, clock: Clock,
        time_: VirtualTime) -> None:
    teams = _seed(store)
    seen = _arrivals(slack, time_)
    posting = _posting(store, slack, settings, clock, time_, concurrency=4)

    outcomes = await post_weekly_scorecards(posting)

    mine = [o for o in outcomes if o.team_id in {t.team_id for t in teams}]
    assert {o.status for o in mine} == {PostStatus.POSTED} and len(mine) == len(teams)
    gaps = _gaps_per_channel(seen)
    assert len(gaps["C0SHARED"]) == 3  # two posts and two charts into one channel
    assert all(gap >= 1.0 for channel_gaps in gaps.values() for gap in channel_gaps), gaps
    # side by side: ten teams' posts and charts took a few virtual seconds, not one per message
    assert time_() < 2 * len(teams)


async def test_429s_are_waited_out_and_every_team_is_posted_exactly_once(
        store: Store, slack: ChannelSlack, settings: Settings, clock: Clock,
        time_: VirtualTime) -> None:
    teams = _seed(store)
    seen = _arrivals(slack, time_)
    slack.fail("chat.postMessage", status=429, retry_after=3, times=3)
    slack.fail("files.completeUploadExternal", status=429, retry_after=2)
    posting = _posting(store, slack, settings, clock, time_, concurrency=10)

    outcomes = await post_weekly_scorecards(posting)

    by_team = {o.team_id: o for o in outcomes}
    assert all(by_team[t.team_id].status is PostStatus.POSTED for t in teams)
    for team in teams:  # exactly once in its channel, by the metadata each post carries
        posts = [m for m in slack.posts_in(team.channel or "")
                 if m["metadata"]["event_payload"]["team"] == team.team_id]
        assert len(posts) == 1, team
    assert {c.status for c in claims(store)} == {"posted"}
    # every chart went up too, once the 429 had been waited out
    assert len(slack.of("files.completeUploadExternal")) == len(teams) + 1
    # a 429'd call and its retry are calls too: still never two within a second in a channel
    gaps = _gaps_per_channel(seen)
    assert all(gap >= 1.0 for channel_gaps in gaps.values() for gap in channel_gaps), gaps
    # the first post answered 429 was sent again only after its Retry-After
    refused, at = next((c, a) for c, a in seen if c.method == "chat.postMessage")
    again = [a for c, a in seen if c.method == "chat.postMessage" and a > at
             and _channel(c) == _channel(refused)]
    assert again and again[0] >= at + 3


async def test_a_channel_refusing_posts_stops_no_other_team(
        store: Store, slack: ChannelSlack, settings: Settings, clock: Clock,
        time_: VirtualTime) -> None:
    teams = _seed(store)
    slack.fail("chat.postMessage", error="channel_not_found")
    posting = _posting(store, slack, settings, clock, time_, concurrency=10)

    outcomes = await post_weekly_scorecards(posting)

    statuses = [o.status for o in outcomes if o.team_id in {t.team_id for t in teams}]
    assert statuses.count(PostStatus.FAILED) == 1
    assert statuses.count(PostStatus.POSTED) == len(teams) - 1


async def test_many_posts_wait_their_turn_for_the_database_instead_of_being_refused(
        store: Store, slack: ChannelSlack, settings: Settings, clock: Clock,
        time_: VirtualTime, monkeypatch: pytest.MonkeyPatch) -> None:
    """The store refuses a call that waits QUEUE_WAIT for a thread (the request path's guard);
    posts in flight together must queue in the pacer, not there."""
    import time

    from bot.services import weekly_posts
    from storage import db

    teams = _seed(store)
    real_prepare = weekly_posts.prepare

    def slow_prepare(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.25)  # a big team's inputs on a busy database: longer than the wait
        return real_prepare(*args, **kwargs)

    monkeypatch.setattr(db, "QUEUE_WAIT", 0.2)
    monkeypatch.setattr(weekly_posts, "prepare", slow_prepare)
    posting = _posting(store, slack, settings, clock, time_, concurrency=10)

    outcomes = await post_weekly_scorecards(posting)

    statuses = {o.team_id: o.status for o in outcomes}
    assert all(statuses[t.team_id] is PostStatus.POSTED for t in teams), statuses
