"""`/kpi export [period] [team]`: the CSV goes to the requester's DM as a file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.blocks.text import section
from bot.listeners.commands.team import split_period_and_team
from bot.services.access import run_with_access
from bot.services.export_view import export_for

if TYPE_CHECKING:  # kpi.py imports this module for its SUBCOMMANDS table
    from bot.listeners.commands.kpi import Request

MAX_ARGS = 200


async def kpi_export(req: Request) -> None:
    choice, team_name = split_period_and_team(req.args[:MAX_ARGS])
    answer = await run_with_access(req.deps.store, req.deps.settings, req.user_id, export_for,
                                   choice=choice, team_name=team_name or None,
                                   now=req.deps.now())
    if answer.problem is not None:
        await req.problem(answer.problem, "/kpi export last month")
        return
    text = req.tr.t("export.sent", rows=answer.rows, scope=answer.scope, period=answer.period)
    await req.answer([section(text)], text)
    await req.send_file_to_dm(answer.content, filename=answer.filename, title=answer.filename,
                              comment=req.tr.t("export.comment", scope=answer.scope,
                                               period=answer.period))
