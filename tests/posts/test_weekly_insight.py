"""The weekly post's finding of the week and its stale-data count (issue 12)."""

from __future__ import annotations

import json
from datetime import date, timedelta

from bot.console.local_slack import LocalSlack
from bot.kpi.metrics import Metric
from bot.services.posting import Posting
from bot.services.weekly_posts import PostStatus, post_weekly_scorecards
from storage import activity
from storage.db import Store
from tests.posts.seed import add_team, log
from tests.team.seed import member

QUIET = "U0QUIET"


def _tagged(store: Store, user_id: str, day: date, leads: float, opps: float) -> None:
    store.run_sync(activity.insert_entry, user_id=user_id, day=day,
                   quantities={Metric.LEADS: leads, Metric.OPPORTUNITIES: opps},
                   source="inbound", note=None, origin="csv", actor_id="test")


async def test_a_significant_shift_and_the_quiet_sdrs_are_in_the_post(
        posting: Posting, store: Store, slack: LocalSlack) -> None:
    team = add_team(store, name="Default team", channel="C0TEAM", sdrs=3, prefix="S",
                    default=True)
    member(store, team.team_id, QUIET, name="Quiet Quinn")
    log(store, QUIET, date(2026, 11, 18), calls=5)  # then nothing for 7 working days
    sdr = team.sdrs[0]
    for week in range(4):  # the four weeks before the last four, then the last four
        _tagged(store, sdr, date(2026, 10, 5) + timedelta(weeks=week), 25, 1)
        _tagged(store, sdr, date(2026, 11, 2) + timedelta(weeks=week), 25, 8)
    [outcome] = await post_weekly_scorecards(posting)
    assert outcome.status is PostStatus.POSTED
    [message] = slack.of("chat.postMessage")
    text = json.dumps(message.args["blocks"], ensure_ascii=False)
    assert "*Finding of the week:* leads from `inbound` convert at 32% (32/100," in text
    assert "against 4% (4/100," in text and "two-proportion z-test, p = < 0.001" in text
    assert "SDRs who have logged nothing for 3+ working days: 1." in text
    [stale] = [b for b in message.args["blocks"] if "logged nothing" in json.dumps(b)]
    assert "Quiet" not in json.dumps(stale)  # the post is public: a count, never a name


async def test_no_finding_without_evidence(posting: Posting, store: Store,
                                           slack: LocalSlack) -> None:
    team = add_team(store, name="Default team", channel="C0TEAM", sdrs=3, prefix="S",
                    default=True)
    for week in range(4):
        _tagged(store, team.sdrs[0], date(2026, 10, 5) + timedelta(weeks=week), 25, 3)
        _tagged(store, team.sdrs[0], date(2026, 11, 2) + timedelta(weeks=week), 25, 4)
    await post_weekly_scorecards(posting)
    [message] = slack.of("chat.postMessage")
    text = json.dumps(message.args["blocks"], ensure_ascii=False)
    assert "Finding of the week" not in text and "logged nothing" not in text
