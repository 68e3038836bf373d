"""Whose numbers a manager's insight command reads: one of their teams, or one SDR of it.

Authorised here from the database on every request: a team or an SDR the user does not manage
is refused with nothing of theirs shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.blocks.text import escape, escape_code
from bot.i18n import Translator
from bot.services.access import Access, manageable_teams
from storage import people
from storage.models import Team
from storage.session import Session

MENTION = re.compile(r"<@([UW][A-Z0-9]{2,30})(?:\|[^>]*)?>")
MAX_LISTED_TEAMS = 10


def split_mention(text: str) -> tuple[str | None, str, int]:
    """The first user mention in `text`, the text without any mention, and how many there were."""
    found = MENTION.findall(text)
    rest = " ".join(MENTION.sub(" ", text).split())
    return (found[0] if found else None), rest, len(found)


@dataclass(frozen=True)
class Scope:
    team: Team
    user_ids: list[str]  # the team's SDRs, or the one SDR asked for
    sdr_id: str | None = None

    @property
    def team_id(self) -> int:
        assert self.team.id is not None
        return self.team.id


def resolve_scope(session: Session, access: Access, tr: Translator, *, team_name: str | None,
                  sdr_id: str | None) -> Scope | str:
    """The scope asked for, or the problem to answer with (a translated text)."""
    teams = [t for t in manageable_teams(session=session, access=access) if t.id is not None]
    if not teams:
        return tr.t("insights.only_managers")
    if sdr_id is not None:
        for team in teams:
            assert team.id is not None
            if sdr_id in people.team_sdr_ids(session=session, team_id=team.id):
                return Scope(team, [sdr_id], sdr_id)
        return tr.t("insights.not_your_sdr", user=f"<@{sdr_id}>")
    team = teams[0]
    if team_name:
        wanted = " ".join(team_name.split()).casefold()
        picked = next((t for t in teams if " ".join(t.name.split()).casefold() == wanted), None)
        if picked is None:
            names = ", ".join(f"`{escape_code(t.name)}`" for t in teams[:MAX_LISTED_TEAMS])
            return tr.t("insights.unknown_team", name=escape(team_name[:80]), teams=names)
        team = picked
    assert team.id is not None
    return Scope(team, people.team_sdr_ids(session=session, team_id=team.id))
