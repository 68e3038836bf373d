"""Requests shaped exactly like Slack's, signed like Slack's: for the console and the tests."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier

TEAM = {"id": "T0LOCAL", "domain": "local"}
APP_ID = "A0LOCAL"


class SlackRequests:
    """Builds signed slash commands, button clicks and view submissions for one workspace."""

    def __init__(self, *, signing_secret: str, response_url_base: str) -> None:
        self.verifier = SignatureVerifier(signing_secret)
        self.response_url_base = response_url_base.rstrip("/")
        self._ids = itertools.count(1)

    # --- signing ----------------------------------------------------------------------------

    def headers(self, body: str, *, timestamp: int | None = None,
                content_type: str = "application/x-www-form-urlencoded") -> dict[str, str]:
        ts = str(timestamp if timestamp is not None else int(time.time()))
        return {
            "content-type": content_type,
            "x-slack-request-timestamp": ts,
            "x-slack-signature": self.verifier.generate_signature(timestamp=ts, body=body) or "",
        }

    def bolt_request(self, body: str, *, content_type: str = "application/x-www-form-urlencoded"
                     ) -> AsyncBoltRequest:
        headers: dict[str, str | Sequence[str]] = {**self.headers(body,
                                                                  content_type=content_type)}
        return AsyncBoltRequest(body=body, headers=headers)

    def _next(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):06d}"

    def new_response_url(self) -> str:
        return f"{self.response_url_base}/{self._next('r')}"

    # --- payloads ---------------------------------------------------------------------------

    def slash_command(self, *, user_id: str, command: str, text: str = "",
                      channel_id: str = "C0CONSOLE", user_name: str | None = None) -> str:
        return urlencode({
            "token": "legacy-verification-token",
            "team_id": TEAM["id"],
            "team_domain": TEAM["domain"],
            "channel_id": channel_id,
            "channel_name": "console" if channel_id.startswith("C") else "directmessage",
            "user_id": user_id,
            "user_name": user_name or user_id.lower(),
            "command": command,
            "text": text,
            "api_app_id": APP_ID,
            "is_enterprise_install": "false",
            "response_url": self.new_response_url(),
            "trigger_id": self._next("trigger."),
        })

    def _user(self, user_id: str) -> dict[str, Any]:
        return {"id": user_id, "username": user_id.lower(), "name": user_id.lower(),
                "team_id": TEAM["id"]}

    def block_action(self, *, user_id: str, action: dict[str, Any], block_id: str = "b",
                     channel_id: str | None = "C0CONSOLE", view: dict[str, Any] | None = None,
                     response_url: str | None = None) -> str:
        """A button click on an ephemeral message (channel) or on a view (App Home, modal)."""
        clicked = {
            "action_id": action["action_id"],
            "block_id": action.get("block_id", block_id),
            "text": action.get("text", {"type": "plain_text", "text": "button"}),
            "value": action.get("value"),
            "type": action.get("type", "button"),
            "action_ts": f"{time.time():.6f}",
        }
        if clicked["value"] is None:
            del clicked["value"]
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": self._user(user_id),
            "api_app_id": APP_ID,
            "token": "legacy-verification-token",
            "trigger_id": self._next("trigger."),
            "team": TEAM,
            "enterprise": None,
            "is_enterprise_install": False,
            "state": {"values": {}},
            "actions": [clicked],
        }
        if view is not None:
            payload["container"] = {"type": "view", "view_id": view.get("id", "V0")}
            payload["view"] = view
        else:
            payload["container"] = {"type": "message", "message_ts": f"{time.time():.6f}",
                                    "channel_id": channel_id, "is_ephemeral": True}
            payload["channel"] = {"id": channel_id, "name": "console"}
            payload["response_url"] = response_url or self.new_response_url()
        return urlencode({"payload": json.dumps(payload)})

    def view_submission(self, *, user_id: str, view: dict[str, Any],
                        values: dict[str, dict[str, Any]]) -> str:
        """Submit `view` (as the app opened it) with state values in Slack's shape."""
        submitted = {
            "id": view.get("id", self._next("V")),
            "team_id": TEAM["id"],
            "type": "modal",
            "blocks": view.get("blocks", []),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "state": {"values": values},
            "hash": "h1",
            "title": view.get("title"),
            "clear_on_close": False,
            "notify_on_close": False,
            "close": view.get("close"),
            "submit": view.get("submit"),
            "previous_view_id": None,
            "root_view_id": view.get("id", "V0"),
            "app_id": APP_ID,
            "external_id": "",
            "app_installed_team_id": TEAM["id"],
            "bot_id": "B0BOT",
        }
        payload = {
            "type": "view_submission",
            "team": TEAM,
            "user": self._user(user_id),
            "api_app_id": APP_ID,
            "token": "legacy-verification-token",
            "trigger_id": self._next("trigger."),
            "view": submitted,
            "response_urls": [],
            "is_enterprise_install": False,
            "enterprise": None,
        }
        return urlencode({"payload": json.dumps(payload)})

    def event(self, *, event: dict[str, Any], event_id: str | None = None) -> str:
        return json.dumps({
            "token": "legacy-verification-token",
            "team_id": TEAM["id"],
            "api_app_id": APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or self._next("Ev"),
            "event_time": int(time.time()),
            "authorizations": [{"enterprise_id": None, "team_id": TEAM["id"], "user_id": "U0BOT",
                                "is_bot": True, "is_enterprise_install": False}],
            "is_ext_shared_channel": False,
        })


def _initial(element: dict[str, Any]) -> Any:
    """What an untouched element answers: its initial value in the answers' shape."""
    for key in ("initial_value", "initial_date", "initial_time", "initial_user",
                "initial_conversation", "initial_channel"):
        if key in element:
            return element[key]
    if "initial_users" in element:
        return list(element["initial_users"])
    if "initial_option" in element:
        return element["initial_option"].get("value")
    if "initial_options" in element:
        return [o.get("value") for o in element["initial_options"]]
    return None


def state_values(view: dict[str, Any], answers: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Slack's view.state.values for `answers` (block_id -> raw answer) on `view`'s inputs.

    Every input block appears, as Slack sends them: one not in `answers` with what it was
    opened with (its initial value, as a user who leaves a field alone sends it), else empty.
    """
    values: dict[str, dict[str, Any]] = {}
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            continue
        element = block["element"]
        kind = element["type"]
        answer = answers[block["block_id"]] if block["block_id"] in answers \
            else _initial(element)
        state: dict[str, Any] = {"type": kind}
        if kind in ("plain_text_input", "number_input", "email_text_input", "url_text_input"):
            state["value"] = None if answer in (None, "") else str(answer)
        elif kind == "datepicker":
            state["selected_date"] = answer
        elif kind == "timepicker":
            state["selected_time"] = answer
        elif kind in ("static_select", "radio_buttons"):
            options = {o["value"]: o for o in element.get("options", [])}
            state["selected_option"] = options.get(answer, {"text": {"type": "plain_text",
                "text": str(answer)}, "value": answer}) if answer is not None else None
        elif kind in ("checkboxes", "multi_static_select"):
            options = {o["value"]: o for o in element.get("options", [])}
            state["selected_options"] = [options.get(a, {"value": a}) for a in answer or []]
        elif kind == "users_select":
            state["selected_user"] = answer
        elif kind == "multi_users_select":
            state["selected_users"] = list(answer or [])
        elif kind == "conversations_select":
            state["selected_conversation"] = answer
        elif kind == "channels_select":
            state["selected_channel"] = answer
        else:
            state["value"] = answer
        values[block["block_id"]] = {element["action_id"]: state}
    return values
