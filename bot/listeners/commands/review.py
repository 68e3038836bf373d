"""`/kpi review @sdr [month]`: the 1:1 pack, ephemeral, and its trend chart as a PNG in the
requester's DM."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from bot.services.access import run_with_access
from bot.services.review_view import review_for
from bot.trend_chart import TrendChart, render_trend_png, trend_alt_text

if TYPE_CHECKING:  # kpi.py imports this module for its SUBCOMMANDS table
    from bot.listeners.commands.kpi import Request

EXAMPLE = "/kpi review @anna last month"
MAX_ARGS = 200


async def kpi_review(req: Request) -> None:
    await req.defer()  # the review reads and tests a month of the whole team
    answer = await run_with_access(req.deps.store, req.deps.settings, req.user_id, review_for,
                                   args=req.args[:MAX_ARGS], now=req.deps.now())
    if answer.problem is not None or answer.chart is None:
        await req.problem(answer.problem or "", EXAMPLE)
        return
    await req.answer(list(answer.blocks), answer.text)
    await upload_chart(req, answer.chart, filename=answer.filename, comment=answer.text)


async def upload_chart(req: Request, chart: TrendChart, *, filename: str, comment: str) -> None:
    """Draw the chart in a worker thread (CPU-bound) and upload it to the requester's DM."""
    png = await asyncio.to_thread(render_trend_png, chart)
    await req.send_file_to_dm(png, filename=filename, title=chart.title, comment=comment,
                              alt_text=trend_alt_text(chart))
