"""Slack's error code of a failed Web API call: the one helper for logs and decisions."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError


def api_error(exc: SlackApiError) -> str:
    """Slack's error code of a failed call (the body may not even be JSON)."""
    data = getattr(exc.response, "data", None)
    if isinstance(data, dict) and data.get("error"):
        return str(data["error"])
    return f"HTTP {getattr(exc.response, 'status_code', '?')}"
