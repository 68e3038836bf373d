"""The App Home tab: published when the user opens it, and again after they log activity."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps, deps_of
from bot.services.home import home_view
from bot.slack_errors import log_call_failure

logger = logging.getLogger(__name__)


async def refresh_home(deps: Deps, client: AsyncWebClient, user_id: str) -> None:
    """Publish the user's Home view. Never raises: a stale Home tab is no reason to fail the
    command or submission that called this (their answer has gone out already)."""
    try:
        view = await deps.store.run(home_view, settings=deps.settings, user_id=user_id,
                                    now=deps.now())
        await client.views_publish(user_id=user_id, view=view)
    except Exception as exc:
        log_call_failure(logger, "views.publish", user_id, exc,
                         what="building or publishing the App Home")


async def handle_app_home_opened(
    event: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
) -> None:
    """Bolt acknowledges events itself, before this runs."""
    if event.get("tab", "home") != "home":  # the Messages tab needs nothing from us
        return
    user_id = event.get("user")
    if not isinstance(user_id, str) or not user_id:
        return
    await refresh_home(deps_of(context), client, user_id)
