"""The log modal's submission: field errors in the modal, or store and confirm."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.messages import build_logged_blocks
from bot.deps import deps_of
from bot.listeners.common import api_error, translator_for
from bot.services.activity_log import log_request, today_for
from bot.services.log_form import FormErrors, read_log_form

logger = logging.getLogger(__name__)


def _metadata_channel(view: dict[str, Any]) -> str | None:
    """Where to confirm. Only a place to answer the user: it grants nothing, so a forged
    value at worst sends the user's own ephemeral confirmation somewhere it cannot be shown."""
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return None
    channel = data.get("channel_id") if isinstance(data, dict) else None
    return channel if isinstance(channel, str) and channel[:1] in ("C", "G", "D") else None


async def handle_log_submission(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], context: Any,
    client: AsyncWebClient
) -> None:
    deps = deps_of(context)
    user_id = body["user"]["id"]
    tr = await translator_for(deps, user_id)
    today = await deps.store.run(today_for, user_id=user_id, now=deps.now())
    values = (view.get("state") or {}).get("values") or {}
    try:
        request = read_log_form(values, today=today)
    except FormErrors as exc:
        errors = {block: tr.problem(key, params)[:150] for block, (key, params) in exc.errors.items()}
        await ack(response_action="errors", errors=errors)
        return
    origin = "home" if body.get("view", {}).get("type") == "home" else "modal"
    await deps.store.run(log_request, user_id=user_id, request=request, origin=origin,
                         today=today)
    await ack()
    blocks = build_logged_blocks(quantities=request.quantities, day=request.day, today=today,
                                 source=request.source, note=request.note, tr=tr)
    await _confirm(client, user_id, _metadata_channel(view), blocks, tr.t("logged.plain"))


async def _confirm(client: AsyncWebClient, user_id: str, channel: str | None,
                   blocks: list[dict[str, Any]], text: str) -> None:
    if channel:
        try:
            await client.chat_postEphemeral(channel=channel, user=user_id, blocks=blocks,
                                            text=text)
            return
        except SlackApiError as exc:
            logger.info("ephemeral confirmation failed (%s); sending a DM", api_error(exc))
    await client.chat_postMessage(channel=user_id, blocks=blocks, text=text)
