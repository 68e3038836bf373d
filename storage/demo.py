"""The demo team's rows: what `kpibot demo-data` reads and writes, and nothing else.

The demo is recognised by its own marks: activity with the demo origin, users whose ID starts
with the demo prefix, the demo manager, and targets that manager set.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, func, insert
from sqlmodel import Session, SQLModel, col, select

from storage import people
from storage.models import Activity, AuditEvent, Member, Person, Target, Team, TimeOff

_ACTIVITY_TABLE = SQLModel.metadata.tables["activity"]


@dataclass(frozen=True)
class DemoMarks:
    """How demo rows are told apart from real ones."""

    origin: str
    sdr_prefix: str
    manager_id: str

    def is_demo_user(self, user_id: str) -> bool:
        return user_id == self.manager_id or user_id.startswith(self.sdr_prefix)


@dataclass(frozen=True)
class DemoPerson:
    name: str
    email: str
    locale: str
    start_date: date | None
    role: str  # "sdr" or "manager"


@dataclass(frozen=True)
class RealData:
    """What the database holds besides the demo."""

    people: int
    entries: int

    @property
    def empty(self) -> bool:
        return not self.people and not self.entries


def real_data(session: Session, *, marks: DemoMarks) -> RealData:
    people = session.exec(select(Person.user_id)).all()
    entries = session.exec(select(func.count()).select_from(Activity).where(
        col(Activity.origin) != marks.origin)).one()
    return RealData(people=sum(not marks.is_demo_user(p) for p in people), entries=int(entries))


def demo_team(session: Session) -> Team:
    return people.default_team(session=session) or people.ensure_default_team(
        session=session, timezone="UTC", channel_id=None)


def clear_demo(session: Session, *, team_id: int, marks: DemoMarks) -> None:
    """The previous demo's activity, targets and time off: running the demo again replaces it."""
    session.exec(delete(Activity).where(col(Activity.origin) == marks.origin))
    session.exec(delete(Target).where(col(Target.team_id) == team_id,
                                      col(Target.set_by) == marks.manager_id))
    session.exec(delete(TimeOff).where(col(TimeOff.user_id).startswith(marks.sdr_prefix)))


def save_demo_people(session: Session, *, team_id: int, people: Mapping[str, DemoPerson],
                     marks: DemoMarks) -> None:
    """Persons and memberships for the demo users, updated in place when they exist; demo SDRs
    of an earlier, bigger demo leave the team."""
    existing = {p.user_id: p for p in session.exec(
        select(Person).where(col(Person.user_id).in_(list(people)))).all()}
    members = {m.user_id: m for m in session.exec(
        select(Member).where(Member.team_id == team_id)).all()}
    for user_id, wanted in people.items():
        person = existing.get(user_id) or Person(user_id=user_id)
        person.name, person.email, person.locale = wanted.name, wanted.email, wanted.locale
        person.start_date = wanted.start_date
        session.add(person)
    session.flush()  # no ORM relationships: persons must exist before their memberships
    for user_id, wanted in people.items():
        member = members.get(user_id)
        if member is None:
            session.add(Member(team_id=team_id, user_id=user_id, role=wanted.role))
        elif member.role != wanted.role:
            member.role = wanted.role
            session.add(member)
    for user_id, member in members.items():
        if user_id.startswith(marks.sdr_prefix) and user_id not in people:
            session.delete(member)
    session.flush()


def insert_activity_rows(session: Session, *, rows: Sequence[Mapping[str, Any]]) -> None:
    """A Core insert: one executemany, where the ORM path runs a statement per row."""
    if rows:
        session.exec(insert(_ACTIVITY_TABLE), params=list(rows))


def save_demo_history(session: Session, *, time_off: Iterable[tuple[str, date]],
                      targets: Iterable[Target], audit: AuditEvent) -> None:
    """Time off, targets and the audit line of one demo run; commits the run."""
    session.add_all(TimeOff(user_id=user_id, day=day) for user_id, day in time_off)
    session.add_all(targets)
    session.add(audit)
    session.commit()
