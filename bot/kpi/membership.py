"""Which team an SDR belonged to on a day: SPEC's "Team membership has history".

A spell says "from this date, an SDR of this team" (or of none). The spell in force on a day
is the latest that began on or before it; before a user's first spell, the first one reaches
back (a new member belongs to the team from their first activity or start date, whichever is
earlier, and nothing of theirs is older than that). A period is judged with the membership in
force on its last day, or today for a period still under way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot.kpi.periods import Period
from bot.kpi.spells import in_force


@dataclass(frozen=True)
class Spell:
    since: date
    team_id: int | None  # None: an SDR of no team from `since`


def judged_on(period: Period, today: date) -> date:
    """The day whose membership judges `period`: its last day, or today while under way."""
    return min(period.last_day, today)


def team_on(spells: Iterable[Spell], day: date) -> int | None:
    """The team a user was an SDR of on `day`; None for none (or no spells at all). Spells of
    one date apply in the order given (the later recorded wins)."""
    current = in_force(spells, day)
    return None if current is None else current.team_id


def sdrs_on(spells: Mapping[str, Sequence[Spell]], team_id: int, day: date) -> list[str]:
    """The users who were SDRs of `team_id` on `day`, by user id."""
    return sorted(user for user, mine in spells.items() if team_on(mine, day) == team_id)
