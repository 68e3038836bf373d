"""Typed period words come from the per-language words files (bot/i18n/words/), nowhere else:
`/kpi team` and `/kpi export` read as many leading words as the longest phrase has."""

from __future__ import annotations

import pytest

import bot.kpi.periods
import bot.listeners.commands.team
from bot.kpi.periods import PeriodKind
from bot.kpi.words import Words, all_words
from bot.listeners.commands.team import split_period_and_team


def test_a_three_word_period_phrase_is_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    # a language whose "the week before last" is three words: no constant to update by hand
    longer = all_words().merged(Words(periods=(("uka før forrige", "week", 2),)))
    for module in (bot.kpi.periods, bot.listeners.commands.team):
        monkeypatch.setattr(module, "all_words", lambda: longer)
    choice, team = split_period_and_team("uka før forrige Nordics")
    assert (choice.kind, choice.back, team) == (PeriodKind.WEEK, 2, "Nordics")
    choice, team = split_period_and_team("last week Nordics")
    assert (choice.kind, choice.back, team) == (PeriodKind.WEEK, 1, "Nordics")
