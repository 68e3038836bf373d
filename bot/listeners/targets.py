"""`/kpi targets`, the "Set targets" button, the modal's redraws and its submission.

Every step asks the database who the user is: a forged view, callback_id or private_metadata
changes nothing for someone who is not a manager of that team or an admin.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks import targets_form as targets_reader
from bot.blocks.form_state import FormErrors
from bot.blocks.targets_modal import (
    build_target_dm_blocks,
    build_targets_modal,
    build_targets_saved_modal,
)
from bot.deps import Deps, deps_of
from bot.i18n import Translator
from bot.inputs import FieldErrors, TargetsDraft
from bot.kpi.logparse import Reader
from bot.kpi.periods import PeriodKind
from bot.listeners.common import (
    field_errors,
    open_modal_for_button,
    redraw_modal,
    translator_for,
)
from bot.listeners.profiles import learn_before_answer
from bot.services.access import NotAllowed, run_with_access
from bot.services.targets import save_targets, targets_conflicts, targets_form
from bot.slack_errors import slack_error

logger = logging.getLogger(__name__)


async def _targets_view(deps: Deps, user_id: str, tr: Translator, *, team_id: int | None,
                        user_ids: list[str], include_default: bool, kind: PeriodKind, rev: int
                        ) -> dict[str, Any] | None:
    try:
        form = await run_with_access(
            deps.store, deps.settings, user_id, targets_form,
            team_id=team_id, user_ids=user_ids, include_default=include_default, kind=kind,
            effective_from=None, rev=rev, now=deps.now())
    except NotAllowed:
        return None
    return build_targets_modal(form, tr=tr)


async def targets_view(deps: Deps, user_id: str, tr: Translator) -> dict[str, Any] | None:
    """The targets modal as it first opens (showing the team default, its box not ticked for
    the manager), or None for someone who manages no team."""
    return await _targets_view(deps, user_id, tr, team_id=None, user_ids=[],
                               include_default=False, kind=PeriodKind.WEEK, rev=0)


async def redrawn_targets_view(deps: Deps, user_id: str, tr: Translator, view: dict[str, Any]
                               ) -> dict[str, Any] | None:
    """A change of team, SDRs, team default or period kind re-fills the numbers."""
    selection = targets_reader.read_selection(view)
    return await _targets_view(deps, user_id, tr, team_id=selection.team_id,
                               user_ids=selection.user_ids,
                               include_default=selection.include_default, kind=selection.kind,
                               rev=selection.rev + 1)


async def handle_open_targets_button(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext,
                                     client: AsyncWebClient) -> None:
    await open_modal_for_button(ack, body, context, client, targets_view)


async def handle_targets_redraw(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext,
                                client: AsyncWebClient) -> None:
    await redraw_modal(ack, body, context, client, redrawn_targets_view)


async def handle_targets_submission(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any],
                                    context: AsyncBoltContext, client: AsyncWebClient) -> None:
    deps = deps_of(context)
    user_id = body["user"]["id"]
    tr = await translator_for(deps, user_id)
    try:
        given = targets_reader.read_targets(view, reader=Reader(language=tr.language))
        saved = await run_with_access(deps.store, deps.settings, user_id, save_targets,
                                      given, now=deps.now())
    except FormErrors as exc:
        # Name every problem at once: also what the database says of whom it is for.
        conflicts = {} if not isinstance(exc.draft, TargetsDraft) else await run_with_access(
            deps.store, deps.settings, user_id, targets_conflicts, exc.draft)
        await ack(response_action="errors",
                  errors=field_errors(tr, exc.errors, conflicts, targets_reader.block_for,
                                      view))
        return
    except FieldErrors as exc:
        await ack(response_action="errors",
                  errors=field_errors(tr, {}, exc.errors, targets_reader.block_for, view))
        return
    summary = tr.t("targets.saved", count=saved.rows, told=len(saved.changed))
    if saved.started:
        summary += "\n" + tr.t("targets.start_saved", count=saved.started)
    await ack(response_action="update", view=build_targets_saved_modal(summary=summary, tr=tr))
    for sdr, targets in saved.changed.items():
        await learn_before_answer(deps, client, sdr)  # the DM in the SDR's own language
        sdr_tr = await translator_for(deps, sdr)
        blocks = build_target_dm_blocks(targets=targets, kind=saved.kind,
                                        effective_from=saved.effective_from, set_by=user_id,
                                        tr=sdr_tr, ramp=saved.ramps.get(sdr))
        try:
            await client.chat_postMessage(channel=sdr, blocks=blocks,
                                          text=sdr_tr.t("targets.dm_plain"))
        except SlackApiError as exc:  # one SDR we cannot reach must not stop the others
            logger.warning("could not tell %s about new targets: %s", sdr, slack_error(exc))
