"""People, teams, targets and time off on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from bot.kpi.metrics import Metric
from bot.kpi.periods import PeriodKind
from bot.kpi.targets import TargetRecord
from storage import people, scorecard_reads, targets
from storage.db import Store
from storage.models import Member, Person, Target, Team, TimeOff


def members(store: Store) -> list[tuple[int, str, str]]:
    def fetch(session: Session) -> list[tuple[int, str, str]]:
        return sorted((m.team_id, m.user_id, m.role) for m in session.exec(select(Member)).all())

    return store.run_sync(fetch)


def add(store: Store, *objects: object) -> None:
    def write(session: Session) -> None:
        for obj in objects:
            session.add(obj)
        session.commit()

    store.run_sync(write)


def new_team(store: Store, name: str) -> int:
    def write(session: Session) -> int:
        team = Team(name=name, timezone="America/New_York")
        session.add(team)
        session.commit()
        assert team.id is not None
        return team.id

    return store.run_sync(write)


def default_team_id(store: Store) -> int:
    team = store.run_sync(people.default_team)
    assert team is not None and team.id is not None
    return team.id


def test_ensure_default_team_is_idempotent(any_store: Store) -> None:
    first = any_store.run_sync(people.ensure_default_team, timezone="UTC", channel_id=None)
    again = any_store.run_sync(people.ensure_default_team, timezone="UTC", channel_id=None)
    assert first.id == again.id == default_team_id(any_store)
    assert first.timezone == "Europe/Oslo"  # created once, from the first start's settings


def test_ensure_sdr_joins_the_default_team_once(any_store: Store) -> None:
    team_id = default_team_id(any_store)
    person, team = any_store.run_sync(people.ensure_sdr, user_id="U1")
    assert person.user_id == "U1" and team.id == team_id
    assert members(any_store) == [(team_id, "U1", "sdr")]
    for _ in range(3):
        person, team = any_store.run_sync(people.ensure_sdr, user_id="U1")
        assert team.id == team_id
    assert members(any_store) == [(team_id, "U1", "sdr")]
    assert any_store.run_sync(people.get_person, user_id="U1") is not None
    assert any_store.run_sync(people.team_sdr_ids, team_id=team_id) == ["U1"]


def test_ensure_sdr_keeps_someone_who_already_has_a_team(any_store: Store) -> None:
    north = new_team(any_store, "North")
    add(any_store, Person(user_id="U2"))
    add(any_store, Member(team_id=north, user_id="U2", role="sdr"))
    _, team = any_store.run_sync(people.ensure_sdr, user_id="U2")
    assert team.id == north and team.name == "North"
    assert members(any_store) == [(north, "U2", "sdr")]


def test_home_team_prefers_sdr_membership(any_store: Store) -> None:
    north = new_team(any_store, "North")
    south = new_team(any_store, "South")
    add(any_store, Person(user_id="U3"))
    add(any_store, Member(team_id=north, user_id="U3", role="manager"),
        Member(team_id=south, user_id="U3", role="sdr"))
    team = any_store.run_sync(people.home_team, user_id="U3")
    assert team is not None and team.id == south
    assert any_store.run_sync(people.home_team, user_id="U404") is None


def _user_targets(store: Store, *, team_id: int, user_id: str) -> list[TargetRecord]:
    facts = store.run_sync(scorecard_reads.team_facts, team_id=team_id, user_id=user_id)
    return targets.records_from(facts.target_rows, None)


def test_target_records_returns_individual_and_team_rows(any_store: Store) -> None:
    team_id = default_team_id(any_store)
    north = new_team(any_store, "North")
    since = date(2026, 11, 2)
    add(
        any_store,
        Target(team_id=team_id, user_id=None, metric="calls", kind="week", value=100,
               effective_from=since, set_by="U0ADMIN"),
        Target(team_id=team_id, user_id="U1", metric="calls", kind="week", value=80,
               effective_from=since, set_by="U0ADMIN"),
        Target(team_id=team_id, user_id="U1", metric="pipeline", kind="month", value=50_000.5,
               effective_from=date(2026, 12, 1), set_by="U0ADMIN"),  # a future one too
        Target(team_id=team_id, user_id="U2", metric="calls", kind="week", value=120,
               effective_from=since, set_by="U0ADMIN"),
        Target(team_id=north, user_id=None, metric="calls", kind="week", value=999,
               effective_from=since, set_by="U0ADMIN"),
    )
    records = _user_targets(any_store, team_id=team_id, user_id="U1")
    assert sorted(records, key=lambda r: (r.metric, r.value)) == [
        TargetRecord(Metric.CALLS, PeriodKind.WEEK, 80, since, "U1"),
        TargetRecord(Metric.CALLS, PeriodKind.WEEK, 100, since, None),
        TargetRecord(Metric.PIPELINE, PeriodKind.MONTH, 50_000.5, date(2026, 12, 1), "U1"),
    ]
    assert all(isinstance(r.metric, Metric) and isinstance(r.kind, PeriodKind) for r in records)
    nobody = _user_targets(any_store, team_id=team_id, user_id="U9")
    assert [(r.value, r.user_id) for r in nobody] == [(100, None)]
    assert _user_targets(any_store, team_id=north + 1, user_id="U1") == []


def test_days_off(any_store: Store) -> None:
    add(any_store, *(TimeOff(user_id="U1", day=date(2026, 11, day)) for day in (20, 23, 24, 30)),
        TimeOff(user_id="U2", day=date(2026, 11, 25)))
    week = {"start": date(2026, 11, 23), "end": date(2026, 11, 30)}
    assert any_store.run_sync(people.days_off, user_id="U1", **week) == {
        date(2026, 11, 23), date(2026, 11, 24),
    }
    assert any_store.run_sync(people.days_off, user_id="U2", **week) == {date(2026, 11, 25)}
    assert any_store.run_sync(people.days_off, user_id="U3", **week) == set()


FIELDS = people.TeamFields(name="Nordics", channel_id="C0NORD", timezone="Europe/Oslo",
                           currency="NOK", workdays="0,1,2,3", scorecard_weekday=4,
                           scorecard_time="15:30", nudge_schedule="1@13:00",
                           leaderboard_size=3, stretch_pct=20)


def test_save_team_creates_moves_sdrs_and_audits_in_one_go(any_store: Store) -> None:
    old = new_team(any_store, "Old")
    add(any_store, Person(user_id="U1"))
    add(any_store, Member(team_id=old, user_id="U1", role="sdr"))
    team = any_store.run_sync(people.save_team, team_id=None, fields=FIELDS,
                              managers=["UMGR"], members=["U1", "U2"], actor_id="U0ADMIN")
    assert team.id is not None and (team.name, team.workdays) == ("Nordics", "0,1,2,3")
    assert members(any_store) == sorted([(team.id, "UMGR", "manager"), (team.id, "U1", "sdr"),
                                         (team.id, "U2", "sdr")])
    # U1 left the old team: an SDR belongs to one team
    assert sorted(any_store.run_sync(people.sdrs_in_other_teams, user_ids=["U1", "U2"],
                                     team_id=old)) == ["U1", "U2"]
    assert any_store.run_sync(people.sdrs_in_other_teams, user_ids=["U1", "U9"],
                              team_id=team.id) == []
    assert any_store.run_sync(people.team_member_ids, team_id=team.id, role="manager") == [
        "UMGR"]
    assert any_store.run_sync(people.team_named, name="Nordics") is not None
    assert any_store.run_sync(people.managed_team_ids, user_id="UMGR") == {team.id}


def test_teams_in_order_default_first_then_by_name(any_store: Store) -> None:
    zulu, alpha = new_team(any_store, "Zulu"), new_team(any_store, "Alpha")
    everyone = any_store.run_sync(people.teams_in_order, team_ids=None)
    assert [t.name for t in everyone] == ["Default team", "Alpha", "Zulu"]
    assert [t.id for t in any_store.run_sync(people.teams_in_order, team_ids={zulu, alpha})
            ] == [alpha, zulu]
    assert any_store.run_sync(people.teams_in_order, team_ids=set()) == []
