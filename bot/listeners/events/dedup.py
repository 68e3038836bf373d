"""Slack retries an event it thinks we missed (X-Slack-Retry-Num); each event_id runs once.

The claim lives in the database, so it holds across restarts and across replicas on one
PostgreSQL: whichever replica inserts the event_id first handles it, the others ack and skip.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.response import BoltResponse

from bot.deps import deps_of
from bot.services.events import first_delivery

logger = logging.getLogger(__name__)


async def skip_retried_events(
    body: dict[str, Any], context: AsyncBoltContext, next: Callable[[], Awaitable[None]]
) -> BoltResponse | None:
    """A global middleware: events only; commands and interactions pass straight through."""
    event_id = body.get("event_id") if body.get("type") == "event_callback" else None
    if not isinstance(event_id, str) or not event_id:
        await next()
        return None
    try:
        first = await deps_of(context).store.run(first_delivery, event_id=event_id)
    except Exception:  # the database is down: handling an event twice beats a 500 and retries
        logger.exception("could not record event %s; handling it anyway", event_id[:64])
        first = True
    if not first:
        logger.info("event %s already handled: acknowledged and skipped", event_id[:64])
        return BoltResponse(status=200, body="")
    await next()
    return None
