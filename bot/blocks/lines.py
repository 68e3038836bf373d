"""Lines of mrkdwn packed into as few sections as Slack's text limit allows."""

from __future__ import annotations

from collections.abc import Iterable

from bot.blocks.text import SECTION_TEXT_LIMIT, Block, section


def line_sections(lines: Iterable[str]) -> list[Block]:
    blocks: list[Block] = []
    chunk = ""
    for line in lines:
        line = line[:SECTION_TEXT_LIMIT]
        if chunk and len(chunk) + 1 + len(line) > SECTION_TEXT_LIMIT:
            blocks.append(section(chunk))
            chunk = ""
        chunk = f"{chunk}\n{line}" if chunk else line
    if chunk:
        blocks.append(section(chunk))
    return blocks
