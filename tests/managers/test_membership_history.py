"""Issue 9, item 6: moving an SDR rewrites no past. An admin moves an SDR from Nordics to the
default team in `/kpi settings` on Friday 27 November; last week stays judged with the members,
targets and currency in force then, and this week follows her to the new team."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.blocks import ids
from bot.console.harness import Harness
from bot.kpi.metrics import Metric
from storage.db import Store
from storage.models import Team
from tests.managers.conftest import Org
from tests.scenario.support import text_of
from tests.team.seed import activity, targets

LAST_WEEK = date(2026, 11, 17)


async def _move_into_default_team(harness: Harness, org: Org) -> None:
    await harness.command(org.admin, "/kpi", "settings")  # opens on the default team
    [opened] = await harness.slack.wait_for("views.open")
    view: dict[str, Any] = opened.args["view"]
    harness.slack.clear()
    members = next(b for b in view["blocks"]
                   if b.get("block_id", "").startswith(ids.SETTINGS_MEMBERS_BLOCK))
    assert set(members["element"]["initial_users"]) == {org.sdr_a, org.sdr_a2}
    answer = await harness.submit(org.admin, view, {
        members["block_id"]: [org.sdr_a, org.sdr_a2, org.sdr_b]})
    assert answer is not None and answer["response_action"] == "update", answer


async def _team(harness: Harness, user: str, text: str) -> str:
    answer = await harness.command(user, "/kpi", text)
    assert answer is not None
    return text_of(answer["blocks"])


def _nok(session: Any, *, team_id: int) -> None:
    team = session.get(Team, team_id)
    team.currency = "NOK"
    session.add(team)
    session.commit()


async def test_item6_moving_an_sdr_leaves_last_weeks_scorecards_as_they_were(
        harness: Harness, org: Org, store: Store) -> None:
    store.run_sync(_nok, team_id=org.team_b)
    targets(store, org.team_b, {Metric.CALLS: 100})  # Nordics' weekly default
    targets(store, org.team_a, {Metric.CALLS: 50})  # the default team's
    activity(store, org.sdr_b, LAST_WEEK, {Metric.CALLS: 30, Metric.PIPELINE: 1000})
    activity(store, org.sdr_a, LAST_WEEK, {Metric.CALLS: 40})
    before = {
        "nordics": await _team(harness, org.manager_b, "team last week"),
        "default": await _team(harness, org.manager_a, "team last week"),
        "hers": text_of((await harness.command(org.sdr_b, "/mykpis", "last week") or {})
                        .get("blocks")),
    }
    assert "Sdrb1" in before["nordics"] and "Sdrb1" not in before["default"]
    assert "of 100" in before["hers"] and "NOK" in before["hers"]

    await _move_into_default_team(harness, org)

    assert await _team(harness, org.manager_b, "team last week") == before["nordics"]
    assert await _team(harness, org.manager_a, "team last week") == before["default"]
    hers = text_of((await harness.command(org.sdr_b, "/mykpis", "last week") or {})
                   .get("blocks"))
    assert hers == before["hers"]  # the same team, target and currency
    # From today on she is the default team's: its target, its currency, its scorecard.
    this_week = text_of((await harness.command(org.sdr_b, "/mykpis", "week") or {})
                        .get("blocks"))
    assert "Default team" in this_week and "Nordics" not in this_week
    assert "Sdrb1" in await _team(harness, org.manager_a, "team week")
    assert "Sdrb1" not in await _team(harness, org.manager_b, "team week")
