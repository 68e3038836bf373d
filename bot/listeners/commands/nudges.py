"""`/kpi nudges on|off`: an SDR opts out of goal nudges, or back in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.blocks.text import section
from bot.kpi.words import all_words
from bot.services.profiles import nudges_enabled, set_nudges_enabled

if TYPE_CHECKING:  # kpi.py imports this module for its SUBCOMMANDS table
    from bot.listeners.commands.kpi import Request

# Every language's words for on and off (bot/i18n/words/<language>.json).
ON_WORDS = frozenset(all_words().on)
OFF_WORDS = frozenset(all_words().off)


async def kpi_nudges(req: Request) -> None:
    word = req.args.strip().lower()
    if word in ON_WORDS or word in OFF_WORDS:
        enabled = word in ON_WORDS
        await req.deps.store.run(set_nudges_enabled, user_id=req.user_id, enabled=enabled)
        key = "nudge.cmd_on" if enabled else "nudge.cmd_off"
    elif not word:
        on = await req.deps.store.run(nudges_enabled, user_id=req.user_id)
        key = "nudge.cmd_status_on" if on else "nudge.cmd_status_off"
    else:
        await req.problem(req.tr.t("nudge.cmd_usage"), "/kpi nudges off")
        return
    text = req.tr.t(key)
    await req.answer([section(text)], text)
