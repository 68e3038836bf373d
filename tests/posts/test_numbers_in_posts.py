"""Issue 9 in the scheduled posts: the chart and the message round alike (item 3), nudges only
for a real shortfall (item 8), a weekend post reports the last week that has ended (item 9),
and plural forms (item 11)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from bot.blocks.nudge import build_nudge_blocks
from bot.blocks.weekly_scorecard import build_weekly_scorecard_blocks
from bot.chart import weekly_chart
from bot.i18n import Translator
from bot.kpi.metrics import Metric
from bot.kpi.nudge import NudgeKind, decide_nudge
from bot.kpi.periods import MONDAY_TO_FRIDAY, PeriodKind, period_containing
from bot.kpi.schedule import reported_week
from bot.kpi.team import build_team_scorecard
from bot.services.posting import Posting
from bot.services.weekly_posts import PostStatus, post_weekly_scorecards
from storage.db import Store
from tests.conftest import Clock
from tests.posts.seed import add_team

WEEK_48 = period_containing(date(2026, 11, 23), PeriodKind.WEEK)
WEEK_49 = WEEK_48.next()
WEDNESDAY, FRIDAY = date(2026, 12, 2), date(2026, 12, 4)
EN = Translator("en-US")


def test_item3_the_chart_and_the_message_round_a_half_the_same_way_up() -> None:
    # 261 calls of 200 is 130.5 %: 131 % in the message and on the chart, never 130 on one
    card = build_team_scorecard(period=WEEK_48, sdr_ids=["U0MAYA"],
                                totals={"U0MAYA": {Metric.CALLS: 261}},
                                targets={"U0MAYA": {Metric.CALLS: 200}},
                                previous_totals={}, previous_targets={})
    blocks = build_weekly_scorecard_blocks(card=card, team_name="Nordics",
                                           names={"U0MAYA": "Maya"}, leaderboard_size=5, tr=EN)
    text = json.dumps(blocks)
    assert "Maya \\u00b7 *131%*" in text and "*261* of 200 \\u00b7 131%" in text
    chart = weekly_chart(card=card, team_name="Nordics", names={"U0MAYA": "Maya"},
                         leaderboard_size=5, tr=EN)
    assert chart.attainment == (131.0,) and chart.this_week == (131.0,)


def test_item8_no_nudge_for_a_fraction_behind_nor_under_the_teams_share() -> None:
    targets = {Metric.MEETINGS_BOOKED: 3.0, Metric.CALLS: 10.0}
    # Wednesday: 2 of 5 working days over. Meetings: 1 of 3 so far, 1.2 expected: 0.2 behind.
    assert decide_nudge(period=WEEK_49, today=WEDNESDAY, totals={Metric.MEETINGS_BOOKED: 1,
                                                                Metric.CALLS: 4},
                        targets=targets, workdays=MONDAY_TO_FRIDAY) is None
    # Calls: 2 of 10, 4 expected: 2 behind (a whole unit, and 50 % of expected): a nudge ...
    nudge = decide_nudge(period=WEEK_49, today=WEDNESDAY, totals={Metric.MEETINGS_BOOKED: 1,
                                                                 Metric.CALLS: 2},
                         targets=targets, workdays=MONDAY_TO_FRIDAY)
    assert nudge is not None and nudge.kind is NudgeKind.BEHIND
    assert [p.metric for p in nudge.behind] == [Metric.CALLS]
    # ... unless the team only nudges those 60 % behind expected-to-date
    assert decide_nudge(period=WEEK_49, today=WEDNESDAY, totals={Metric.MEETINGS_BOOKED: 1,
                                                                Metric.CALLS: 2},
                        targets=targets, workdays=MONDAY_TO_FRIDAY, share=0.6) is None


def test_item9_a_weekend_post_reports_the_week_before() -> None:
    saturday, sunday = date(2026, 12, 5), date(2026, 12, 6)
    assert reported_week(saturday, MONDAY_TO_FRIDAY) == WEEK_48  # week 49 has not ended
    assert reported_week(sunday, MONDAY_TO_FRIDAY) == WEEK_48
    assert reported_week(date(2026, 12, 7), MONDAY_TO_FRIDAY) == WEEK_49


async def test_item9_the_scheduled_post_on_a_saturday_is_of_the_last_finished_week(
        posting: Posting, store: Store, clock: Clock) -> None:
    add_team(store, name="Default team", channel="C0TEAM", sdrs=2, prefix="S", default=True)
    clock.current = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)  # Saturday of week 49
    [outcome] = await post_weekly_scorecards(posting)
    assert (outcome.status, outcome.week) == (PostStatus.POSTED, "2026-W48")


def test_item11_one_working_day_left_and_one_change_in_norwegian() -> None:
    nudge = decide_nudge(period=WEEK_49, today=FRIDAY, totals={},
                         targets={Metric.CALLS: 100.0}, workdays=MONDAY_TO_FRIDAY)
    assert nudge is not None and nudge.remaining_days == 1
    text = json.dumps(build_nudge_blocks(nudge=nudge, tr=EN))
    assert "1 working day left" in text and "1 working days" not in text
    nb = Translator("nb-NO")
    assert nb.t("targets.saved", count=1, told=0).startswith(
        ":white_check_mark: Lagret 1 endring i målene.")
    assert "Lagret 2 endringer i målene." in nb.t("targets.saved", count=2, told=0)
    assert EN.t("team.from_opportunities", count="1") == "from 1 opportunity"
