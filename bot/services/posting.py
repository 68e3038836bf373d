"""What sending scheduled posts needs, shared by the scheduler and the `kpibot` commands: the
app's dependencies (database, settings, clock), a Web API client made for posts, the claim's
heartbeat, and a look in the channel.

A post is claimed before it is sent (storage/posts.py). While a process works on a post it
renews the claim every `heartbeat_every`; a claim silent for `stale_after` belongs to a process
that died, and is taken over. Nothing a post does waits anywhere near that long without a
heartbeat: a Retry-After is cut to MAX_RETRY_WAIT, and the heartbeat runs beside the send.

A send whose answer never came is unknown, not failed: Slack may have posted it. Every post
carries metadata naming its team, kind and period, so before posting again (after a timeout,
or when taking over a dead process's claim) the bot looks for its own message in the channel.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from aiohttp import ClientConnectorError
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.deps import Deps
from bot.services.pacing import PostPacer
from storage import posts
from storage.db import Store

logger = logging.getLogger(__name__)

# A claim whose holder has not renewed it for this long is presumed dead and may be taken over:
# short, so a crash and a restart lose nothing, and far longer than any pause of a live holder.
CLAIM_STALE_AFTER = timedelta(minutes=2)
# The longest a post waits on one Retry-After: well inside the stale window.
MAX_RETRY_WAIT = 20.0
METADATA_EVENT = "kpibot_scheduled_post"
# How far before a claim a post of it may be stamped (clocks of hosts and Slack differ).
CLOCK_SKEW = timedelta(minutes=5)
HISTORY_PAGES = 10  # at 200 messages a page: a channel's traffic since the claim, and more


def process_name() -> str:
    """Who holds a claim: host and process id, for the operator reading the table."""
    return f"{socket.gethostname()[:100]}:{os.getpid()}"


class CappedRateLimitRetryHandler(AsyncRateLimitErrorRetryHandler):
    """slack_sdk's 429 handler, with a Retry-After longer than MAX_RETRY_WAIT cut short; the
    pacer (when given) holds every other message back for as long."""

    def __init__(self, *, max_retry_count: int, pacer: PostPacer | None = None) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.pacer = pacer

    async def prepare_for_next_attempt_async(
        self, *, state: RetryState, request: HttpRequest, response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        if response is not None:
            for name, values in response.headers.items():
                if name.lower() == "retry-after" and values:
                    try:
                        capped = min(float(values[0]), MAX_RETRY_WAIT)
                    except ValueError:
                        capped = 1.0
                    response.headers[name] = [str(int(capped))]
                    if self.pacer is not None:
                        self.pacer.pause(int(capped))
        await super().prepare_for_next_attempt_async(state=state, request=request,
                                                     response=response, error=error)


def posting_client(client: AsyncWebClient, pacer: PostPacer | None = None) -> AsyncWebClient:
    """The client's twin for posts: Retry-After capped (and told to the pacer), and no blind
    resend after a connection broke mid-request (Slack may have posted it); only a connection
    never made is retried."""
    handlers: list[AsyncRetryHandler] = [
        AsyncConnectionErrorRetryHandler(max_retry_count=2, error_types=[ClientConnectorError]),
        CappedRateLimitRetryHandler(max_retry_count=4, pacer=pacer),
        AsyncServerErrorRetryHandler(max_retry_count=3),
    ]
    return AsyncWebClient(token=client.token, base_url=client.base_url, timeout=client.timeout,
                          ssl=client.ssl, proxy=client.proxy, headers=dict(client.headers),
                          retry_handlers=handlers)


@dataclass(frozen=True)
class Posting:
    """The scheduled posts' seam: the app's Deps (the one store, settings and clock, shared
    with build_app) and the Web API client the posts go through."""

    deps: Deps
    client: AsyncWebClient
    claimed_by: str = field(default_factory=process_name)
    stale_after: timedelta = CLAIM_STALE_AFTER
    pacer: PostPacer = field(default_factory=PostPacer)  # posts in flight, each channel's pace
    post_client: AsyncWebClient = field(init=False)  # what posts go through: see posting_client
    _identity: dict[str, str] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "post_client", posting_client(self.client, self.pacer))

    @property
    def store(self) -> Store:
        return self.deps.store

    @property
    def settings(self) -> Settings:
        return self.deps.settings

    def now(self) -> datetime:
        return self.deps.now()

    @property
    def heartbeat_every(self) -> timedelta:
        return self.stale_after / 4  # three beats may be lost before anyone takes over

    async def bot_id(self) -> str:
        """The bot's own id (auth.test, once): its messages carry it."""
        if "bot_id" not in self._identity:
            answer = await self.post_client.auth_test()
            self._identity["bot_id"] = str(answer.get("bot_id") or "")
        return self._identity["bot_id"]


def surely_not_sent(exc: Exception) -> bool:
    """Slack answered with an error, or the connection was never made: nothing was posted.
    Anything else (a timeout, a connection dropped mid-request) leaves the post unknown."""
    return isinstance(exc, SlackApiError | ClientConnectorError)


@contextlib.asynccontextmanager
async def holding(posting: Posting, claim_id: int) -> AsyncIterator[None]:
    """Renew the claim while the body works on its post."""
    beat = asyncio.create_task(_heartbeat(posting, claim_id))
    try:
        yield
    finally:
        beat.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await beat


async def _heartbeat(posting: Posting, claim_id: int) -> None:
    while True:
        await asyncio.sleep(posting.heartbeat_every.total_seconds())
        try:
            mine = await posting.store.run(posts.renew_claim, claim_id=claim_id,
                                           claimed_by=posting.claimed_by, now=posting.now())
        except Exception as exc:  # the database had a moment: the next beat tries again
            logger.warning("could not renew claim %s: %s", claim_id, type(exc).__name__)
            continue
        if not mine:
            logger.warning("claim %s is no longer held by %s", claim_id, posting.claimed_by)
            return


def post_metadata(*, team_id: int, kind: str, period_key: str) -> dict[str, Any]:
    """Message metadata naming the post, so the bot can find it in the channel later."""
    return {"event_type": METADATA_EVENT,
            "event_payload": {"team": team_id, "kind": kind, "period": period_key}}


def _is_post(message: dict[str, Any], metadata: dict[str, Any], bot_id: str) -> bool:
    found = message.get("metadata") or {}
    payload, wanted = found.get("event_payload") or {}, metadata["event_payload"]
    return (message.get("bot_id") == bot_id and found.get("event_type") == metadata["event_type"]
            and all(str(payload.get(k)) == str(v) for k, v in wanted.items()))


async def find_post(posting: Posting, *, channel: str, metadata: dict[str, Any],
                    since: datetime) -> str | None:
    """The ts of the bot's own message carrying `metadata`, posted since `since`; None when
    there is none. Raises when Slack cannot tell (the caller then must not post)."""
    bot_id = await posting.bot_id()
    oldest = f"{(since - CLOCK_SKEW).timestamp():.6f}"
    cursor: str | None = None
    for _ in range(HISTORY_PAGES):
        answer = await posting.post_client.conversations_history(
            channel=channel, oldest=oldest, include_all_metadata=True, limit=200, cursor=cursor)
        for message in answer.get("messages") or []:
            if isinstance(message, dict) and _is_post(message, metadata, bot_id):
                return str(message.get("ts"))
        cursor = (answer.get("response_metadata") or {}).get("next_cursor") or None
        if not answer.get("has_more") or cursor is None:
            return None
    raise LookupError(f"more than {HISTORY_PAGES} pages of history in {channel} since {since}")
