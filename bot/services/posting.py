"""What sending scheduled posts needs, shared by the scheduler and the `kpibot` commands."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from storage.db import Store

# A claim still "claimed" after this long belongs to a process that died between claiming and
# sending (a send, 429 retries included, takes seconds): it may be taken over, so a crash does
# not lose the post. The price is a repost if a process dies in the instant between Slack's
# answer and recording it, which we prefer to losing a week's scorecard.
CLAIM_STALE_AFTER = timedelta(minutes=15)


def utc_now() -> datetime:
    return datetime.now(UTC)


def process_name() -> str:
    """Who holds a claim: host and process id, for the operator reading the table."""
    return f"{socket.gethostname()[:100]}:{os.getpid()}"


@dataclass(frozen=True)
class Posting:
    store: Store
    client: AsyncWebClient
    settings: Settings
    now: Callable[[], datetime] = field(default=utc_now)  # tests travel in time through this
    claimed_by: str = field(default_factory=process_name)
    stale_after: timedelta = CLAIM_STALE_AFTER


def slack_error(exc: Exception) -> str:
    """Slack's error code for a failed call, or the kind of failure when there is none."""
    if isinstance(exc, SlackApiError):
        data = getattr(exc.response, "data", None)
        if isinstance(data, dict) and data.get("error"):
            return str(data["error"])
        return f"http_{getattr(exc.response, 'status_code', 'error')}"
    return type(exc).__name__
