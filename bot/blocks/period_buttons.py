"""The row of period buttons (Today, This week, Last week, Month, Quarter) that `/mykpis` and
the team scorecard both show: the current choice is highlighted."""

from __future__ import annotations

from collections.abc import Callable

from bot.blocks.text import Block, button
from bot.i18n import Translator
from bot.kpi.periods import PERIOD_WORDS, PeriodChoice


def period_buttons(current: PeriodChoice, tr: Translator, *, action_id: str,
                   value: Callable[[str], str] = lambda token: token) -> list[Block]:
    """One button per period token; its action_id is `action_id:token` and its value
    `value(token)`, which the surface's listener reads back."""
    return [
        button(tr.t("choice." + token.replace(" ", "_")), action_id=f"{action_id}:{token}",
               value=value(token), style="primary" if token == current.token else None)
        for token in PERIOD_WORDS
    ]
