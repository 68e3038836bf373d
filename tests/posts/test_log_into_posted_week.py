"""A log dated into a week whose scorecard is already in the team channel: the post stays as it
was, and the SDR is told so (issue 10's smaller things)."""

from __future__ import annotations

from datetime import timedelta

from bot.console.harness import Harness
from storage import people, posts
from tests.conftest import NOW
from tests.scenario.support import text_of

SDR = "U0POSTED"


def _post_week(harness: Harness, key: str) -> None:
    store = harness.deps.store
    team = store.run_sync(people.default_team)
    assert team is not None and team.id is not None
    claim = store.run_sync(posts.claim_post, team_id=team.id, kind="scorecard", period_key=key,
                           claimed_by="test", now=NOW, stale_after=timedelta(minutes=2))
    assert isinstance(claim, posts.Claim)
    store.run_sync(posts.mark_posted, claim_id=claim.id, channel_id="C0TEAM", message_ts="1.2",
                   now=NOW)


async def test_a_log_into_a_posted_week_says_the_post_stays(harness: Harness) -> None:
    _post_week(harness, "2026-W47")  # NOW is Friday of week 48: week 47 has ended
    answer = await harness.command(SDR, "/kpi", "log 5 calls 2026-11-18")
    assert answer is not None
    assert "Week 47's scorecard was already posted" in text_of(answer["blocks"])


async def test_a_log_into_a_week_not_posted_says_nothing_of_posts(harness: Harness) -> None:
    answer = await harness.command(SDR, "/kpi", "log 5 calls 2026-11-18")
    assert answer is not None
    assert "already posted" not in text_of(answer["blocks"])
    today = await harness.command(SDR, "/kpi", "log 5 calls")
    assert today is not None and "already posted" not in text_of(today["blocks"])
