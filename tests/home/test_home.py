"""The App Home through the real app: the right buttons for each role, valid views, a refresh
after logging, each event handled once, and the team scorecard opened from it."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from slack_sdk.models.views import View

from bot.blocks import ids
from bot.console.harness import Harness
from bot.kpi.metrics import Metric
from storage import events, people
from storage.db import Store
from storage.models import ProcessedEvent
from tests.scenario.support import find_button, open_log_modal, text_of
from tests.slack_contract import check_view
from tests.team.seed import MONDAY, activity, member, targets, team

SDR, MANAGER, ADMIN = "U0ANNA", "U0MGR1", "U0ADMIN"
MANAGER_BUTTONS = {ids.OPEN_LOG_MODAL, ids.OPEN_TARGETS_MODAL, ids.SHOW_TEAM_SCORECARD,
                   ids.OPEN_SETTINGS_MODAL}


def home_opened(user_id: str, tab: str = "home") -> dict[str, Any]:
    return {"type": "app_home_opened", "user": user_id, "channel": "D0HOME", "tab": tab,
            "event_ts": f"{time.time():.6f}"}


def nordics(harness: Harness) -> int:
    store = harness.deps.store
    a = team(store, "Nordics")
    member(store, a, MANAGER, role="manager", name="Maja Manager")
    member(store, a, SDR, name="Anna Berg")
    targets(store, a, {Metric.CALLS: 100, Metric.MEETINGS_BOOKED: 10})
    activity(store, SDR, MONDAY, {Metric.CALLS: 40, Metric.MEETINGS_BOOKED: 2})
    return a


async def published_home(harness: Harness, user_id: str, count: int = 1) -> dict[str, Any]:
    calls = await harness.slack.wait_for("views.publish", count=count)
    call = calls[-1]
    assert call.args["user_id"] == user_id
    view: dict[str, Any] = call.args["view"]
    check_view(view)  # slack_sdk's View, every block, <= 100 blocks
    View(**view).to_dict()
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    return view


def buttons(view: dict[str, Any]) -> set[str]:
    return {e["action_id"] for b in view["blocks"] if b["type"] == "actions"
            for e in b["elements"] if e["type"] == "button"}


# --- what each role sees ------------------------------------------------------------------------


async def test_an_sdr_sees_their_week_and_only_log_activity(harness: Harness) -> None:
    nordics(harness)
    await harness.event(home_opened(SDR))
    view = await published_home(harness, SDR)
    text = text_of(view["blocks"])
    assert "Your week so far · Week 48" in text and "Nordics" in text
    assert "*Calls*   *40* of 100" in text and "*Meetings booked*   *2* of 10" in text
    assert buttons(view) == {ids.OPEN_LOG_MODAL}
    assert "Your team" not in text


async def test_a_manager_sees_the_managers_buttons(harness: Harness) -> None:
    nordics(harness)
    await harness.event(home_opened(MANAGER))
    view = await published_home(harness, MANAGER)
    assert buttons(view) == MANAGER_BUTTONS
    assert "Anna" not in text_of(view["blocks"])  # the Home is one's own: no one else's numbers


async def test_an_admin_in_no_team_sees_them_too(harness: Harness) -> None:
    await harness.event(home_opened(ADMIN))
    view = await published_home(harness, ADMIN)
    assert buttons(view) == MANAGER_BUTTONS
    assert "You are not measured as an SDR" in text_of(view["blocks"])
    # opening the Home made no one a member of anything
    assert harness.deps.store.run_sync(people.memberships, user_id=ADMIN) == []


async def test_the_home_speaks_the_users_language(harness: Harness) -> None:
    a = nordics(harness)
    member(harness.deps.store, a, SDR, name="Anna Berg", locale="nb-NO")
    await harness.event(home_opened(SDR))
    text = text_of((await published_home(harness, SDR))["blocks"])
    assert "Uken din så langt" in text and "Registrer aktivitet" in text


async def test_the_messages_tab_publishes_nothing(harness: Harness) -> None:
    await harness.event(home_opened(SDR, tab="messages"))
    await harness.event(home_opened(SDR))  # a later Home event: the first one is done by then
    await harness.slack.wait_for("views.publish")
    with pytest.raises(TimeoutError):
        await harness.slack.wait_for("views.publish", count=2, timeout=0.3)


# --- one event, one publish ---------------------------------------------------------------------


async def test_a_retried_event_publishes_once(harness: Harness) -> None:
    await harness.event(home_opened(SDR), event_id="Ev0RETRIED")
    await harness.event(home_opened(SDR), event_id="Ev0RETRIED")  # Slack's retry
    await harness.event(home_opened(SDR), event_id="Ev0RETRIED")
    await harness.slack.wait_for("views.publish")
    await harness.event(home_opened(SDR), event_id="Ev0ANOTHER")  # a new event still counts
    await harness.slack.wait_for("views.publish", count=2)
    with pytest.raises(TimeoutError):
        await harness.slack.wait_for("views.publish", count=3, timeout=0.3)


def _claimed(session: Any) -> list[str]:
    from sqlmodel import select

    return list(session.exec(select(ProcessedEvent.event_id)).all())


async def test_claims_hold_on_both_databases(any_store: Store) -> None:
    assert any_store.run_sync(events.claim_event, event_id="Ev1") is True
    assert any_store.run_sync(events.claim_event, event_id="Ev1") is False
    assert any_store.run_sync(events.claim_event, event_id="Ev2") is True
    assert sorted(any_store.run_sync(_claimed)) == ["Ev1", "Ev2"]


async def test_old_event_ids_are_forgotten(any_store: Store) -> None:
    any_store.run_sync(events.claim_event, event_id="Ev1")
    now = datetime.now(UTC)
    prune = events.prune_processed_events
    assert any_store.run_sync(prune, before=now - timedelta(hours=1)) == 0
    assert any_store.run_sync(prune, before=now + timedelta(seconds=1)) == 1
    assert any_store.run_sync(_claimed) == []


# --- refreshed after logging --------------------------------------------------------------------


async def test_the_home_refreshes_after_kpi_log(harness: Harness) -> None:
    nordics(harness)
    answer = await harness.command(SDR, "/kpi", "log 25 calls")
    assert answer is not None and "25" in str(answer["blocks"])
    view = await published_home(harness, SDR)
    assert "*Calls*   *65* of 100" in text_of(view["blocks"])


async def test_the_home_refreshes_after_the_log_modal(harness: Harness) -> None:
    nordics(harness)
    modal = await open_log_modal(harness, SDR)
    await harness.submit(SDR, modal, {ids.LOG_DATE_BLOCK: "2026-11-27",
                                      ids.LOG_METRIC_PREFIX + "calls": "7"})
    view = await published_home(harness, SDR)
    assert "*Calls*   *47* of 100" in text_of(view["blocks"])


async def test_a_failing_publish_never_spoils_the_log(harness: Harness) -> None:
    harness.slack.fail("views.publish", error="not_enabled")
    answer = await harness.command(SDR, "/kpi", "log 3 calls")
    assert answer is not None and "Logged" in str(answer["blocks"])
    await harness.slack.wait_for("views.publish")
    again = await harness.command(SDR, "/kpi", "log 2 calls")
    assert again is not None and "Logged" in str(again["blocks"])
    await published_home(harness, SDR, count=2)


# --- the team scorecard from the Home -----------------------------------------------------------


async def test_team_scorecard_opens_as_a_modal(harness: Harness) -> None:
    nordics(harness)
    await harness.event(home_opened(MANAGER))
    home = await published_home(harness, MANAGER)
    button = find_button(home["blocks"], action_id=ids.SHOW_TEAM_SCORECARD)
    await harness.click(MANAGER, button, view={**home, "id": "V0HOME"})
    [opened] = await harness.slack.wait_for("views.open")
    modal = opened.args["view"]
    check_view(modal)
    assert modal["type"] == "modal" and len(modal["blocks"]) <= 100
    text = text_of(modal["blocks"])
    assert "Team scorecard: Nordics · Week 48" in text and "Anna Berg" in text
    # a period button inside the modal redraws the modal itself
    last_week = find_button(modal["blocks"], action_id=f"{ids.TEAM_PERIOD}:last week")
    await harness.click(MANAGER, last_week, view={**modal, "id": "V0TEAM"})
    [updated] = await harness.slack.wait_for("views.update")
    assert updated.args["view_id"] == "V0TEAM"
    assert "Week 47" in text_of(updated.args["view"]["blocks"])


async def test_an_sdr_pressing_a_forged_team_button_sees_nothing(harness: Harness) -> None:
    nordics(harness)
    await harness.click(SDR, {"action_id": ids.SHOW_TEAM_SCORECARD, "value": "week"},
                        view={"id": "V0HOME", "type": "home", "blocks": []})
    [opened] = await harness.slack.wait_for("views.open")
    text = text_of(opened.args["view"]["blocks"])
    assert "Only managers can see team scorecards" in text
    assert "Nordics" not in text and "Anna" not in text and "40" not in text


async def test_a_manager_who_is_not_an_sdr_is_not_shown_behind(harness: Harness) -> None:
    nordics(harness)  # the team default (100 calls) applies to SDRs, not to their manager
    await harness.event(home_opened(MANAGER))
    text = text_of((await published_home(harness, MANAGER))["blocks"])
    assert "You are not measured as an SDR" in text
    assert "Behind" not in text and "of 100" not in text
