"""Slack's error code of a failed Web API call: the one helper for logs, stored claim details
and decisions, shared by listeners, services and the start-up checks."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError


def slack_error(exc: BaseException) -> str:
    """Slack's error code (`not_in_channel`); `HTTP 502` when its answer carried none (the body
    may not even be JSON); the kind of failure (`TimeoutError`) when Slack never answered."""
    if isinstance(exc, SlackApiError):
        data = getattr(exc.response, "data", None)
        if isinstance(data, dict) and data.get("error"):
            return str(data["error"])
        return f"HTTP {getattr(exc.response, 'status_code', '?')}"
    return type(exc).__name__
