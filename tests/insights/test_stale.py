"""Stale data: who has logged nothing for the team's number of working days, for managers in
`/kpi team` and the App Home; industry bands beside the team's numbers in `/kpi team`."""

from __future__ import annotations

import json
from datetime import date

from slack_sdk.models.blocks import Block

from bot.console.harness import Harness
from bot.insights.benchmarks import DATA_FILE
from bot.kpi.metrics import Metric
from bot.kpi.periods import MONDAY_TO_FRIDAY
from bot.kpi.stale import idle_working_days, stale_sdrs
from tests.scenario.support import text_of
from tests.slack_contract import checked_harness
from tests.team.seed import activity, member, team

__all__ = ["checked_harness"]
MANAGER, ANNA, CARL, DANA = "U0MGR1", "U0ANNA", "U0CARL", "U0DANA"
FRIDAY = date(2026, 11, 27)


def test_idle_working_days_skip_weekends_time_off_and_today() -> None:
    wd = MONDAY_TO_FRIDAY
    assert idle_working_days(date(2026, 11, 26), today=FRIDAY, workdays=wd) == 0
    assert idle_working_days(date(2026, 11, 20), today=FRIDAY, workdays=wd) == 4  # Mon-Thu
    assert idle_working_days(date(2026, 11, 20), today=FRIDAY, workdays=wd,
                             days_off={date(2026, 11, 23), date(2026, 11, 24)}) == 2
    # 60 days back: Monday 28 September to Thursday 26 November, eight weeks and four days
    assert idle_working_days(None, today=FRIDAY, workdays=wd) == 44
    found = stale_sdrs(sdr_ids=["a", "b", "c"], last_days={"a": date(2026, 11, 26),
                                                           "b": date(2026, 11, 20)},
                       today=FRIDAY, workdays=wd, days_off={}, threshold=3)
    assert [(s.user_id, s.idle_days) for s in found] == [("c", 44), ("b", 4)]


def _org(harness: Harness) -> None:
    store = harness.deps.store
    a = team(store, "Nordics")
    member(store, a, MANAGER, role="manager", name="Maja Manager")
    member(store, a, ANNA, name="Anna Berg")
    member(store, a, CARL, name="Carl Dahl")
    member(store, a, DANA, name="Dana Eik")
    activity(store, ANNA, date(2026, 11, 26), {Metric.LEADS: 10, Metric.QUALIFIED_LEADS: 2,
                                               Metric.MEETINGS_BOOKED: 4,
                                               Metric.MEETINGS_HELD: 3})
    activity(store, CARL, date(2026, 11, 19), {Metric.CALLS: 5})


async def test_kpi_team_names_the_quiet_sdrs_and_shows_the_bands(harness: Harness) -> None:
    _org(harness)
    answer = await harness.command(MANAGER, "/kpi", "team")
    assert answer is not None
    for block in Block.parse_all(answer["blocks"]):
        assert block is not None
        block.to_dict()
    text = text_of(answer["blocks"])
    assert ("Nothing logged for 3+ working days: Dana Eik (nothing logged yet); "
            "Carl Dahl (last Nov 19, 2026, 5 working days)") in text
    assert "Anna Berg (" not in text
    sources = json.loads(DATA_FILE.read_text("utf-8"))["sources"]
    assert ("Lead quality team 20%, industry 13%–25% (<" + sources["fairview-2026"]["url"]
            + "|Fairview> 2026, vendor estimate)") in text
    assert "Meeting show rate team 75%, industry 65%–75%" in text
    assert "a month" not in text  # a month's band is not shown beside a week


async def test_the_quiet_sdrs_are_never_shown_to_an_sdr(harness: Harness) -> None:
    _org(harness)
    answer = await harness.command(ANNA, "/kpi", "team")
    assert answer is not None and "Dana" not in text_of(answer["blocks"])
