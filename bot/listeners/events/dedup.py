"""Slack retries an event it thinks we missed (X-Slack-Retry-Num); each event_id runs once.

The claim lives in the database, so it holds across restarts and across replicas on one
PostgreSQL: whichever replica inserts the event_id first handles it, the others ack and skip.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.response import BoltResponse

from bot.deps import deps_of
from storage import queries

logger = logging.getLogger(__name__)

MAX_EVENT_ID = 64  # the column's width; Slack's ids are about 11 characters


async def skip_retried_events(
    body: dict[str, Any], context: Any, next: Callable[[], Awaitable[None]]
) -> BoltResponse | None:
    """A global middleware: events only; commands and interactions pass straight through."""
    event_id = body.get("event_id") if body.get("type") == "event_callback" else None
    if not isinstance(event_id, str) or not event_id:
        await next()
        return None
    claimed = await deps_of(context).store.run(queries.claim_event,
                                              event_id=event_id[:MAX_EVENT_ID])
    if not claimed:
        logger.info("event %s already handled: acknowledged and skipped", event_id[:MAX_EVENT_ID])
        return BoltResponse(status=200, body="")
    await next()
    return None
