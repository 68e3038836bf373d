"""`kpibot run`: Socket Mode, HTTP mode, or (with no Slack tokens) the console on demo data."""

from __future__ import annotations

import asyncio
import logging

from slack_bolt.async_app import AsyncApp

from bot.app import build_app
from bot.bootstrap import open_store
from bot.config import Settings
from bot.deps import Deps
from bot.http_server import build_web_app, serve
from bot.scheduler import BotScheduler
from bot.services.posting import Posting
from bot.slack_client import make_client
from storage.db import Store

logger = logging.getLogger(__name__)


async def run_slack(settings: Settings, mode: str) -> None:
    store = await asyncio.to_thread(open_store, settings)
    assert settings.slack_bot_token is not None
    client = make_client(settings.slack_bot_token.get_secret_value(), settings.slack_api_url)
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret \
        else "socket-mode-needs-no-signing-secret"
    app = build_app(Deps(settings, store), client=client, signing_secret=secret)
    # Weekly scorecards and nudges, in either mode; every replica runs one, the claims in the
    # database make each post happen once.
    scheduler = BotScheduler(Posting(store=store, client=client, settings=settings))
    await scheduler.start()
    try:
        await _serve(app, store, settings, mode)
    finally:
        await scheduler.shutdown()


async def _serve(app: AsyncApp, store: Store, settings: Settings, mode: str) -> None:
    if mode == "http":
        runner = await serve(build_web_app(app, store), host="0.0.0.0", port=settings.port)
        logger.info("HTTP mode: listening on port %d (POST /slack/events, GET /healthz)",
                    settings.port)
        try:
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()
    else:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        assert settings.slack_app_token is not None
        handler = AsyncSocketModeHandler(app, settings.slack_app_token.get_secret_value())
        logger.info("Socket Mode: connecting to Slack")
        await handler.start_async()  # type: ignore[no-untyped-call]  # untyped in Bolt
