"""Issue 9, item 8: the share behind pace before a nudge is the team's to set, in
`/kpi settings`, and the nudge run follows it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from bot.blocks import ids
from bot.console.harness import Harness
from bot.kpi.metrics import Metric
from bot.services.nudges import Reason, plan_team
from storage import posts
from storage.db import Store
from tests.conftest import Clock
from tests.managers.conftest import Org
from tests.team.seed import activity, targets

WEDNESDAY_1400 = datetime(2026, 12, 2, 13, 0, tzinfo=UTC)  # Oslo


def _reasons(store: Store, team_id: int) -> dict[str, Reason]:
    inputs = store.run_sync(posts.nudge_inputs, team_id=team_id, now=WEDNESDAY_1400)
    assert inputs is not None
    return {c.user_id: c.reason for c in plan_team(inputs).candidates}


async def test_item8_a_team_sets_how_far_behind_is_worth_a_nudge(
        harness: Harness, org: Org, store: Store, clock: Clock) -> None:
    clock.current = WEDNESDAY_1400
    targets(store, org.team_a, {Metric.CALLS: 10})
    # 2 of 10 calls by Wednesday, 4 expected: 2 behind, 50 % of expected-to-date
    activity(store, org.sdr_a, date(2026, 11, 30), {Metric.CALLS: 2})
    activity(store, org.sdr_a2, date(2026, 11, 30), {Metric.CALLS: 4})
    assert _reasons(store, org.team_a) == {org.sdr_a: Reason.BEHIND, org.sdr_a2: Reason.ON_PACE}

    await harness.command(org.admin, "/kpi", "settings")
    [opened] = await harness.slack.wait_for("views.open")
    view: dict[str, Any] = opened.args["view"]
    share = next(b for b in view["blocks"]
                 if b.get("block_id", "").startswith(ids.SETTINGS_NUDGE_SHARE_BLOCK))
    assert share["element"]["initial_value"] == "10"  # SPEC's default
    answer = await harness.submit(org.admin, view, {share["block_id"]: "60"})
    assert answer is not None and answer["response_action"] == "update", answer
    assert _reasons(store, org.team_a)[org.sdr_a] is Reason.ON_PACE
