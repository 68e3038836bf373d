"""Who someone is to the bot: their team, its settings, and how to talk to them."""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n import Translator
from bot.kpi.periods import MONDAY_TO_FRIDAY
from storage import people
from storage.models import Person, Team
from storage.session import Session


@dataclass(frozen=True)
class Viewer:
    """A user with the team their numbers belong to (the default team if none yet)."""

    user_id: str
    person: Person | None
    team: Team

    @property
    def tr(self) -> Translator:
        return Translator(self.person.locale if self.person else None, self.team.currency)

    @property
    def workdays(self) -> frozenset[int]:
        return team_workdays(self.team)


def team_workdays(team: Team) -> frozenset[int]:
    try:
        days = frozenset(int(d) for d in team.workdays.split(",") if d.strip())
    except ValueError:
        return MONDAY_TO_FRIDAY
    return days or MONDAY_TO_FRIDAY


def viewer(session: Session, *, user_id: str) -> Viewer:
    team, person = people.home_team_and_person(session=session, user_id=user_id)
    team = team or people.default_team(session=session)
    if team is None:
        raise LookupError("no default team: the bot has not been started against this database")
    return Viewer(user_id, person, team)
