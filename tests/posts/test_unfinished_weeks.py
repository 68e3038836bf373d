"""`kpibot post-scorecards --week` posts finished weeks only; refusing leaves no claim behind,
so next Monday's scheduled post of that week goes out as usual."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.kpi.periods import PeriodKind, local_today, period_containing
from bot.services.posting import Posting
from bot.services.weekly_posts import PostStatus, post_weekly_scorecards
from storage.db import Store
from tests.conftest import Clock
from tests.posts.channel_slack import ChannelSlack
from tests.posts.seed import POST_TIME, TOKEN, add_team, claims

WEEK_49 = period_containing(date(2026, 12, 1), PeriodKind.WEEK)


async def test_the_current_and_future_weeks_are_refused_and_claim_nothing(
        posting: Posting, store: Store, slack: ChannelSlack, clock: Clock) -> None:
    add_team(store, name="Default team", channel="C0TEAM", sdrs=2, prefix="S", default=True)
    clock.current = POST_TIME + timedelta(days=4)  # Friday of W49
    for week in (WEEK_49, WEEK_49.next()):
        [outcome] = await post_weekly_scorecards(posting, week=week)
        assert outcome.status is PostStatus.NOT_ENDED
    assert claims(store) == [] and slack.of("chat.postMessage") == []
    # Monday 7 December, 09:00 in Oslo: the scheduled post of W49 is not blocked
    clock.current = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    [outcome] = await post_weekly_scorecards(posting)
    assert (outcome.status, outcome.week) == (PostStatus.POSTED, "2026-W49")
    # and an operator may now post the finished week (again only with --force)
    [again] = await post_weekly_scorecards(posting, week=WEEK_49)
    assert again.status is PostStatus.ALREADY_POSTED


def test_the_command_says_so_in_one_line_and_fails(
        store: Store, slack: ChannelSlack, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    add_team(store, name="Default team", channel="C0TEAM", sdrs=1, prefix="S", default=True)
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("SLACK_API_URL", slack.api_url)
    monkeypatch.setenv("DATABASE_URL", store.engine.url.render_as_string(hide_password=False))
    monkeypatch.chdir(tmp_path)  # no .env of the developer's is read
    this_week = period_containing(local_today("Europe/Oslo"), PeriodKind.WEEK)
    for week in (this_week, this_week.next().next()):
        assert main(["post-scorecards", "--week", week.key]) == 2
        out, err = capsys.readouterr()
        assert out == ""
        assert err.count("\n") == 1 and f"{week.key} has not ended yet" in err, err
    assert claims(store) == [] and slack.calls == []
