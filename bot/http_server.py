"""HTTP mode: POST /slack/events (Slack-signed) and GET /healthz on aiohttp."""

from __future__ import annotations

import logging
import math
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from aiohttp import web
from pydantic import SecretStr
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.request.internals import parse_body

from bot.envelope import shape_problem
from bot.health import DatabaseHealth
from bot.ingest.webhook import PATH as INGEST_PATH
from bot.ingest.webhook import ingest_handler
from bot.services.crm_job import crm_problems
from bot.signed_request import NOT_AN_OBJECT, Refusal, decode, verify
from storage.db import Store

logger = logging.getLogger(__name__)
MAX_BODY = 1024 * 1024  # Slack's payloads are far smaller; anything bigger is not from Slack


class RefusalLog:
    """One short line per refused request, never its body, and at most one a second for each
    reason: a flood of forged requests is counted, not copied into the log."""

    def __init__(self, *, interval: float = 1.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval
        self.clock = clock
        self._last: dict[str, float] = {}
        self._unlogged: dict[str, int] = {}

    def refused(self, refusal: Refusal, *, peer: str | None, size: int) -> None:
        now = self.clock()
        if now - self._last.get(refusal.reason, -math.inf) < self.interval:
            self._unlogged[refusal.reason] = self._unlogged.get(refusal.reason, 0) + 1
            return
        self._last[refusal.reason] = now
        unlogged = self._unlogged.pop(refusal.reason, 0)
        logger.warning("refused a request to /slack/events from %s: %s (HTTP %d, %d bytes)%s",
                       peer or "?", refusal.reason, refusal.status, size,
                       f"; {unlogged} more refused alike since the last line" if unlogged else "")


def build_web_app(app: AsyncApp, store: Store, *, ingest_token: SecretStr | None = None
                  ) -> web.Application:
    # The secret the app was built with, so this check and Bolt's own never disagree.
    secret: str = app._signing_secret
    refusals = RefusalLog()
    health = DatabaseHealth(store)

    async def slack_events(request: web.Request) -> web.Response:
        raw = await request.read()  # aiohttp answers 413 past client_max_size, unread
        # the signature first, on the bytes as sent; only then what they say
        text = verify(raw, request.headers, secret=secret) or decode(
            raw, content_type=request.content_type, charset=request.charset)
        if isinstance(text, str):
            # a field of a type Slack never sends fails inside Bolt's own parsing and
            # matchers: refused here, before Bolt reads any of it
            problem = shape_problem(parse_body(text, request.content_type)) if text else None
            if problem is not None:
                text = Refusal(400, f"a payload of an odd shape ({problem})")
        if isinstance(text, Refusal):
            refusals.refused(text, peer=request.remote, size=len(raw))
            return web.json_response({"error": text.reason}, status=text.status)
        try:
            bolt_request = AsyncBoltRequest(
                body=text, query=request.query_string,
                headers=request.headers)  # type: ignore[arg-type]  # a mapping, as Bolt's adapter
            bolt_response = await app.async_dispatch(bolt_request)
        except Exception as exc:
            # Signed, so Slack's (a shape Bolt does not know) or a leaked secret's. Bolt's
            # own listener errors never get here; its parsing and middleware raise on
            # fields of unexpected types. The message and traceback could quote the body:
            # the kind of error and where it arose say enough.
            logger.error("a signed request Bolt could not read: %s at %s", type(exc).__name__,
                         _where(exc))
            return web.json_response({"error": NOT_AN_OBJECT.reason}, status=400)
        return await to_aiohttp_response(bolt_response)

    async def healthz(_request: web.Request) -> web.Response:
        problem = await health.problem()
        if problem is not None:
            return web.json_response({"ok": False, "database": problem}, status=503)
        crm = crm_problems()  # a stopped CRM sync is told, but the bot still serves: 200
        return web.json_response({"ok": True, "crm": crm} if crm else {"ok": True})

    web_app = web.Application(client_max_size=MAX_BODY)
    web_app.router.add_post("/slack/events", slack_events)
    web_app.router.add_get("/healthz", healthz)
    web_app.router.add_post(INGEST_PATH, ingest_handler(store, token=ingest_token,
                                                        client=app.client))
    return web_app


def _where(exc: BaseException) -> str:
    """file:line of the innermost frame, e.g. `slack_bolt/request/internals.py:123`."""
    frame = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    return "/".join(Path(frame[0].filename).parts[-2:]) + f":{frame[0].lineno}" if frame else "?"


async def serve(web_app: web.Application, *, host: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
