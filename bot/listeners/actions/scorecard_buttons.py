"""Period buttons redraw the scorecard in place; "My KPIs" shows it under a confirmation."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.deps import deps_of
from bot.kpi.periods import PeriodChoice, PeriodKind, parse_period_choice


def _choice(action: dict[str, Any]) -> PeriodChoice:
    value = action.get("value")
    choice = parse_period_choice(value[:40]) if isinstance(value, str) else None
    return choice or PeriodChoice(PeriodKind.WEEK)


async def _show(
    ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], context: AsyncBoltContext,
    respond: AsyncRespond, *, replace: bool
) -> None:
    await ack()
    deps = deps_of(context)
    message = await deps.scorecards.message(deps.store, user_id=body["user"]["id"],
                                            choice=_choice(action), now=deps.now())
    await respond(replace_original=replace, response_type="ephemeral", **message)


async def handle_scorecard_period(
    ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], context: AsyncBoltContext,
    respond: AsyncRespond
) -> None:
    await _show(ack, body, action, context, respond, replace=True)


async def handle_open_my_kpis(
    ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], context: AsyncBoltContext,
    respond: AsyncRespond
) -> None:
    await _show(ack, body, action, context, respond, replace=False)
