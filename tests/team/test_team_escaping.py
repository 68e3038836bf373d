"""`/kpi team` through the real app: a team or person name written to ping the channel, link or
reformat reaches Slack inert, in the answer's blocks and in its fallback text."""

from __future__ import annotations

from bot.blocks.text import escape
from bot.console.harness import Harness
from bot.kpi.metrics import Metric
from tests.posts.test_escaping import HOSTILE, _mrkdwn, assert_inert
from tests.team.seed import MONDAY, activity, member, targets, team

MANAGER, SDR = "U0MGR1", "U0ANNA"


async def test_kpi_team_carries_a_hostile_team_and_person_name_inert(harness: Harness) -> None:
    store = harness.deps.store
    hostile = team(store, HOSTILE)
    other = team(store, f"{HOSTILE} two")
    member(store, hostile, MANAGER, role="manager", name="Maja Manager")
    member(store, other, MANAGER, role="manager", name="Maja Manager")
    member(store, hostile, SDR, name=f"{HOSTILE} Anna")
    targets(store, hostile, {Metric.CALLS: 100})
    activity(store, SDR, MONDAY, {Metric.CALLS: 120})
    answer = await harness.command(MANAGER, "/kpi", "team")
    assert answer is not None and answer["response_type"] == "ephemeral"
    texts = [answer["text"], *_mrkdwn(answer["blocks"])]
    assert_inert(texts)
    assert escape(HOSTILE) in answer["text"]  # the fallback names the team, inert
    assert any(escape(f"{HOSTILE} Anna") in text for text in texts)  # the leaderboard too


async def test_an_unknown_team_name_is_echoed_inert(harness: Harness) -> None:
    store = harness.deps.store
    member(store, team(store, "Nordics"), MANAGER, role="manager")
    answer = await harness.command(MANAGER, "/kpi", "team week <!everyone> *x*")
    assert answer is not None
    assert_inert([answer["text"], *_mrkdwn(answer["blocks"])])
