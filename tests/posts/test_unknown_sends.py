"""A post Slack never answered is unknown, not failed; a claim is never taken from a holder
that still works on it. Each test drives the real post through a Slack that keeps channel
history and can leave a call unanswered."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.config import Settings
from bot.services.posting import (
    CLAIM_STALE_AFTER,
    MAX_RETRY_WAIT,
    METADATA_EVENT,
    Posting,
)
from bot.services.weekly_posts import PostStatus, post_weekly_scorecards
from storage.db import Store
from tests.conftest import Clock
from tests.posts.channel_slack import ChannelSlack
from tests.posts.seed import add_team, claims, make_posting
from tests.slack_contract import check_calls


def _last_beat(store: Store) -> datetime:
    [claim] = claims(store)
    beat: datetime = claim.heartbeat_at
    return beat if beat.tzinfo else beat.replace(tzinfo=UTC)  # SQLite hands back naive UTC


def _past_stale(clock: Clock) -> None:
    clock.current += CLAIM_STALE_AFTER + timedelta(seconds=1)


async def test_a_timed_out_post_is_kept_checked_in_the_channel_and_never_repeated(
        posting: Posting, store: Store, slack: ChannelSlack, clock: Clock) -> None:
    add_team(store, name="Default team", channel="C0TEAM", sdrs=2, prefix="S", default=True)
    slack.stall("chat.postMessage", accept=True)  # Slack posts it; the answer comes too late
    posting.post_client.timeout = 1
    [outcome] = await post_weekly_scorecards(posting)
    assert outcome.status is PostStatus.UNKNOWN and outcome.error == "TimeoutError"
    [claim] = claims(store)
    assert (claim.status, claim.detail) == ("unknown", "TimeoutError")  # kept, not released
    [message] = slack.posts_in("C0TEAM")
    assert message["metadata"] == {"event_type": METADATA_EVENT, "event_payload": {
        "team": 1, "kind": "scorecard", "period": "2026-W48"}}

    # the retry job or the CLI right away: the claim is left alone while Slack may still act
    [again] = await post_weekly_scorecards(posting)
    assert again.status is PostStatus.BEING_POSTED
    # once the claim is stale, the taker looks in the channel, finds the post and records it
    _past_stale(clock)
    [found] = await post_weekly_scorecards(posting)
    assert (found.status, found.message_ts) == (PostStatus.FOUND, message["ts"])
    assert len(slack.of("chat.postMessage")) == 1
    [history] = slack.of("conversations.history")
    assert history.args["channel"] == "C0TEAM"
    assert [(c.status, c.message_ts) for c in claims(store)] == [("posted", message["ts"])]
    # and every later run sees it posted
    _past_stale(clock)
    assert (await post_weekly_scorecards(posting))[0].status is PostStatus.ALREADY_POSTED
    assert len(slack.posts_in("C0TEAM")) == 1


async def test_a_post_slack_never_took_is_posted_after_the_check(
        posting: Posting, store: Store, slack: ChannelSlack, clock: Clock) -> None:
    add_team(store, name="Default team", channel="C0TEAM", sdrs=1, prefix="S", default=True)
    slack.stall("chat.postMessage", accept=False)
    posting.post_client.timeout = 1
    assert (await post_weekly_scorecards(posting))[0].status is PostStatus.UNKNOWN
    _past_stale(clock)
    [outcome] = await post_weekly_scorecards(posting)
    assert outcome.status is PostStatus.POSTED
    assert len(slack.posts_in("C0TEAM")) == 1 and len(slack.of("conversations.history")) == 1


async def test_when_the_channel_cannot_be_read_nothing_is_reposted(
        posting: Posting, store: Store, slack: ChannelSlack, clock: Clock) -> None:
    add_team(store, name="Default team", channel="C0TEAM", sdrs=1, prefix="S", default=True)
    slack.stall("chat.postMessage", accept=True)
    posting.post_client.timeout = 1
    await post_weekly_scorecards(posting)
    _past_stale(clock)
    slack.fail("conversations.history", error="missing_scope")
    [outcome] = await post_weekly_scorecards(posting)
    assert (outcome.status, outcome.error) == (PostStatus.UNKNOWN, "missing_scope")
    assert len(slack.of("chat.postMessage")) == 1
    assert [c.status for c in claims(store)] == ["unknown"]


async def test_a_long_retry_after_is_cut_well_inside_the_stale_window(
        posting: Posting, store: Store, slack: ChannelSlack, retry_waits: list[float]) -> None:
    add_team(store, name="Default team", channel="C0TEAM", sdrs=1, prefix="S", default=True)
    slack.fail("chat.postMessage", status=429, retry_after=3600, times=2)
    [outcome] = await post_weekly_scorecards(posting)
    assert outcome.status is PostStatus.POSTED
    assert len(retry_waits) == 2
    assert all(wait < MAX_RETRY_WAIT + 1 for wait in retry_waits)
    assert CLAIM_STALE_AFTER.total_seconds() > MAX_RETRY_WAIT * 4


async def test_the_holder_renews_its_claim_so_a_replica_never_takes_it_over(
        store: Store, slack: ChannelSlack, settings: Settings, clock: Clock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Two replicas: the first is stuck in a slow send far past the stale window, beating
    all along; the second, however late it looks, never takes the claim and never posts."""
    add_team(store, name="Default team", channel="C0TEAM", sdrs=1, prefix="S", default=True)
    first = make_posting(store, slack.api_url, settings, clock, "replica-a:1")
    second = make_posting(store, slack.api_url, settings, clock, "replica-b:2")
    monkeypatch.setattr(type(first), "heartbeat_every", property(
        lambda self: timedelta(seconds=0.02)))
    slack.stall("chat.postMessage", accept=True)
    sending = asyncio.create_task(post_weekly_scorecards(first))
    await slack.wait_for("chat.postMessage")
    for _ in range(3):  # minutes pass while Slack sits on the post
        clock.current += CLAIM_STALE_AFTER
        async with asyncio.timeout(10):  # the heartbeat catches up with the clock
            while _last_beat(store) != clock.current:  # noqa: ASYNC110  # a database row
                await asyncio.sleep(0.01)
        [outcome] = await post_weekly_scorecards(second)
        assert (outcome.status, outcome.holder) == (PostStatus.BEING_POSTED, "replica-a:1")
    slack.release()
    [done] = await sending
    assert done.status is PostStatus.POSTED
    assert len(slack.of("chat.postMessage")) == 1 and slack.of("conversations.history") == []
    assert [(c.status, c.claimed_by) for c in claims(store)] == [("posted", "replica-a:1")]


async def test_a_nudge_that_timed_out_is_never_sent_again(
        posting: Posting, store: Store, slack: ChannelSlack, clock: Clock) -> None:
    from bot.services.nudges import NudgeStatus, send_team_nudges
    from tests.posts.seed import WEEK_48, log

    team = add_team(store, name="Default team", channel="C0TEAM", sdrs=1, prefix="S",
                    default=True)
    clock.current = datetime(2026, 12, 2, 13, 0, tzinfo=UTC)  # Wednesday 14:00 in Oslo
    log(store, team.sdrs[0], WEEK_48 + timedelta(days=9), calls=1)
    slack.stall("chat.postMessage", accept=True)
    posting.post_client.timeout = 1
    [first] = await send_team_nudges(posting, team_id=team.team_id)
    assert first.status is NudgeStatus.FAILED
    _past_stale(clock)
    [second] = await send_team_nudges(posting, team_id=team.team_id)
    assert second.status is NudgeStatus.ALREADY_SENT
    assert len(slack.of("chat.postMessage")) == 1
    check_calls(slack.calls)
