"""The blocks of `/kpi history @sdr`: a header and the events, newest first."""

from __future__ import annotations

from collections.abc import Sequence

from bot.blocks.text import Block, context, section
from bot.i18n import Translator

SECTION_BUDGET = 2900  # under a section's 3000 characters, with room for a line's break


def build_history_blocks(*, user_id: str, lines: Sequence[tuple[str, str]], tr: Translator
                         ) -> list[Block]:
    """`lines` are (local time, description) pairs."""
    if not lines:
        return [section(tr.t("history.none", user=user_id))]
    blocks: list[Block] = [section(f"*{tr.t('history.title', user=user_id)}*")]
    chunk = ""
    for when, text in lines:
        line = f"`{when}`  {text}\n"
        if len(chunk) + len(line) > SECTION_BUDGET:
            blocks.append(section(chunk))
            chunk = ""
        chunk += line[:SECTION_BUDGET]
    if chunk:
        blocks.append(section(chunk))
    blocks.append(context(tr.t("history.audit_hint")))
    return blocks[:50]
