"""Slack's error code of a failed Web API call: the one helper for logs, stored claim details
and decisions, shared by listeners, services and the start-up checks."""

from __future__ import annotations

import logging

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError

# Slack could not be reached at all (refused, reset, DNS, TLS): foreseen, never a bug, so one
# warning line rather than a traceback.
UNREACHABLE: tuple[type[BaseException], ...] = (ClientError, OSError)


def slack_error(exc: BaseException) -> str:
    """Slack's error code (`not_in_channel`); `HTTP 502` when its answer carried none (the body
    may not even be JSON); the kind of failure (`TimeoutError`) when Slack never answered."""
    if isinstance(exc, SlackApiError):
        data = getattr(exc.response, "data", None)
        if isinstance(data, dict) and data.get("error"):
            return str(data["error"])
        return f"HTTP {getattr(exc.response, 'status_code', '?')}"
    return type(exc).__name__


def log_call_failure(logger: logging.Logger, method: str, user_id: str, exc: Exception,
                     *, what: str) -> None:
    """A Web API call made after the answer failed: Slack's refusal or Slack out of reach is
    one warning line (foreseen, never a bug); anything else, a bug, keeps its traceback."""
    if isinstance(exc, SlackApiError):
        logger.warning("%s failed for %s: %s", method, user_id, slack_error(exc))
    elif isinstance(exc, UNREACHABLE):
        logger.warning("%s failed for %s: Slack unreachable (%s)", method, user_id,
                       type(exc).__name__)
    else:
        logger.error("%s for %s failed", what, user_id, exc_info=exc)
