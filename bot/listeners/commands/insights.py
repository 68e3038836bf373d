"""`/kpi insights [period] [team|@sdr]`: for managers, ephemeral."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.listeners.commands.review import upload_chart
from bot.services.access import run_with_access
from bot.services.insights_view import insights_for

if TYPE_CHECKING:  # kpi.py imports this module for its SUBCOMMANDS table
    from bot.listeners.commands.kpi import Request

MAX_ARGS = 200


async def kpi_insights(req: Request) -> None:
    await req.defer()  # statistics over the team, and scipy imported on first use
    answer = await run_with_access(req.deps.store, req.deps.settings, req.user_id, insights_for,
                                   args=req.args[:MAX_ARGS], now=req.deps.now())
    if answer.problem is not None:
        await req.problem(answer.problem, "/kpi insights last month")
        return
    await req.answer(list(answer.blocks), answer.text)
    if answer.chart is not None:  # the 12-week trend, as a picture in the requester's DM
        await upload_chart(req, answer.chart, filename=answer.filename, comment=answer.text)
