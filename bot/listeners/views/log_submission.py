"""The log modal's submission: field errors in the modal, or store and confirm."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.form_state import FormErrors
from bot.blocks.log_form import read_log_form, refused_field
from bot.blocks.messages import build_logged_blocks
from bot.deps import deps_of
from bot.kpi.logparse import ParseError, Reader
from bot.listeners.common import translator_for
from bot.listeners.events.home import refresh_home
from bot.services.activity_log import HOME, MODAL, log_request, today_for
from bot.slack_errors import slack_error

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
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], context: AsyncBoltContext,
    client: AsyncWebClient
) -> None:
    deps = deps_of(context)
    user_id = body["user"]["id"]
    # A failure before the ack keeps the modal open with the user's numbers in it, saying
    # nothing was saved (bot/listeners/surface.py).
    tr = await translator_for(deps, user_id)
    today = await deps.store.run(today_for, user_id=user_id, now=deps.now())
    try:
        request = read_log_form(view, today=today,
                                reader=Reader(language=tr.language, currency=tr.currency))
    except FormErrors as exc:
        errors = {block: tr.problem(key, params)[:150]
                  for block, (key, params) in exc.errors.items()}
        await ack(response_action="errors", errors=errors)
        return
    origin = HOME if body.get("view", {}).get("type") == "home" else MODAL
    try:
        logged = await deps.store.run(log_request, user_id=user_id, request=request,
                                      origin=origin, today=today)
    except ParseError as exc:  # the rules an import and the webhook follow too
        block = refused_field(request, str(exc.params.get("reason", "")))
        await ack(response_action="errors",
                  errors={block: tr.problem("parse." + exc.code, dict(exc.params))[:150]})
        return
    await ack()
    try:
        blocks = build_logged_blocks(quantities=request.quantities, day=request.day,
                                     today=today, source=request.source, note=request.note,
                                     tr=tr, technique=request.technique,
                                     posted_week=logged.posted_week)
        await _confirm(client, user_id, _metadata_channel(view), blocks, tr.t("logged.plain"))
    except Exception:  # stored already: a lost confirmation must not read as a failure
        logger.exception("log confirmation failed for %s", user_id)
    finally:
        await refresh_home(deps, client, user_id)  # the numbers moved; never raises


async def _confirm(client: AsyncWebClient, user_id: str, channel: str | None,
                   blocks: list[dict[str, Any]], text: str) -> None:
    if channel:
        try:
            await client.chat_postEphemeral(channel=channel, user=user_id, blocks=blocks,
                                            text=text)
            return
        except SlackApiError as exc:
            logger.info("ephemeral confirmation failed (%s); sending a DM", slack_error(exc))
    await client.chat_postMessage(channel=user_id, blocks=blocks, text=text)
