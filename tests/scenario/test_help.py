"""`/kpi help` lists every `/kpi` subcommand there is, in every language: the list comes
from the SUBCOMMANDS table, so a new subcommand cannot go unlisted."""

from __future__ import annotations

import pytest

from bot.console.harness import Harness
from bot.i18n import LANGUAGES, catalogue
from bot.listeners.commands.kpi import SUBCOMMANDS
from tests.scenario.support import SDR, text_of


async def test_help_lists_every_subcommand(harness: Harness) -> None:
    answer = await harness.command(SDR, "/kpi", "help")
    assert answer is not None and answer["response_type"] == "ephemeral"
    shown = text_of(answer["blocks"])
    assert [name for name in SUBCOMMANDS if f"/kpi {name}" not in shown] == []
    assert "/kpi export" in shown and "/kpi history" in shown  # the two once left out
    assert "/mykpis" in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_subcommand_has_its_help_line(language: str) -> None:
    words = catalogue(language)
    for name in SUBCOMMANDS:
        assert words.get(f"help.{name}", "").startswith(f"*`/kpi {name}"), (language, name)
