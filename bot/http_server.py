"""HTTP mode: POST /slack/events (Slack-signed) and GET /healthz on aiohttp."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from pydantic import SecretStr
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from sqlalchemy import text

from bot.ingest.webhook import PATH as INGEST_PATH
from bot.ingest.webhook import ingest_handler
from storage.db import Store

logger = logging.getLogger(__name__)
MAX_BODY = 1024 * 1024  # Slack's payloads are far smaller; anything bigger is not from Slack


def build_web_app(app: AsyncApp, store: Store, *, ingest_token: SecretStr | None = None
                  ) -> web.Application:
    async def slack_events(request: web.Request) -> web.Response:
        bolt_request = await to_bolt_request(request)
        bolt_response = await app.async_dispatch(bolt_request)
        return await to_aiohttp_response(bolt_response)

    async def healthz(_request: web.Request) -> web.Response:
        def ping() -> None:
            with store.engine.connect() as connection:
                connection.execute(text("SELECT 1"))

        try:
            await asyncio.wait_for(asyncio.to_thread(ping), timeout=2)
        except Exception as exc:  # any database failure means unhealthy, and says which
            logger.warning("health check failed: %s", type(exc).__name__)
            return web.json_response({"ok": False, "database": "unreachable"}, status=503)
        return web.json_response({"ok": True})

    web_app = web.Application(client_max_size=MAX_BODY)
    web_app.router.add_post("/slack/events", slack_events)
    web_app.router.add_get("/healthz", healthz)
    web_app.router.add_post(INGEST_PATH, ingest_handler(store, token=ingest_token,
                                                        client=app.client))
    return web_app


async def serve(web_app: web.Application, *, host: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
