"""Signed payloads whose fields have types Slack never sends (a leaked secret, a Slack bug):
each is answered 400 over HTTP with one log line naming the problem, never a 500 or a
traceback quoting the body, and nothing is stored or sent. Checked once for the whole app,
before any listener is matched, so a new listener is covered without a line of its own."""

from __future__ import annotations

import json
import logging
import time
from typing import Any
from urllib.parse import urlencode

import pytest

from bot.blocks import ids
from bot.console.harness import Harness
from tests.http.conftest import Client
from tests.http.test_malformed_requests import FORM, JSON, _sign
from tests.scenario.support import SDR, activity_count

USER = {"id": SDR, "team_id": "T0LOCAL"}
TEAM = {"id": "T0LOCAL", "domain": "local"}
ACTION = {"action_id": ids.OPEN_LOG_MODAL, "block_id": "b", "type": "button"}
VIEW = {"id": "V1", "type": "modal", "callback_id": ids.LOG_MODAL, "private_metadata": "{}",
        "blocks": [], "state": {"values": {}}}


def _actions(**fields: Any) -> dict[str, Any]:
    return {"type": "block_actions", "user": USER, "team": TEAM, "trigger_id": "t.1",
            "actions": [ACTION], **fields}


def _submission(**fields: Any) -> dict[str, Any]:
    return {"type": "view_submission", "user": USER, "team": TEAM, "view": VIEW, **fields}


def _suggestion(**fields: Any) -> dict[str, Any]:
    return {"type": "block_suggestion", "user": USER, "team": TEAM,
            "action_id": ids.SETTINGS_PICK_ACTION, "block_id": ids.SETTINGS_PICK_BLOCK,
            "value": "", **fields}


def _event(event: Any) -> dict[str, Any]:
    return {"type": "event_callback", "team_id": "T0LOCAL", "event_id": "Ev1",
            "event": event}


# (id, payload): each signed, as a form's `payload` (interactivity) or a JSON body (events)
ODD: list[tuple[str, dict[str, Any]]] = [
    ("bare-actions-string", {"type": "block_actions", "actions": "x"}),
    ("bare-view-string", {"type": "view_submission", "view": "x"}),
    ("actions-string", _actions(actions="x")),
    ("actions-number-list", _actions(actions=[5])),
    ("actions-empty-list", _actions(actions=[])),
    ("actions-action-id-number", _actions(actions=[{**ACTION, "action_id": 5}])),
    ("actions-block-id-list", _actions(actions=[{**ACTION, "block_id": []}])),
    ("actions-user-string", _actions(user="U0SDR1")),
    ("actions-user-id-number", _actions(user={"id": 5})),
    ("actions-view-string", _actions(view="x")),
    ("actions-container-string", _actions(container="x")),
    ("actions-message-string", _actions(message="x")),
    ("actions-type-missing", {k: v for k, v in _actions().items() if k != "type"}),
    ("submission-view-string", _submission(view="x")),
    ("submission-view-missing", {k: v for k, v in _submission().items() if k != "view"}),
    ("submission-callback-number", _submission(view={**VIEW, "callback_id": 5})),
    ("submission-view-id-list", _submission(view={**VIEW, "id": []})),
    ("submission-user-string", _submission(user="U0SDR1")),
    ("closed-view-list", {"type": "view_closed", "user": USER, "view": []}),
    ("suggestion-value-number", _suggestion(value=5)),
    ("suggestion-action-list", _suggestion(action_id=[])),
    ("suggestion-user-string", _suggestion(user="x")),
    ("shortcut-callback-dict", {"type": "shortcut", "user": USER, "callback_id": {}}),
    ("event-list", {"event": []}),
    ("event-callback-list", _event([])),
    ("event-callback-string", _event("x")),
    ("event-type-number", _event({"type": 5, "user": SDR})),
    ("event-user-dict", _event({"type": "app_home_opened", "user": {"id": SDR}, "tab": "home"})),
    ("event-channel-list", _event({"type": "message", "user": SDR, "channel": []})),
    ("type-number", {"type": 5, "user": USER}),
    ("type-list", {"type": ["block_actions"], "actions": [ACTION], "user": USER}),
]


def _body(payload: dict[str, Any], *, as_form: bool) -> tuple[bytes, str]:
    text = json.dumps(payload)
    if as_form:
        return urlencode({"payload": text}).encode(), FORM
    return text.encode(), JSON


@pytest.mark.parametrize("payload", [pytest.param(p, id=i) for i, p in ODD])
@pytest.mark.parametrize("as_form", [True, False], ids=["form", "json"])
async def test_a_signed_payload_of_an_odd_shape_is_refused_400_in_one_line(
        web: Client, harness: Harness, caplog: pytest.LogCaptureFixture,
        payload: dict[str, Any], as_form: bool) -> None:
    caplog.set_level(logging.INFO)
    body, content_type = _body(payload, as_form=as_form)
    timestamp = str(int(time.time()))
    response = await web.post("/slack/events", data=body, headers={
        "content-type": content_type, "x-slack-request-timestamp": timestamp,
        "x-slack-signature": _sign(body, timestamp)})
    answer = await response.text()
    await harness.app_settled()
    assert response.status == 400, answer
    assert "Traceback" not in answer
    assert not any(r.exc_info for r in caplog.records), caplog.text
    refusals = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(refusals) == 1, caplog.text
    assert "odd shape" in refusals[0].getMessage()
    assert SDR not in caplog.text and "t.1" not in caplog.text  # nothing of the body
    # nothing sent (auth.test is Bolt's identity lookup, before any middleware of ours)
    assert [c.method for c in harness.slack.calls if c.method != "auth.test"] == []
    assert activity_count(harness.deps.store) == 0


@pytest.mark.parametrize("payload", [
    _actions(), _submission(), _suggestion(), {"type": "view_closed", "user": USER,
                                               "view": VIEW},
    _event({"type": "app_home_opened", "user": SDR, "tab": "home"}),
    _event({"type": "team_join", "user": {"id": "U0JOINED"}}),  # an object, as Slack sends it
], ids=["action", "submission", "suggestion", "closed", "event", "event-with-user-object"])
async def test_well_shaped_payloads_still_get_through(web: Client, harness: Harness,
                                                      payload: dict[str, Any]) -> None:
    body, content_type = _body(payload, as_form=payload["type"] != "event_callback")
    timestamp = str(int(time.time()))
    response = await web.post("/slack/events", data=body, headers={
        "content-type": content_type, "x-slack-request-timestamp": timestamp,
        "x-slack-signature": _sign(body, timestamp)})
    assert response.status in (200, 404), await response.text()  # 404: nobody listens


@pytest.mark.parametrize("name", ["actions-string", "actions-number-list", "actions-user-string",
                                  "submission-view-string", "suggestion-value-number",
                                  "shortcut-callback-dict", "type-list"])
async def test_other_front_doors_refuse_them_before_any_listener(
        harness: Harness, caplog: pytest.LogCaptureFixture, name: str) -> None:
    """Socket Mode and the console dispatch to the app itself: its first middleware refuses."""
    payload = dict(ODD)[name]
    status, _ = await harness.dispatch(urlencode({"payload": json.dumps(payload)}))
    await harness.app_settled()
    assert status == 400
    [line] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert "odd shape" in line.getMessage() and line.exc_info is None
    assert [c.method for c in harness.slack.calls if c.method != "auth.test"] == []
