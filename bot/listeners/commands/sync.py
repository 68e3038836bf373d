"""`/kpi sync`: the admins' view of the CRM sync (last run, counts, next run)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.blocks.crm_sync import build_crm_sync_blocks, crm_sync_text
from bot.services.crm_status import crm_overview

if TYPE_CHECKING:  # kpi.py imports this module for its SUBCOMMANDS table
    from bot.listeners.commands.kpi import Request


async def kpi_sync(req: Request) -> None:
    statuses = await req.deps.store.run(crm_overview, settings=req.deps.settings,
                                        user_id=req.user_id, now=req.deps.now())
    if statuses is None:
        await req.problem(req.tr.t("crmsync.only_admins"), "/kpi help")
        return
    await req.answer(build_crm_sync_blocks(statuses=statuses, tr=req.tr),
                     crm_sync_text(statuses=statuses, tr=req.tr))
