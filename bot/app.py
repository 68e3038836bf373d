"""build_app(): the Bolt AsyncApp with every listener registered."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.envelope import shape_problem
from bot.listeners import register_all

logger = logging.getLogger(__name__)


def build_app(deps: Deps, *, client: AsyncWebClient, signing_secret: str,
              authorize: Callable[[], Awaitable[AuthorizeResult]] | None = None) -> AsyncApp:
    """The one app behind Socket Mode, HTTP mode and the console.

    Listeners run the default way (acknowledged from a background task) so a slow Web API call
    after the ack never delays Slack's 3-second deadline. `authorize` gives the bot's identity
    resolved at start-up (with a client without a token: it supplies the token); without it
    Bolt runs auth.test on the first request.
    """
    app = AsyncApp(
        client=client,
        signing_secret=signing_secret,
        ignoring_self_events_enabled=True,
        authorize=authorize,
    )

    @app.middleware
    async def refuse_odd_shapes(body: dict[str, Any],
                                next: Callable[[], Awaitable[None]]) -> BoltResponse | None:
        # before any listener matcher reads a field of the wrong type (a 500 and a traceback
        # quoting the body): one line naming the field, nothing of its content
        problem = shape_problem(body)
        if problem is not None:
            logger.warning("refused a signed request of an odd shape: %s", problem)
            return BoltResponse(status=400, body='{"error": "unexpected payload shape"}',
                                headers={"content-type": "application/json"})
        await next()
        return None

    @app.middleware
    async def inject_deps(context: AsyncBoltContext,
                          next: Callable[[], Awaitable[None]]) -> None:  # Bolt's name
        context["deps"] = deps
        await next()

    @app.error
    async def on_error(error: Exception, body: dict[str, Any]) -> None:
        logger.error("unhandled error for %s", body.get("type") or body.get("command"),
                     exc_info=error)

    register_all(app)
    return app
