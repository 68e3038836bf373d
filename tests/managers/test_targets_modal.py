"""Managers set targets in a modal; SDRs are told and see them in /mykpis."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import select

from bot.blocks import ids
from bot.console.harness import Harness
from bot.kpi.metrics import Metric
from storage.db import Store
from storage.models import Target
from tests.conftest import Clock
from tests.managers.conftest import Org


def _field(metric: Metric, rev: int = 0) -> str:
    return f"{ids.TARGET_FIELD_PREFIX}{metric.value}:{rev}"


async def _open(harness: Harness, user: str) -> dict[str, Any]:
    answer = await harness.command(user, "/kpi", "targets")
    assert answer is None or "blocks" not in answer, answer
    [call] = await harness.slack.wait_for("views.open")
    view: dict[str, Any] = call.args["view"]
    harness.slack.clear()
    return view


def _targets(store: Store) -> list[Target]:
    def read(session: Any) -> list[Target]:
        return list(session.exec(select(Target)).all())
    return store.run_sync(read)


async def test_manager_sets_sdr_targets_and_sdr_sees_them(harness: Harness, org: Org,
                                                          store: Store) -> None:
    await harness.command(org.sdr_a, "/kpi", "log 60 calls 2 meetings booked")
    view = await _open(harness, org.manager_a)
    assert view["callback_id"] == ids.TARGETS_MODAL
    answer = await harness.submit(org.manager_a, view, {
        ids.TARGETS_SDRS_BLOCK: [org.sdr_a],
        ids.TARGETS_KIND_BLOCK: "week",
        ids.TARGETS_FROM_BLOCK: "2026-11-23",
        _field(Metric.CALLS): "200",
        _field(Metric.MEETINGS_BOOKED): "8",
        _field(Metric.PIPELINE): "50k",
    })
    assert answer is not None and answer["response_action"] == "update"
    [dm] = await harness.slack.wait_for("chat.postMessage")
    assert dm.args["channel"] == org.sdr_a
    text = str(dm.args["blocks"])
    assert "200" in text and "<@U0MGRA>" in text and "$50,000" in text
    card = await harness.command(org.sdr_a, "/mykpis")
    assert card is not None
    calls_line = next(b["text"]["text"] for b in card["blocks"]
                      if b["type"] == "section" and "*Calls*" in b.get("text", {}).get("text", ""))
    # 60 of 200 is 30 %; Friday with 4 of 5 working days gone expects 160: behind, 140 to go today
    assert "of 200" in calls_line and "30%" in calls_line and "Behind" in calls_line
    assert "140 a day needed" in calls_line
    assert {(t.user_id, t.metric, t.value) for t in _targets(store)} == {
        (org.sdr_a, "calls", 200), (org.sdr_a, "meetings_booked", 8),
        (org.sdr_a, "pipeline", 50_000)}


async def test_invalid_values_are_field_errors_and_store_nothing(harness: Harness, org: Org,
                                                                 store: Store) -> None:
    view = await _open(harness, org.manager_a)
    answer = await harness.submit(org.manager_a, view, {
        ids.TARGETS_SDRS_BLOCK: [org.sdr_a],
        ids.TARGETS_KIND_BLOCK: "week",
        ids.TARGETS_FROM_BLOCK: "2026-11-23",
        _field(Metric.CALLS): "-5",
        _field(Metric.EMAILS): "1e3",
        _field(Metric.LEADS): "9999999",
        _field(Metric.PIPELINE): "lots",
    })
    assert answer is not None and answer["response_action"] == "errors"
    assert set(answer["errors"]) == {_field(Metric.CALLS), _field(Metric.EMAILS),
                                     _field(Metric.LEADS), _field(Metric.PIPELINE)}
    assert _targets(store) == []
    assert harness.slack.of("chat.postMessage") == []


async def test_team_default_reaches_sdrs_without_their_own(harness: Harness, org: Org,
                                                           store: Store) -> None:
    view = await _open(harness, org.manager_a)
    answer = await harness.submit(org.manager_a, view, {
        ids.TARGETS_DEFAULT_BLOCK: ["team"], ids.TARGETS_KIND_BLOCK: "week",
        ids.TARGETS_FROM_BLOCK: "2026-11-23", _field(Metric.CALLS): "150",
    })
    assert answer is not None and answer["response_action"] == "update"
    dms = await harness.slack.wait_for("chat.postMessage", 2)
    assert {c.args["channel"] for c in dms} == {org.sdr_a, org.sdr_a2}
    assert [(t.user_id, t.value) for t in _targets(store)] == [(None, 150)]


async def test_change_from_next_week_leaves_this_week_alone(harness: Harness, org: Org,
                                                            clock: Clock) -> None:
    for when, calls in (("2026-11-23", "200"), ("2026-11-30", "300")):
        view = await _open(harness, org.manager_a)
        answer = await harness.submit(org.manager_a, view, {
            ids.TARGETS_SDRS_BLOCK: [org.sdr_a], ids.TARGETS_KIND_BLOCK: "week",
            ids.TARGETS_FROM_BLOCK: when, _field(Metric.CALLS): calls})
        assert answer is not None and answer["response_action"] == "update"
    await harness.command(org.sdr_a, "/kpi", "log 10 calls")
    this_week = str(await harness.command(org.sdr_a, "/mykpis", "week"))
    assert "of 200" in this_week and "of 300" not in this_week
    clock.current = clock.current.replace(day=30)
    assert "of 300" in str(await harness.command(org.sdr_a, "/mykpis", "week"))
    assert "of 200" in str(await harness.command(org.sdr_a, "/mykpis", "last week"))
    assert date(2026, 11, 30).weekday() == 0


async def test_an_unchanged_team_default_is_not_pinned_to_the_sdr(harness: Harness, org: Org,
                                                                   store: Store) -> None:
    view = await _open(harness, org.manager_a)
    await harness.submit(org.manager_a, view, {
        ids.TARGETS_DEFAULT_BLOCK: ["team"], ids.TARGETS_KIND_BLOCK: "week",
        ids.TARGETS_FROM_BLOCK: "2026-11-23", _field(Metric.CALLS): "150",
        _field(Metric.EMAILS): "300"})
    harness.slack.clear()
    # The form for one SDR comes pre-filled with the defaults; only calls is changed.
    view = await _open(harness, org.manager_a)
    answer = await harness.submit(org.manager_a, view, {
        ids.TARGETS_SDRS_BLOCK: [org.sdr_a], ids.TARGETS_KIND_BLOCK: "week",
        ids.TARGETS_FROM_BLOCK: "2026-11-23", _field(Metric.CALLS): "180",
        _field(Metric.EMAILS): "300"})
    assert answer is not None and answer["response_action"] == "update"
    mine = [(t.metric, t.value) for t in _targets(store) if t.user_id == org.sdr_a]
    assert mine == [("calls", 180)]  # emails still follows the team default


async def test_a_new_sdr_ramps_up_from_the_start_date_a_manager_sets(
        harness: Harness, org: Org, store: Store) -> None:
    view = await _open(harness, org.manager_a)
    answer = await harness.submit(org.manager_a, view, {
        ids.TARGETS_SDRS_BLOCK: [org.sdr_a], ids.TARGETS_KIND_BLOCK: "week",
        ids.TARGETS_FROM_BLOCK: "2026-11-23", ids.TARGETS_START_BLOCK: "2026-10-12",
        _field(Metric.CALLS): "200"})
    assert answer is not None and answer["response_action"] == "update"
    assert "Start date set for 1 SDR;" in str(answer["view"])
    [dm] = await harness.slack.wait_for("chat.postMessage")
    assert "month 2 of 3" in str(dm.args["blocks"]) and "75%" in str(dm.args["blocks"])
    await harness.command(org.sdr_a, "/kpi", "log 60 calls")
    card = str(await harness.command(org.sdr_a, "/mykpis"))
    assert "ramping up, month 2 of 3: targets at 75%" in card
    assert "of 150" in card  # 75 % of 200
    # The team scorecard measures them against the ramped target too: 60 of 150 is 40 %.
    team = str(await harness.command(org.manager_a, "/kpi", "team"))
    assert "40%" in team


async def test_a_start_date_without_sdrs_is_a_field_error(harness: Harness, org: Org,
                                                          store: Store) -> None:
    view = await _open(harness, org.manager_a)
    answer = await harness.submit(org.manager_a, view, {
        ids.TARGETS_DEFAULT_BLOCK: ["team"], ids.TARGETS_KIND_BLOCK: "week",
        ids.TARGETS_FROM_BLOCK: "2026-11-23", ids.TARGETS_START_BLOCK: "2026-10-12",
        _field(Metric.CALLS): "200"})
    assert answer is not None and answer["response_action"] == "errors"
    assert set(answer["errors"]) == {ids.TARGETS_START_BLOCK}
    assert _targets(store) == []
