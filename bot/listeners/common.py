"""Helpers the listeners share: who is asking, opening and redrawing modals, learning a
user's profile. Failures are handled once per surface in bot/listeners/surface.py."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiohttp import ClientError
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.log_modal import build_log_modal
from bot.deps import Deps, deps_of
from bot.i18n import Translator
from bot.inputs import Problem
from bot.services.activity_log import today_for
from bot.services.profiles import has_locale, save_profile
from bot.services.teams import viewer
from bot.slack_errors import slack_error

logger = logging.getLogger(__name__)


async def translator_for(deps: Deps, user_id: str) -> Translator:
    who = await deps.store.run(viewer, user_id=user_id)
    return who.tr


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


async def learn_profile(deps: Deps, client: AsyncWebClient, user_id: str) -> None:
    """Remember a user's name, e-mail and locale (for language and formats) after the answer
    went out; a failure here only means English for now, so it is logged, never raised."""
    try:
        await _learn_profile(deps, client, user_id)
    except SlackApiError as exc:
        logger.warning("users.info failed for %s: %s", user_id, slack_error(exc))
    except (ClientError, OSError, TimeoutError) as exc:  # Slack unreachable: foreseen, no bug
        logger.warning("users.info failed for %s: Slack unreachable (%s)", user_id,
                       type(exc).__name__)
    except Exception:
        logger.exception("learning the profile of %s failed", user_id)


async def _learn_profile(deps: Deps, client: AsyncWebClient, user_id: str) -> None:
    if user_id in deps.known_profiles:
        return  # known already: no database trip on every command
    if await deps.store.run(has_locale, user_id=user_id):
        deps.known_profiles.add(user_id)
        return
    response = await client.users_info(user=user_id, include_locale=True)
    user: dict[str, Any] = response.get("user") or {}
    profile: dict[str, Any] = user.get("profile") or {}
    await deps.store.run(
        save_profile,
        user_id=user_id,
        name=(profile.get("real_name") or user.get("real_name") or user.get("name") or None),
        email=profile.get("email") or None,
        locale=user.get("locale") or "en-US",
    )
    deps.known_profiles.add(user_id)
