"""A scorecard's folded reads (storage/scorecard_reads.py, activity.sums_and_money) return
exactly what the separate query functions return, on SQLite and PostgreSQL: membership spells
(moves, leaving, a membership older than spells), days off, first activity, a team's SDRs on
a day, its currency history and the targets that can apply."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session

from bot.kpi.membership import sdrs_on, team_on
from bot.kpi.metrics import Metric
from storage import activity, people, scorecard_reads, targets
from storage.db import Store
from storage.models import (
    Activity,
    Member,
    Person,
    Target,
    Team,
    TeamCurrency,
    TeamSpell,
    TimeOff,
)

DAYS = [date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 15), date(2026, 12, 31)]


def _history(session: Session) -> tuple[int, int]:
    """Team one: Ann (moved from two), Bob (left), Cid (a member from before spells), Dee
    (joined late); team two: Eve. Currencies, targets, days off and activity besides."""
    one, two = Team(name="One", timezone="UTC"), Team(name="Two", timezone="UTC", currency="EUR")
    session.add_all([one, two])
    session.flush()
    assert one.id is not None and two.id is not None
    for user in ("UANN", "UBOB", "UCID", "UDEE", "UEVE"):
        session.add(Person(user_id=user))
    session.flush()
    session.add_all([
        Member(team_id=one.id, user_id="UANN", role="sdr"),
        Member(team_id=one.id, user_id="UCID", role="sdr"),
        Member(team_id=one.id, user_id="UDEE", role="sdr"),
        Member(team_id=two.id, user_id="UEVE", role="sdr"),
        Member(team_id=two.id, user_id="UANN", role="manager"),
        TeamSpell(user_id="UANN", team_id=two.id, since=date(2026, 1, 1)),
        TeamSpell(user_id="UANN", team_id=one.id, since=date(2026, 10, 1)),
        TeamSpell(user_id="UBOB", team_id=one.id, since=date(2026, 1, 1)),
        TeamSpell(user_id="UBOB", team_id=None, since=date(2026, 11, 1)),
        TeamSpell(user_id="UDEE", team_id=one.id, since=date(2026, 12, 1)),
        TeamSpell(user_id="UEVE", team_id=two.id, since=date(2026, 1, 1)),
        TeamCurrency(team_id=one.id, currency="USD", since=date(1970, 1, 1)),
        TeamCurrency(team_id=one.id, currency="NOK", since=date(2026, 11, 1)),
        TimeOff(user_id="UANN", day=date(2026, 11, 2)),
        TimeOff(user_id="UANN", day=date(2025, 1, 2)),
        Target(team_id=one.id, user_id=None, metric="calls", kind="week", value=50,
               effective_from=date(2026, 1, 1), set_by="UMGR"),
        Target(team_id=one.id, user_id="UANN", metric="calls", kind="week", value=60,
               effective_from=date(2026, 1, 1), set_by="UMGR"),
        Target(team_id=one.id, user_id="UANN", metric="pipeline", kind="month", value=9000,
               currency="NOK", effective_from=date(2026, 11, 1), set_by="UMGR"),
        Target(team_id=one.id, user_id="UBOB", metric="calls", kind="week", value=70,
               effective_from=date(2026, 1, 1), set_by="UMGR"),
    ])
    now = datetime(2026, 11, 20, tzinfo=UTC)
    for user, day, metric, quantity, currency, deleted in (
            ("UANN", date(2026, 3, 4), "calls", 3.0, None, now),  # undone: not the first
            ("UANN", date(2026, 5, 6), "calls", 4.0, None, None),
            ("UANN", date(2026, 11, 16), "pipeline", 1500.0, "NOK", None),
            ("UANN", date(2026, 11, 17), "pipeline", 200.0, "USD", None),
            ("UCID", date(2026, 11, 16), "calls", 7.0, None, None),
            ("UBOB", date(2026, 11, 16), "calls", 9.0, None, None)):
        session.add(Activity(entry_id=f"{user}{day}{metric}", user_id=user, day=day,
                             metric=metric, quantity=quantity, currency=currency,
                             created_by=user, deleted_at=deleted))
    session.commit()
    return one.id, two.id


def test_user_and_team_facts_are_the_separate_reads(any_store: Store) -> None:
    one, two = any_store.run_sync(_history)
    for user in ("UANN", "UBOB", "UCID", "UDEE", "UEVE", "UNOBODY"):
        mine = any_store.run_sync(scorecard_reads.user_facts, user_id=user,
                                  start=date(2025, 6, 1), end=date(2027, 1, 1))
        assert mine.spells == any_store.run_sync(people.spells, user_ids=[user])[user]
        assert mine.days_off == any_store.run_sync(people.days_off, user_id=user,
                                                   start=date(2025, 6, 1), end=date(2027, 1, 1))
        assert mine.first_activity == any_store.run_sync(
            activity.first_activity, user_ids=[user]).get(user)
        assert mine.version is not None  # the history's writes raised it
        for team in (one, two):
            theirs = any_store.run_sync(scorecard_reads.team_facts, team_id=team, user_id=user)
            for day in DAYS:
                assert team_on(mine.spells, day) == team_on(
                    any_store.run_sync(people.spells, user_ids=[user])[user], day)
                assert sdrs_on(theirs.spells, team, day) == any_store.run_sync(
                    people.team_sdr_ids_on, team_id=team, day=day)
            assert theirs.currency_spells == any_store.run_sync(
                people.currency_spells, team_ids=[team])[team]
            for currency in (None, "USD", "NOK"):
                assert targets.records_from(theirs.target_rows, currency) == [
                    record for record in any_store.run_sync(
                        targets.team_target_records, team_id=team, currency=currency)
                    if record.user_id in (user, None)]


def test_a_cards_sums_and_money_are_sum_parts_and_money_parts(any_store: Store) -> None:
    any_store.run_sync(_history)
    november, year = (date(2026, 11, 1), date(2026, 12, 1)), (date(2026, 1, 1), date(2027, 1, 1))
    cases: list[list[activity.Part]] = [
        [(["UANN"], november), (["UANN"], year), (["UANN", "UCID", "UBOB"], november)],
        [(["UANN"], november), ([], november)],  # a team with no SDRs that day
        [([], november)],
    ]
    for parts in cases:
        for currency in ("USD", "NOK"):
            sums, amounts = any_store.run_sync(activity.sums_and_money, parts=parts,
                                               currency=currency)
            assert sums == any_store.run_sync(activity.sum_parts, parts=parts,
                                              currency=currency)
            assert amounts == any_store.run_sync(activity.money_parts, parts=parts)
    sums, amounts = any_store.run_sync(activity.sums_and_money, parts=[(["UANN"], november)],
                                       currency="NOK")
    assert sums == [{Metric.PIPELINE: 1500.0}] and amounts == [{"NOK": 1500.0, "USD": 200.0}]
