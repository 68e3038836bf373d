"""`/kpi off <date>[..<date>] [@sdr]`, `/kpi off list`, `/kpi off cancel <dates>`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.blocks.time_off import build_time_off_blocks
from bot.services.access import run_with_access
from bot.services.time_off import time_off_for

if TYPE_CHECKING:  # kpi.py imports this module for its SUBCOMMANDS table
    from bot.listeners.commands.kpi import Request

EXAMPLE = "/kpi off 2026-12-21..2026-12-31"
MAX_ARGS = 200


async def kpi_off(req: Request) -> None:
    answer = await run_with_access(req.deps.store, req.deps.settings, req.user_id, time_off_for,
                                   args=req.args[:MAX_ARGS], now=req.deps.now())
    if answer.problem is not None:
        await req.problem(answer.problem, EXAMPLE)
        return
    blocks = build_time_off_blocks(text=answer.text, lines=answer.lines,
                                   hint=answer.tr.t("off.hint"))
    await req.answer(blocks, answer.text)
