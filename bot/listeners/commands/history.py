"""`/kpi history @sdr`: an SDR's recent changes, for the managers of their team."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.blocks.history import build_history_blocks
from bot.services.access import run_with_access
from bot.services.history_view import history_for, local_time

if TYPE_CHECKING:  # kpi.py imports this module for its SUBCOMMANDS table
    from bot.listeners.commands.kpi import Request

MAX_ARGS = 200


async def kpi_history(req: Request) -> None:
    answer = await run_with_access(req.deps.store, req.deps.settings, req.user_id, history_for,
                                   who_text=req.args[:MAX_ARGS])
    if answer.problem is not None:
        await req.problem(answer.problem, "/kpi history @name")
        return
    lines = [(local_time(line.at, answer.timezone), line.text) for line in answer.lines]
    blocks = build_history_blocks(user_id=answer.user_id, lines=lines, tr=req.tr)
    await req.answer(blocks, req.tr.t("history.title", user=answer.user_id))
