"""Teams, people, activity and targets written straight into storage, for team and Home tests."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlmodel import Session, col, select

from bot.kpi.metrics import Metric
from storage import activity as activity_store
from storage import people
from storage.db import Store
from storage.models import Member, Person, Target, Team

MONDAY = date(2026, 11, 23)  # the week of the fixed clock (Friday 27 November 2026)
LAST_MONDAY = date(2026, 11, 16)


def _team(session: Session, *, name: str, default: bool) -> int:
    if default:
        team = people.default_team(session=session)
        assert team is not None
        if team.name != name:
            team.name = name
            session.add(team)
            session.commit()
    else:
        team = session.exec(select(Team).where(Team.name == name)).first()
        if team is None:
            team = Team(name=name, timezone="Europe/Oslo")
            session.add(team)
            session.commit()
    assert team.id is not None
    return team.id


def team(store: Store, name: str, *, default: bool = False) -> int:
    """A team's id; `default` renames the default team the fixtures created."""
    return store.run_sync(_team, name=name, default=default)


def _member(session: Session, *, team_id: int, user_id: str, role: str, name: str | None,
            locale: str | None) -> None:
    person = session.get(Person, user_id) or Person(user_id=user_id)
    person.name = name
    person.locale = locale
    session.add(person)
    session.commit()
    found = session.get(Member, (team_id, user_id))
    if found is None:
        session.add(Member(team_id=team_id, user_id=user_id, role=role))
    else:
        found.role = role
        session.add(found)
    session.commit()


def member(store: Store, team_id: int, user_id: str, *, role: str = "sdr",
           name: str | None = None, locale: str | None = None) -> None:
    store.run_sync(_member, team_id=team_id, user_id=user_id, role=role, name=name,
                   locale=locale)


def activity(store: Store, user_id: str, day: date, quantities: Mapping[Metric, float]) -> None:
    store.run_sync(activity_store.insert_entry, user_id=user_id, day=day, quantities=quantities,
                   source=None, note=None, origin="demo", actor_id=user_id)


def _targets(session: Session, *, team_id: int, user_id: str | None,
             values: Mapping[Metric, float], kind: str, effective_from: date) -> None:
    for metric, value in values.items():
        session.add(Target(team_id=team_id, user_id=user_id, metric=metric.value, kind=kind,
                           value=value, effective_from=effective_from, set_by="U0MGR1"))
    session.commit()


def targets(store: Store, team_id: int, values: Mapping[Metric, float], *,
            user_id: str | None = None, kind: str = "week",
            effective_from: date = date(2026, 1, 5)) -> None:
    """Targets in force long before the clock; `user_id` None sets the team default."""
    store.run_sync(_targets, team_id=team_id, user_id=user_id, values=values, kind=kind,
                   effective_from=effective_from)


def _member_ids(session: Session, *, team_id: int) -> list[str]:
    return list(session.exec(select(Member.user_id).where(Member.team_id == team_id)
                             .order_by(col(Member.user_id))).all())


def member_ids(store: Store, team_id: int) -> list[str]:
    return store.run_sync(_member_ids, team_id=team_id)
