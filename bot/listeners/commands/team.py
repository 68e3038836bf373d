"""`/kpi team [period] [team name]`: the team scorecard, ephemeral, for managers and admins."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.kpi.periods import PeriodChoice, parse_period_choice
from bot.kpi.words import all_words
from bot.services.team_view import team_answer

if TYPE_CHECKING:  # kpi.py imports this module for its SUBCOMMANDS table
    from bot.listeners.commands.kpi import Request

MAX_ARGS = 200


def max_period_words() -> int:
    """The most words a period phrase has in any language ("last week", "forrige uke")."""
    return max(len(phrase.split()) for phrase, _, _ in all_words().periods)


def split_period_and_team(text: str) -> tuple[PeriodChoice, str]:
    """The longest period words at the start or, failing that, at the end, and the rest as a
    team name.

    `last week Nordics` and `Nordics last week` -> (last week, "Nordics"); `Nordics` -> (this
    week, "Nordics"). Words that are neither come back as a team name, and an unknown team name
    is answered with the periods and teams there are.
    """
    words = text.split()
    longest = min(max_period_words(), len(words))
    for count in range(longest, 0, -1):
        if (choice := parse_period_choice(" ".join(words[:count]))) is not None:
            return choice, " ".join(words[count:])
    for count in range(longest, 0, -1):
        if (choice := parse_period_choice(" ".join(words[-count:]))) is not None:
            return choice, " ".join(words[:-count])
    choice = parse_period_choice("")
    assert choice is not None  # the empty period is this week
    return choice, " ".join(words)


async def kpi_team(req: Request) -> None:
    choice, team_name = split_period_and_team(req.args[:MAX_ARGS])
    answer = await req.deps.store.run(
        team_answer, settings=req.deps.settings, user_id=req.user_id, choice=choice,
        team_name=team_name or None, now=req.deps.now(),
    )
    await req.answer(answer.blocks, answer.text)
