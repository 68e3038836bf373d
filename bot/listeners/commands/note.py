"""`/kpi note <text> [date] [team:<name>|@sdr]`: for managers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.blocks.text import section
from bot.services.access import run_with_access
from bot.services.notes import note_for

if TYPE_CHECKING:  # kpi.py imports this module for its SUBCOMMANDS table
    from bot.listeners.commands.kpi import Request

EXAMPLE = "/kpi note new call script 2026-11-02"


async def kpi_note(req: Request) -> None:
    answer = await run_with_access(req.deps.store, req.deps.settings, req.user_id, note_for,
                                   args=req.args, now=req.deps.now())
    if answer.problem is not None:
        await req.problem(answer.problem, EXAMPLE)
        return
    await req.answer([section(answer.text)], answer.text)
