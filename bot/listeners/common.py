"""Helpers the listeners share: who is asking, opening and redrawing modals, learning a
user's profile (bot/listeners/profiles.py). Failures are handled once per surface in
bot/listeners/surface.py."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.log_modal import build_log_modal
from bot.deps import Deps, deps_of
from bot.i18n import Translator
from bot.inputs import Problem
from bot.listeners.profiles import learn_profile
from bot.services.activity_log import today_for
from bot.services.teams import viewer

__all__ = ["ack_ephemeral_json", "field_errors", "learn_profile", "open_log_modal",
           "open_modal_for_button", "redraw_modal", "translator_for"]

logger = logging.getLogger(__name__)


async def translator_for(deps: Deps, user_id: str) -> Translator:
    who = await deps.store.run(viewer, user_id=user_id)
    return who.tr


def ack_ephemeral_json(ack: AsyncAck, message_json: str) -> None:
    """What `await ack(response_type="ephemeral", **message)` answers, for a message already
    serialised (a cached scorecard): Bolt would serialise the same blocks again on every
    request. A JSON object with "response_type" put first, as the acknowledgement's body."""
    if not message_json.startswith("{") or message_json == "{}":
        raise ValueError("a message is a non-empty JSON object")
    ack.response = BoltResponse(status=200,
                                body='{"response_type":"ephemeral",' + message_json[1:],
                                headers={"content-type": "application/json;charset=utf-8"})


ViewBuilder = Callable[[Deps, str, Translator], Awaitable[dict[str, Any] | None]]


async def open_modal_for_button(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext,
                                client: AsyncWebClient, build: ViewBuilder) -> None:
    """A button that opens a modal: the view `build` makes for this user, or nothing when it
    makes none (the user may not: the button itself can be forged)."""
    await ack()
    deps = deps_of(context)
    user_id = body["user"]["id"]
    view = await build(deps, user_id, await translator_for(deps, user_id))
    if view is None:
        logger.warning("refused a modal to %s (%s)", user_id, getattr(build, "__name__", build))
        return
    await client.views_open(trigger_id=body["trigger_id"], view=view)


async def open_log_modal(deps: Deps, client: AsyncWebClient, tr: Translator, *, user_id: str,
                         trigger_id: str, channel_id: str) -> None:
    """The log modal, for `/kpi log` without numbers and every "Log activity" button. The
    channel is only where to confirm: it grants nothing."""
    today = await deps.store.run(today_for, user_id=user_id, now=deps.now())
    await client.views_open(
        trigger_id=trigger_id,
        view=build_log_modal(tr=tr, today=today,
                             private_metadata=json.dumps({"channel_id": channel_id})))


def field_errors(tr: Translator, by_block: Mapping[str, Problem],
                 by_field: Mapping[str, Problem], block_for: Callable[[str, Any], str],
                 view: Mapping[str, Any]) -> dict[str, str]:
    """Slack's response_action "errors": a form reader's errors (by block id) and a service's
    (by field name, placed by the modal's `block_for`), one message a field, the reader's
    first."""
    errors = {block: tr.problem(key, params)[:150] for block, (key, params) in by_block.items()}
    for name, (key, params) in by_field.items():
        errors.setdefault(block_for(name, view), tr.problem(key, params)[:150])
    return errors


Redraw = Callable[[Deps, str, Translator, dict[str, Any]], Awaitable[dict[str, Any] | None]]


async def redraw_modal(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext,
                       client: AsyncWebClient, build: Redraw) -> None:
    """A field with dispatch_action changed: replace the modal with what `build` makes of its
    state, or leave it when it makes nothing (the user may not: the state can be forged)."""
    await ack()
    deps = deps_of(context)
    user_id = body["user"]["id"]
    view = body.get("view") or {}
    redrawn = await build(deps, user_id, await translator_for(deps, user_id), view)
    if redrawn is not None:
        await client.views_update(view_id=view.get("id"), hash=view.get("hash"), view=redrawn)
