"""`/kpi settings`, the "Settings" button, the team picker (its redraw, and its search when
there are too many teams to list) and the submission.

Admins edit every team and create new ones; managers edit their own teams. Each step asks the
database, so a forged submission for another team changes nothing.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks import settings_form as settings_reader
from bot.blocks.form_state import FormErrors, FormState
from bot.blocks.settings_modal import (
    build_settings_modal,
    build_settings_saved_modal,
    team_search_options,
)
from bot.blocks.text import escape
from bot.deps import Deps, deps_of
from bot.i18n import Translator
from bot.inputs import FieldErrors, TeamDraft
from bot.listeners.common import (
    field_errors,
    open_modal_for_button,
    redraw_modal,
    translator_for,
)
from bot.services.access import NotAllowed, run_with_access
from bot.services.team_settings import (
    save_settings,
    settings_conflicts,
    settings_form,
    team_choices,
)

logger = logging.getLogger(__name__)


async def _settings_view(deps: Deps, user_id: str, tr: Translator, team_id: int | None,
                         rev: int) -> dict[str, Any] | None:
    try:
        form = await run_with_access(deps.store, deps.settings, user_id, settings_form,
                                     team_id=team_id, default_tz=deps.settings.kpi_timezone,
                                     rev=rev)
    except NotAllowed:
        return None
    return build_settings_modal(form, tr=tr)


async def settings_view(deps: Deps, user_id: str, tr: Translator) -> dict[str, Any] | None:
    """The settings modal as it first opens, or None for someone who may not change teams."""
    return await _settings_view(deps, user_id, tr, None, 0)


async def redrawn_settings_view(deps: Deps, user_id: str, tr: Translator, view: dict[str, Any]
                                ) -> dict[str, Any] | None:
    """The modal for the team just picked, with new field ids so Slack shows its values."""
    return await _settings_view(deps, user_id, tr, settings_reader.picked_team(view),
                                FormState(view).metadata.get("rev", 0) + 1)


async def handle_open_settings_button(ack: AsyncAck, body: dict[str, Any],
                                      context: AsyncBoltContext, client: AsyncWebClient) -> None:
    await open_modal_for_button(ack, body, context, client, settings_view)


async def handle_settings_team_pick(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext,
                                    client: AsyncWebClient) -> None:
    await redraw_modal(ack, body, context, client, redrawn_settings_view)


async def handle_settings_team_options(ack: AsyncAck, body: dict[str, Any],
                                      context: AsyncBoltContext) -> None:
    """The searching team picker (more teams than one list holds): the teams this user may
    change whose name holds what they typed."""
    deps = deps_of(context)
    user_id = body["user"]["id"]
    query = body.get("value")
    try:
        found, can_create = await run_with_access(
            deps.store, deps.settings, user_id, team_choices,
            query=query[:80] if isinstance(query, str) else "")
    except NotAllowed:
        logger.warning("refused team suggestions to %s", user_id)
        await ack(options=[])
        return
    tr = await translator_for(deps, user_id)
    await ack(options=team_search_options(found, can_create=can_create, tr=tr))


async def handle_settings_submission(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any],
                                     context: AsyncBoltContext) -> None:
    deps = deps_of(context)
    user_id = body["user"]["id"]
    tr = await translator_for(deps, user_id)
    try:
        given = settings_reader.read_settings(view)
        saved = await run_with_access(deps.store, deps.settings, user_id, save_settings, given,
                                      now=deps.now())
    except NotAllowed:
        logger.warning("refused a settings submission from %s", user_id)
        await ack(response_action="errors",
                  errors={settings_reader.block_for("name", view): tr.t("settings.not_allowed")})
        return
    except FormErrors as exc:
        # Name every problem at once: also what the database says of what could be read.
        conflicts = {} if not isinstance(exc.draft, TeamDraft) else await run_with_access(
            deps.store, deps.settings, user_id, settings_conflicts, exc.draft)
        await ack(response_action="errors",
                  errors=field_errors(tr, exc.errors, conflicts, settings_reader.block_for,
                                      view))
        return
    except FieldErrors as exc:
        await ack(response_action="errors",
                  errors=field_errors(tr, {}, exc.errors, settings_reader.block_for, view))
        return
    key = "settings.created" if saved.created else "settings.saved"
    summary = tr.t(key, name=escape(saved.team.name))
    if saved.managerless:  # an admin's choice, said plainly rather than asked again
        summary += "\n" + tr.t("settings.saved_no_managers")
    await ack(response_action="update", view=build_settings_saved_modal(summary=summary, tr=tr))
