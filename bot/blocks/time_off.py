"""`/kpi off` answers: a confirmation, or the days off listed one line per person."""

from __future__ import annotations

from collections.abc import Sequence

from bot.blocks.lines import line_sections
from bot.blocks.text import Block, context, section

MESSAGE_BLOCKS = 50


def build_time_off_blocks(*, text: str, lines: Sequence[str], hint: str) -> list[Block]:
    if not lines:
        return [section(text), context(hint)]
    blocks = line_sections([f"*{text}*", *lines])[: MESSAGE_BLOCKS - 1]
    return [*blocks, context(hint)]
