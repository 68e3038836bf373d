"""Issue 9, item 2: the targets modal neither truncates nor pins. Pro-rated and inherited
values are hints, a field left as it was changes nothing, and a suggestion is never below
the history beside it. Driven as Slack would: open, pick an SDR (the modal redraws), submit
with every untouched field sending what it was opened with."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import col, select

from bot.blocks import ids
from bot.console.harness import Harness
from bot.console.payloads import state_values
from bot.kpi.metrics import Metric
from storage.db import Store
from storage.models import Target
from tests.managers.conftest import Org
from tests.team.seed import activity, targets


def _field(metric: Metric, rev: int) -> str:
    return f"{ids.TARGET_FIELD_PREFIX}{metric.value}:{rev}"


def _block(view: dict[str, Any], metric: Metric) -> dict[str, Any]:
    block: dict[str, Any] = next(b for b in view["blocks"] if b.get("block_id", "").startswith(
        f"{ids.TARGET_FIELD_PREFIX}{metric.value}:"))
    return block


async def _form_for(harness: Harness, manager: str, sdr: str) -> dict[str, Any]:
    """Open the modal and pick one SDR, weekly: the redrawn view Slack would show."""
    await harness.command(manager, "/kpi", "targets")
    [opened] = await harness.slack.wait_for("views.open")
    view = opened.args["view"]
    harness.slack.clear()
    picked = {**view, "id": "VTGT", "hash": "h1", "state": {"values": state_values(view, {
        ids.TARGETS_SDRS_BLOCK: [sdr], ids.TARGETS_KIND_BLOCK: "week"})}}
    await harness.click(manager, {"action_id": ids.TARGETS_SDRS_ACTION,
                                  "type": "multi_users_select"}, view=picked)
    [update] = await harness.slack.wait_for("views.update")
    harness.slack.clear()
    redrawn: dict[str, Any] = update.args["view"]
    return redrawn


def _targets(store: Store) -> list[tuple[str | None, str, str, float]]:
    def read(session: Any) -> list[tuple[str | None, str, str, float]]:
        return [(t.user_id, t.metric, t.kind, t.value)
                for t in session.exec(select(Target).order_by(col(Target.id))).all()]
    return store.run_sync(read)


async def test_item2_own_values_exactly_prorated_ones_as_hints_and_one_change_one_row(
        harness: Harness, org: Org, store: Store) -> None:
    targets(store, org.team_a, {Metric.OPPORTUNITIES: 6.4}, kind="month")  # team default
    targets(store, org.team_a, {Metric.CALLS: 154.76}, user_id=org.sdr_a)  # her own, weekly
    before = _targets(store)
    view = await _form_for(harness, org.manager_a, org.sdr_a)
    calls, opportunities = _block(view, Metric.CALLS), _block(view, Metric.OPPORTUNITIES)
    assert calls["element"]["initial_value"] == "154.76"  # not 154
    assert "initial_value" not in opportunities["element"]  # pro-rated: a hint only
    # 6.4 a month over this week's 5 of November's 21 working days: 1.52 -> 1.5
    assert "In force now: 1.5, pro-rated from the team's month target" in \
        opportunities["hint"]["text"]
    rev = int(calls["block_id"].rsplit(":", 1)[1])
    answer = await harness.submit(org.manager_a, view, {
        ids.TARGETS_FROM_BLOCK: "2026-11-23", _field(Metric.MEETINGS_BOOKED, rev): "3"})
    assert answer is not None and answer["response_action"] == "update", answer
    assert "Saved 1 target change." in str(answer["view"])
    assert _targets(store) == [*before, (org.sdr_a, "meetings_booked", "week", 3.0)]
    card = str(await harness.command(org.sdr_a, "/mykpis", "month"))
    assert "of 6.4" in card  # the monthly opportunities target did not move


async def test_item2_emptying_her_own_value_removes_it_and_decimals_are_kept(
        harness: Harness, org: Org, store: Store) -> None:
    targets(store, org.team_a, {Metric.CALLS: 100}, user_id=org.sdr_a)
    view = await _form_for(harness, org.manager_a, org.sdr_a)
    rev = int(_block(view, Metric.CALLS)["block_id"].rsplit(":", 1)[1])
    answer = await harness.submit(org.manager_a, view, {
        ids.TARGETS_FROM_BLOCK: "2026-11-23", _field(Metric.CALLS, rev): "",
        _field(Metric.OPPORTUNITIES, rev): "1.5"})
    assert answer is not None and answer["response_action"] == "update", answer
    assert _targets(store)[1:] == [(org.sdr_a, "calls", "week", 0.0),
                                   (org.sdr_a, "opportunities", "week", 1.5)]


async def test_item2_a_suggestion_is_never_below_the_history_beside_it(
        harness: Harness, org: Org, store: Store) -> None:
    # One meeting in the four weeks before this one, her first activity on their first day:
    # history 0.25 a week; plus the 10 % stretch, rounded up, 1 (never 0).
    activity(store, org.sdr_a, date(2026, 10, 26), {Metric.MEETINGS_BOOKED: 1})
    view = await _form_for(harness, org.manager_a, org.sdr_a)
    hint = _block(view, Metric.MEETINGS_BOOKED)["hint"]["text"]
    assert "History 0.3, suggested 1 (+10%)" in hint
