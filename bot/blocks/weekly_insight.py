"""The weekly post's lines for using the data: the finding of the week, and how many SDRs have
gone quiet. Pure."""

from __future__ import annotations

from bot.blocks.insights import finding_block
from bot.blocks.stale import stale_count_block
from bot.blocks.text import Block
from bot.i18n import Translator
from bot.insights.weekly import WeeklyInsight


def weekly_insight_blocks(insight: WeeklyInsight | None, tr: Translator) -> list[Block]:
    if insight is None:
        return []
    return [b for b in (finding_block(insight.finding, tr),
                        stale_count_block(insight.stale_count, threshold=insight.stale_days,
                                          tr=tr)) if b is not None]
