"""Slack misbehaving: rate limits, server errors, channels that will not take the post."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.console.local_slack import LocalSlack
from bot.services.posting import Posting
from bot.services.weekly_posts import PostStatus, post_weekly_scorecards
from storage.db import Store
from tests.posts.seed import add_team, claims


async def test_two_rate_limits_then_success_posts_exactly_once(
        posting: Posting, store: Store, slack: LocalSlack, retry_waits: list[float]) -> None:
    add_team(store, name="Default team", channel="C0TEAM", sdrs=3, prefix="S", default=True)
    slack.fail("chat.postMessage", status=429, retry_after=1, times=2)
    [outcome] = await post_weekly_scorecards(posting)
    assert outcome.status is PostStatus.POSTED
    attempts = slack.of("chat.postMessage")
    assert len(attempts) == 3  # two answered 429, the third went through
    assert [int(w) for w in retry_waits] == [1, 1]  # each wait honoured Retry-After: 1
    assert [c.status for c in claims(store)] == ["posted"]
    # and nothing posts it again
    assert (await post_weekly_scorecards(posting))[0].status is PostStatus.ALREADY_POSTED
    assert len(slack.of("chat.postMessage")) == 3


async def test_server_errors_are_retried(posting: Posting, store: Store, slack: LocalSlack
                                         ) -> None:
    add_team(store, name="Default team", channel="C0TEAM", sdrs=2, prefix="S", default=True)
    slack.fail("chat.postMessage", status=503, times=2)
    [outcome] = await post_weekly_scorecards(posting)
    assert outcome.status is PostStatus.POSTED
    assert len(slack.of("chat.postMessage")) == 3


async def test_a_missing_channel_stops_no_other_team_and_tells_its_managers(
        posting: Posting, store: Store, slack: LocalSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = add_team(store, name="Default team", channel="C0TEAM", sdrs=2, prefix="S",
                     default=True)
    broken = add_team(store, name="Gone", channel="C0GONE", sdrs=2, prefix="G", managers=2)
    last = add_team(store, name="Oslo", channel="C0OSLO", sdrs=2, prefix="O")
    failing = {"C0GONE"}
    answer = slack._answer

    def by_channel(method: str, args: dict[str, Any]) -> dict[str, Any]:
        # LocalSlack scripts failures per method; this one channel fails whatever comes first
        if method == "chat.postMessage" and args.get("channel") in failing:
            return {"ok": False, "error": "channel_not_found"}
        return answer(method, args)

    monkeypatch.setattr(slack, "_answer", by_channel)
    outcomes = {o.team_id: o for o in await post_weekly_scorecards(posting)}
    assert outcomes[first.team_id].status is PostStatus.POSTED
    assert outcomes[last.team_id].status is PostStatus.POSTED
    failed = outcomes[broken.team_id]
    assert (failed.status, failed.error, set(failed.told)) == (
        PostStatus.FAILED, "channel_not_found", set(broken.managers))

    posted = [c.args["channel"] for c in slack.of("chat.postMessage")]
    assert posted.count("C0TEAM") == 1 and posted.count("C0OSLO") == 1
    dms = [c for c in slack.of("chat.postMessage") if c.args["channel"] in broken.managers]
    assert len(dms) == 2
    words = json.dumps(dms[0].args["blocks"])
    assert "Gone" in words and "<#C0GONE>" in words and "/kpi settings" in words
    assert "kpibot post-scorecards --team" in words
    claim = next(c for c in claims(store) if c.team_id == broken.team_id and
                 c.kind == "scorecard")
    assert (claim.status, claim.detail) == ("released", "channel_not_found")

    # it fails again: the managers are not told twice about the same week
    assert (await post_weekly_scorecards(posting, team_ids=[broken.team_id]))[0].told == ()
    # once fixed, a later run posts it, once; the other teams' posts are not repeated
    failing.clear()
    outcomes = {o.team_id: o for o in await post_weekly_scorecards(posting)}
    assert outcomes[broken.team_id].status is PostStatus.POSTED
    assert outcomes[first.team_id].status is PostStatus.ALREADY_POSTED
    posted = [c.args["channel"] for c in slack.of("chat.postMessage")]
    assert (posted.count("C0GONE"), posted.count("C0TEAM"), posted.count("C0OSLO")) == (3, 1, 1)


async def test_not_in_channel_tells_managers_to_invite_the_bot(
        posting: Posting, store: Store, slack: LocalSlack) -> None:
    team = add_team(store, name="Default team", channel="C0TEAM", sdrs=1, prefix="S",
                    default=True, locale="nb-NO")
    slack.fail("chat.postMessage", error="not_in_channel")
    [outcome] = await post_weekly_scorecards(posting)
    assert outcome.status is PostStatus.FAILED and outcome.told == team.managers
    [dm] = [c for c in slack.of("chat.postMessage") if c.args["channel"] == team.managers[0]]
    words = json.dumps(dm.args["blocks"], ensure_ascii=False)
    assert "/invite" in words and "Slik løser du det" in words  # in the manager's language


async def test_a_team_without_a_channel_or_without_sdrs_is_skipped(posting: Posting, store: Store,
                                                   slack: LocalSlack) -> None:
    add_team(store, name="Default team", channel="C0TEAM", sdrs=1, prefix="S", default=True)
    add_team(store, name="Nowhere", channel=None, sdrs=1, prefix="N")
    add_team(store, name="Nobody", channel="C0EMPTY", sdrs=0, prefix="E", managers=1)
    statuses = sorted(o.status for o in await post_weekly_scorecards(posting))
    assert statuses == [PostStatus.NO_CHANNEL, PostStatus.NO_SDRS, PostStatus.POSTED]
    assert [c.args["channel"] for c in slack.of("chat.postMessage")] == ["C0TEAM"]
