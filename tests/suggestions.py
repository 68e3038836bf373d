"""Slack's block_suggestion request (an external select asking for options), signed as the
console's other requests are."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from bot.console.payloads import APP_ID, TEAM


def block_suggestion(*, user_id: str, action_id: str, block_id: str, value: str,
                     view: dict[str, Any] | None = None) -> str:
    payload = {
        "type": "block_suggestion",
        "user": {"id": user_id, "username": user_id.lower(), "name": user_id.lower(),
                 "team_id": TEAM["id"]},
        "container": {"type": "view", "view_id": (view or {}).get("id", "V0")},
        "api_app_id": APP_ID,
        "token": "legacy-verification-token",
        "action_id": action_id,
        "block_id": block_id,
        "value": value,
        "team": TEAM,
        "enterprise": None,
        "is_enterprise_install": False,
        "view": view or {"id": "V0", "type": "modal", "blocks": [], "private_metadata": "",
                         "callback_id": "", "state": {"values": {}}},
    }
    return urlencode({"payload": json.dumps(payload)})
