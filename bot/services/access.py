"""Who may do what. Checked on the server at every step, whatever a payload claims."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Concatenate, ParamSpec, TypeVar

from bot.config import Settings
from storage import people
from storage.db import Store
from storage.models import Team
from storage.session import Session

T = TypeVar("T")
P = ParamSpec("P")


class NotAllowed(Exception):
    """The user may not manage any team, or not this one."""


@dataclass(frozen=True)
class Access:
    user_id: str
    is_admin: bool
    managed_team_ids: frozenset[int]

    @property
    def is_manager(self) -> bool:
        return self.is_admin or bool(self.managed_team_ids)


def access_for(session: Session, *, settings: Settings, user_id: str) -> Access:
    managed = people.managed_team_ids(session=session, user_id=user_id)
    return Access(user_id, user_id in settings.kpi_admin_ids, managed)


def manageable_teams(session: Session, *, access: Access) -> list[Team]:
    """Teams this user may manage, default team first."""
    return people.teams_in_order(
        session=session, team_ids=None if access.is_admin else access.managed_team_ids)


def with_access(session: Session, settings: Settings, user_id: str,
                use_case: Callable[Concatenate[Session, Access, P], T], /,
                *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a manager's use case with the user's access read in the same session: one trip
    to the database, and the check can never be skipped by the caller."""
    access = access_for(session, settings=settings, user_id=user_id)
    return use_case(session, access, *args, **kwargs)


async def run_with_access(store: Store, settings: Settings, user_id: str,
                          use_case: Callable[Concatenate[Session, Access, P], T], /,
                          *args: P.args, **kwargs: P.kwargs) -> T:
    """with_access in a database thread; every argument checked against the use case."""
    return await store.run(lambda session: with_access(session, settings, user_id, use_case,
                                                       *args, **kwargs))
