"""Two teams with a manager and SDRs each, plus an admin (U0ADMIN, from the settings fixture)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from storage import people
from storage.db import Store
from storage.models import Member, Person, Team
from tests.slack_contract import checked_harness

__all__ = ["checked_harness", "org"]


@dataclass(frozen=True)
class Org:
    team_a: int
    team_b: int
    manager_a: str = "U0MGRA"
    manager_b: str = "U0MGRB"
    sdr_a: str = "U0SDRA1"
    sdr_a2: str = "U0SDRA2"
    sdr_b: str = "U0SDRB1"
    admin: str = "U0ADMIN"


def _setup(session: object) -> Org:
    from sqlmodel import Session

    assert isinstance(session, Session)
    team_a = people.default_team(session=session)
    assert team_a is not None and team_a.id is not None
    team_b = Team(name="Nordics", timezone="Europe/Oslo", channel_id="C0NORDICS")
    session.add(team_b)
    session.commit()
    assert team_b.id is not None
    org = Org(team_a=team_a.id, team_b=team_b.id)
    rows = [
        (org.team_a, org.manager_a, "manager"), (org.team_a, org.sdr_a, "sdr"),
        (org.team_a, org.sdr_a2, "sdr"), (org.team_b, org.manager_b, "manager"),
        (org.team_b, org.sdr_b, "sdr"),
    ]
    for _, user_id, _ in rows:
        session.add(Person(user_id=user_id, name=user_id.title(), locale="en-US"))
    session.add(Person(user_id=org.admin, name="Admin", locale="en-US"))
    session.flush()  # people before memberships: the foreign key wants them first
    for team_id, user_id, role in rows:
        session.add(Member(team_id=team_id, user_id=user_id, role=role))
    session.commit()
    return org


@pytest.fixture
def org(store: Store) -> Org:
    return store.run_sync(_setup)
