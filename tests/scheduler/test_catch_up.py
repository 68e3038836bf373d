"""A bot that was down at the scheduled time catches up when it starts, within the grace."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.config import Settings
from bot.console.local_slack import LocalSlack
from bot.scheduler import NUDGE_GRACE, RECHECK_EVERY, SCORECARD_GRACE, BotScheduler
from bot.services.posting import CLAIM_STALE_AFTER, Posting
from storage import posts
from storage.db import Store
from tests.conftest import Clock
from tests.posts.channel_slack import ChannelSlack
from tests.posts.seed import POST_TIME, add_team, claims, make_posting

WEDNESDAY_1400 = datetime(2026, 12, 2, 13, 0, tzinfo=UTC)


async def _start(posting: Posting) -> tuple[BotScheduler, list[str]]:
    """Start the bot's scheduler as `kpibot run` does; returns what the catch-up attempted."""
    scheduler = BotScheduler(posting)
    await scheduler.start()
    scheduler.scheduler.pause()  # the test's clock is not APScheduler's: no real firing
    assert scheduler.catch_up_task is not None
    attempted: list[str] = await scheduler.catch_up_task
    return scheduler, attempted


async def test_a_scorecard_missed_while_down_is_posted_once_on_start(
        store: Store, slack: LocalSlack, settings: Settings, clock: Clock) -> None:
    add_team(store, name="Default team", channel="C0TEAM", sdrs=2, prefix="S", default=True)
    clock.current = POST_TIME + timedelta(hours=3, minutes=30)  # back at 12:30 on Monday
    first, attempted = await _start(make_posting(store, slack.api_url, settings, clock, "a:1"))
    await first.shutdown()
    assert attempted == ["scorecard:1"]
    # restarted again (or a second replica comes up): nothing is posted twice
    clock.current += timedelta(minutes=20)
    second, attempted = await _start(make_posting(store, slack.api_url, settings, clock, "b:2"))
    await second.shutdown()
    assert attempted == []
    [post] = slack.of("chat.postMessage")
    assert post.args["channel"] == "C0TEAM" and "Week 48" in str(post.args["blocks"])
    assert [(c.period_key, c.status, c.claimed_by) for c in claims(store)] == [
        ("2026-W48", "posted", "a:1")]


async def test_outside_the_grace_window_nothing_is_caught_up(
        store: Store, slack: LocalSlack, settings: Settings, clock: Clock) -> None:
    add_team(store, name="Default team", channel="C0TEAM", sdrs=2, prefix="S", default=True)
    clock.current = POST_TIME + SCORECARD_GRACE + timedelta(minutes=1)
    scheduler, attempted = await _start(make_posting(store, slack.api_url, settings, clock))
    await scheduler.shutdown()
    assert attempted == [] and slack.of("chat.postMessage") == [] and claims(store) == []


async def test_at_the_edge_of_the_window_it_still_posts(
        store: Store, slack: LocalSlack, settings: Settings, clock: Clock) -> None:
    add_team(store, name="Default team", channel="C0TEAM", sdrs=1, prefix="S", default=True)
    clock.current = POST_TIME + SCORECARD_GRACE - timedelta(minutes=1)
    scheduler, attempted = await _start(make_posting(store, slack.api_url, settings, clock))
    await scheduler.shutdown()
    assert attempted == ["scorecard:1"] and len(slack.of("chat.postMessage")) == 1


async def test_a_scorecard_posted_by_the_command_is_not_caught_up_again(
        posting: Posting, store: Store, slack: LocalSlack, settings: Settings, clock: Clock
) -> None:
    from bot.services.weekly_posts import post_weekly_scorecards

    add_team(store, name="Default team", channel="C0TEAM", sdrs=1, prefix="S", default=True)
    clock.current = POST_TIME - timedelta(hours=1)  # an operator posts before the slot
    await post_weekly_scorecards(posting)
    clock.current = POST_TIME + timedelta(hours=1)
    scheduler, attempted = await _start(make_posting(store, slack.api_url, settings, clock))
    await scheduler.shutdown()
    assert attempted == [] and len(slack.of("chat.postMessage")) == 1


async def test_a_missed_nudge_run_is_caught_up_the_same_day_within_its_grace(
        store: Store, slack: LocalSlack, settings: Settings, clock: Clock) -> None:
    add_team(store, name="Default team", channel="C0TEAM", sdrs=2, prefix="S", default=True)
    clock.current = WEDNESDAY_1400 + NUDGE_GRACE + timedelta(minutes=1)  # too late
    scheduler, attempted = await _start(make_posting(store, slack.api_url, settings, clock))
    await scheduler.shutdown()
    assert attempted == []
    clock.current = WEDNESDAY_1400 + timedelta(minutes=45)
    scheduler, attempted = await _start(make_posting(store, slack.api_url, settings, clock))
    await scheduler.shutdown()
    assert attempted == ["nudge:1:2@14:00"]
    assert sorted(c.args["channel"] for c in slack.of("chat.postMessage")) == ["U0S00", "U0S01"]
    scheduler, attempted = await _start(make_posting(store, slack.api_url, settings, clock))
    await scheduler.shutdown()
    assert attempted == [] and len(slack.of("chat.postMessage")) == 2


async def test_a_failed_scorecard_is_retried_until_the_channel_is_fixed(
        posting: Posting, store: Store, slack: LocalSlack, clock: Clock) -> None:
    team = add_team(store, name="Default team", channel="C0TEAM", sdrs=1, prefix="S",
                    default=True)
    scheduler = BotScheduler(posting)
    scheduler.scheduler.start(paused=True)
    try:
        await scheduler.sync()
        job = scheduler.scheduler.get_job("scorecard:1")
        assert job is not None
        clock.current = POST_TIME
        slack.fail("chat.postMessage", error="not_in_channel")
        await job.func(*job.args)
        retry = scheduler.scheduler.get_job("scorecard-retry:1")
        assert retry is not None
        assert retry.trigger.run_date == POST_TIME + timedelta(minutes=30)
        told = [c for c in slack.of("chat.postMessage") if c.args["channel"] in team.managers]
        assert len(told) == 1  # the managers know how to fix it
        clock.current = retry.trigger.run_date  # someone invited the bot meanwhile
        await retry.func(*retry.args)
        posted = [c for c in slack.of("chat.postMessage") if c.args["channel"] == "C0TEAM"]
        assert len(posted) == 2  # the refused attempt, then the post
        assert [(c.kind, c.status) for c in claims(store) if c.kind == "scorecard"] == [
            ("scorecard", "posted")]
        # no retry is planned past the grace window
        clock.current = POST_TIME + SCORECARD_GRACE - timedelta(minutes=10)
        assert scheduler.retry_scorecard(1, POST_TIME) is False
    finally:
        await scheduler.shutdown()


async def test_a_post_claimed_by_a_process_that_died_is_caught_up_once_stale(
        store: Store, slack: LocalSlack, settings: Settings, clock: Clock) -> None:
    add_team(store, name="Default team", channel="C0TEAM", sdrs=1, prefix="S", default=True)
    # a replica claimed the post at 09:00 and died before sending it
    store.run_sync(posts.claim_post, team_id=1, kind="scorecard", period_key="2026-W48",
                   claimed_by="dead:1", now=POST_TIME, stale_after=CLAIM_STALE_AFTER)
    clock.current = POST_TIME + CLAIM_STALE_AFTER / 2  # it might still be sending: hands off
    scheduler, attempted = await _start(make_posting(store, slack.api_url, settings, clock))
    await scheduler.shutdown()
    assert attempted == [] and slack.of("chat.postMessage") == []
    clock.current = POST_TIME + CLAIM_STALE_AFTER + timedelta(seconds=1)
    scheduler, attempted = await _start(make_posting(store, slack.api_url, settings, clock,
                                                     "alive:2"))
    await scheduler.shutdown()
    assert attempted == ["scorecard:1"] and len(slack.of("chat.postMessage")) == 1
    # the dead process might have posted before dying: the channel was looked at first
    assert len(slack.of("conversations.history")) == 1
    assert [(c.status, c.claimed_by) for c in claims(store)] == [("posted", "alive:2")]


async def test_the_recheck_job_takes_over_a_claim_that_goes_stale_after_start(
        store: Store, slack: LocalSlack, settings: Settings, clock: Clock) -> None:
    """A restart within the stale window finds the dead process's claim still fresh; the
    recheck job, not only the start-up catch-up, posts it once the claim goes stale."""
    add_team(store, name="Default team", channel="C0TEAM", sdrs=1, prefix="S", default=True)
    store.run_sync(posts.claim_post, team_id=1, kind="scorecard", period_key="2026-W48",
                   claimed_by="dead:1", now=POST_TIME, stale_after=CLAIM_STALE_AFTER)
    clock.current = POST_TIME + timedelta(seconds=5)  # restarted at once
    scheduler, attempted = await _start(make_posting(store, slack.api_url, settings, clock,
                                                     "alive:2"))
    try:
        assert attempted == []
        job = scheduler.scheduler.get_job("recheck")
        assert job is not None and job.trigger.interval == RECHECK_EVERY
        await job.func(*job.args)  # a minute later: still within the window, hands off
        assert slack.of("chat.postMessage") == []
        clock.current = POST_TIME + CLAIM_STALE_AFTER + RECHECK_EVERY
        await job.func(*job.args)
        await job.func(*job.args)  # and again: nothing twice
    finally:
        await scheduler.shutdown()
    assert [c.args["channel"] for c in slack.of("chat.postMessage")] == ["C0TEAM"]
    assert [(c.status, c.claimed_by) for c in claims(store)] == [("posted", "alive:2")]


async def test_the_recheck_job_leaves_released_posts_to_the_retry_job(
        posting: Posting, store: Store, slack: LocalSlack, clock: Clock) -> None:
    """A post Slack refused is tried every 30 minutes, not every minute by the recheck."""
    add_team(store, name="Default team", channel="C0TEAM", sdrs=1, prefix="S", default=True)
    claim = store.run_sync(posts.claim_post, team_id=1, kind="scorecard",
                           period_key="2026-W48", claimed_by="a:1", now=POST_TIME,
                           stale_after=CLAIM_STALE_AFTER)
    assert isinstance(claim, posts.Claim)
    store.run_sync(posts.release_claim, claim_id=claim.id, detail="not_in_channel")
    scheduler = BotScheduler(posting)
    try:
        assert await scheduler.catch_up(orphaned_only=True) == []
        assert await scheduler.catch_up() == ["scorecard:1"]  # start-up takes it, though
    finally:
        await scheduler.shutdown()


async def test_an_unanswered_scorecard_is_retried_by_looking_in_the_channel(
        posting: Posting, store: Store, slack: ChannelSlack, clock: Clock) -> None:
    """The scheduled post times out after Slack took it: the retry job finds it, posts nothing."""
    add_team(store, name="Default team", channel="C0TEAM", sdrs=1, prefix="S", default=True)
    scheduler = BotScheduler(posting)
    scheduler.scheduler.start(paused=True)
    try:
        await scheduler.sync()
        job = scheduler.scheduler.get_job("scorecard:1")
        assert job is not None
        slack.stall("chat.postMessage", accept=True)
        posting.post_client.timeout = 1
        await job.func(*job.args)
        assert [c.status for c in claims(store)] == ["unknown"]
        retry = scheduler.scheduler.get_job("scorecard-retry:1")
        assert retry is not None
        clock.current = retry.trigger.run_date
        await retry.func(*retry.args)
    finally:
        await scheduler.shutdown()
    assert len(slack.of("chat.postMessage")) == 1 and len(slack.posts_in("C0TEAM")) == 1
    assert [(c.status, c.message_ts) for c in claims(store)] == [
        ("posted", slack.posts_in("C0TEAM")[0]["ts"])]
