"""`kpibot run`: Socket Mode, HTTP mode, or (with no Slack tokens) the console on demo data.

Start-up checks what would otherwise fail later and quietly: the database opens, Slack accepts
the tokens (auth.test, and apps.connections.open for Socket Mode), and the bot's identity is
resolved once, so no request ever waits on auth.test.
"""

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
from bot.services.admins import NO_ADMINS_WARNING
from bot.services.posting import Posting
from bot.slack_client import BotIdentity, check_app_token, make_client, resolve_identity
from storage.db import Store

logger = logging.getLogger(__name__)


async def run_slack(settings: Settings, mode: str) -> None:
    assert settings.slack_bot_token is not None
    token = settings.slack_bot_token.get_secret_value()
    store = await asyncio.to_thread(open_store, settings)
    client = make_client(token, settings.slack_api_url)
    identity = await resolve_identity(client)
    if mode == "socket":
        assert settings.slack_app_token is not None
        await check_app_token(settings.slack_app_token.get_secret_value(),
                              settings.slack_api_url)
    if not settings.kpi_admin_ids:
        logger.warning(NO_ADMINS_WARNING)
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret \
        else "socket-mode-needs-no-signing-secret"
    # Bolt's client carries no token: `authorize` hands each request the bot token with the
    # identity resolved above (a token on both would make Bolt warn that one is unused).
    # One set of dependencies (store, settings, clock) for the app and the scheduled posts.
    deps = Deps(settings, store)
    app = build_app(deps, client=make_client(None, settings.slack_api_url),
                    signing_secret=secret, authorize=identity.authorize(token))
    # Weekly scorecards and nudges, in either mode; every replica runs one, the claims in the
    # database make each post happen once.
    scheduler = BotScheduler(Posting(deps, client))
    await scheduler.start()
    try:
        await _serve(app, store, settings, mode, identity)
    finally:
        # the store stays open: work still finishing after its ack needs it until the exit
        await scheduler.shutdown()


def connected_line(identity: BotIdentity, mode: str, port: int) -> str:
    where = f"HTTP mode on port {port} (POST /slack/events, GET /healthz)" if mode == "http" \
        else "Socket Mode"
    name = identity.team or identity.team_id
    return (f"connected to Slack workspace {name} ({identity.team_id}) as bot user "
            f"{identity.bot_user_id}, in {where}")


async def _serve(app: AsyncApp, store: Store, settings: Settings, mode: str,
                 identity: BotIdentity) -> None:
    if mode == "http":
        web_app = build_web_app(app, store, ingest_token=settings.kpi_ingest_token)
        runner = await serve(web_app, host="0.0.0.0", port=settings.port)
        logger.info(connected_line(identity, mode, settings.port))
        try:
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()
    else:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        assert settings.slack_app_token is not None
        handler = AsyncSocketModeHandler(app, settings.slack_app_token.get_secret_value())
        await handler.connect_async()  # type: ignore[no-untyped-call]  # untyped in Bolt
        logger.info(connected_line(identity, mode, settings.port))
        try:
            await asyncio.Event().wait()
        finally:
            await handler.close_async()  # type: ignore[no-untyped-call]
