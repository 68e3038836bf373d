"""Every registered handler, with the database down and with the Web API failing, answers
Slack with HTTP 200 in time (Bolt answers 404 when a listener does not ack within 3 s) and
tells the user. The table is the app's own routes: a new handler is covered automatically."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from slack_bolt.async_app import AsyncApp

from bot.app import build_app
from bot.config import Settings
from bot.console.harness import Harness
from bot.console.local_slack import LocalSlack
from bot.deps import Deps
from bot.listeners.surface import Route, routes
from bot.slack_client import make_client
from storage.db import Store, make_engine
from tests.conftest import Clock
from tests.suggestions import block_suggestion

USER = "U0FAIL"
SORRY = "something went wrong"
WEB_API = ("views.open", "views.update", "views.publish", "views.push", "chat.postMessage",
           "chat.postEphemeral", "users.info")
# Nothing listens on port 1: every connection is refused, at once.
BROKEN_URL = "postgresql+psycopg://kpibot:kpibot@127.0.0.1:1/kpibot"


@pytest.fixture
def broken_store() -> Iterator[Store]:
    store = Store(make_engine(BROKEN_URL))
    yield store
    store.dispose()


def _app() -> AsyncApp:
    """The app as production builds it; its store is never used (nothing is dispatched)."""
    store = Store.from_url("sqlite://")
    store.dispose()
    return build_app(Deps(Settings(_env_file=None, kpi_timezone="UTC"), store),
                     client=make_client("xoxb-test", "http://127.0.0.1:1/api/"),
                     signing_secret="s")


def _all_routes() -> list[Route]:
    return routes(_app())


ROUTES = _all_routes()


def _request(harness: Harness, route: Route) -> tuple[str, str]:
    """The body of a request that reaches this route, and its content type."""
    form = "application/x-www-form-urlencoded"
    if route.kind == "command":
        return harness.requests.slash_command(user_id=USER, command=route.example), form
    if route.kind == "action":
        action = {"action_id": route.example, "value": "week|1"}
        return harness.requests.block_action(user_id=USER, action=action), form
    if route.kind == "view":
        view = {"id": "V1", "callback_id": route.example, "private_metadata": "{}",
                "blocks": [{"type": "input", "block_id": "first",
                            "element": {"type": "plain_text_input", "action_id": "value"},
                            "label": {"type": "plain_text", "text": "x"}}]}
        return harness.requests.view_submission(user_id=USER, view=view, values={}), form
    if route.kind == "options":
        return block_suggestion(user_id=USER, action_id=route.example, block_id="b",
                                value=""), form
    event = {"type": route.example, "user": USER, "tab": "home"}
    return harness.requests.event(event=event), "application/json"


def _told(answer: dict[str, Any] | None, slack: LocalSlack) -> bool:
    said = json.dumps(answer or {}) + json.dumps([c.args for c in slack.calls])
    return SORRY in said.lower() or "could not be opened" in said.lower()


async def _told_eventually(answer: dict[str, Any] | None, slack: LocalSlack) -> bool:
    """Told in the HTTP answer, or later through the response_url or the Web API."""
    try:
        await slack.wait_until(lambda _: _told(answer, slack), limit=10)
    except TimeoutError:
        return False
    return True


def test_every_listener_is_registered_through_the_failure_policy() -> None:
    app = _app()
    assert len(routes(app)) == len(app._async_listeners)
    assert {r.kind for r in routes(app)} == {"command", "action", "view", "event", "options"}


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.kind}:{r.example}")
async def test_with_the_database_down_every_handler_answers_and_tells_the_user(
        route: Route, settings: Settings, broken_store: Store, slack: LocalSlack,
        clock: Clock) -> None:
    harness = Harness(Deps(settings, broken_store, now=clock), slack)
    body, content_type = _request(harness, route)
    status, answer = await harness.dispatch(body, content_type=content_type)
    assert status == 200
    if route.kind == "options":  # a menu's search has no room for a message: no options
        assert answer == {"options": []}
    elif route.kind != "event":  # Bolt acknowledges events itself; there is no one to answer
        assert await _told_eventually(answer, slack), (answer, slack.calls)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.kind}:{r.example}")
async def test_with_the_web_api_failing_every_handler_answers(
        route: Route, harness: Harness, slack: LocalSlack) -> None:
    for method in WEB_API:
        slack.fail(method, status=500, times=50)
    body, content_type = _request(harness, route)
    status, answer = await harness.dispatch(body, content_type=content_type)
    await harness.app_settled()
    assert status == 200
    # Whatever reached the user through the ack or the response_url, it is no traceback.
    assert "Traceback" not in json.dumps(answer or {})


async def test_a_modal_that_cannot_open_is_explained(harness: Harness, slack: LocalSlack
                                                    ) -> None:
    slack.fail("views.open", error="expired_trigger_id", times=5)
    answer = await harness.command(USER, "/kpi", "log")
    await slack.wait_for("response_url")
    said = json.dumps(answer or {}) + json.dumps([c.args for c in slack.of("response_url")])
    assert "could not be opened" in said


@pytest.mark.parametrize("route", [r for r in ROUTES if r.kind == "action"],
                         ids=lambda r: f"{r.kind}:{r.example}")
async def test_with_the_database_down_a_button_in_a_modal_says_so_in_the_modal(
        route: Route, settings: Settings, broken_store: Store, slack: LocalSlack,
        clock: Clock) -> None:
    harness = Harness(Deps(settings, broken_store, now=clock), slack)
    opened = {"id": "V9", "type": "modal", "callback_id": "any", "hash": "h",
              "private_metadata": "{}", "blocks": [], "state": {"values": {}}}
    body = harness.requests.block_action(user_id=USER, view=opened,
                                         action={"action_id": route.example, "value": "week"})
    status, _ = await harness.dispatch(body)
    assert status == 200
    [update] = await slack.wait_for("views.update")
    assert update.args["view_id"] == "V9"
    assert SORRY in json.dumps(update.args["view"]).lower()


@pytest.mark.parametrize("failure", [{"error": "expired_trigger_id"}, {"status": 500}])
async def test_a_home_button_whose_modal_cannot_open_tells_the_user_in_a_message(
        failure: dict[str, Any], harness: Harness, slack: LocalSlack) -> None:
    """From the App Home there is no response_url, and the trigger is spent: a DM it is."""
    slack.fail("views.open", times=10, **failure)
    home = {"id": "VHOME", "type": "home", "blocks": [], "state": {"values": {}}}
    body = harness.requests.block_action(user_id=USER, view=home,
                                         action={"action_id": "open_log_modal"})
    status, _ = await harness.dispatch(body)
    assert status == 200
    # slack_sdk retries HTTP 500 with a backoff of seconds: a generous bound, not a threshold
    [message] = await slack.wait_for("chat.postMessage", timeout=20)
    assert message.args["channel"] == USER
    assert "could not be opened" in message.args["text"]


async def test_a_command_whose_modal_gets_http_500_is_explained(harness: Harness,
                                                               slack: LocalSlack) -> None:
    slack.fail("views.open", status=500, times=10)
    answer = await harness.command(USER, "/kpi", "log")
    await slack.wait_for("response_url", timeout=20)  # after slack_sdk's retries
    said = json.dumps(answer or {}) + json.dumps([c.args for c in slack.of("response_url")])
    assert "could not be opened" in said
