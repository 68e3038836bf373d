"""A team's totals, kept per database against the data's version: read once for all its
members, and read again after any write (issue 14: a scorecard computed afresh is cheaper).
Through the real app, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.config import Settings
from bot.console.harness import Harness
from bot.console.local_slack import LocalSlack
from bot.deps import Deps
from bot.services import team_totals_cache
from storage import people
from storage.db import Store
from storage.models import Member, Person
from tests.conftest import Clock
from tests.scenario.support import text_of

ANN, BOB = "U0ANN", "U0BOB"


@pytest.fixture
def two_sdrs(any_store: Store) -> Iterator[Store]:
    def setup(session: Session) -> None:
        team = people.default_team(session=session)
        assert team is not None and team.id is not None
        session.add_all([Person(user_id=ANN, locale="en-US"), Person(user_id=BOB,
                                                                     locale="en-US")])
        session.flush()
        session.add_all([Member(team_id=team.id, user_id=ANN, role="sdr"),
                         Member(team_id=team.id, user_id=BOB, role="sdr")])
        session.commit()

    any_store.run_sync(setup)
    yield any_store


def _engine(session: Session) -> Engine:
    return session.get_bind().engine


async def _card(harness: Harness, user: str, text: str = "") -> str:
    answer = await harness.command(user, "/mykpis", text)
    assert answer is not None
    return text_of(answer["blocks"])


async def test_a_teams_totals_are_read_once_and_again_after_a_write(
        two_sdrs: Store, settings: Settings, slack: LocalSlack, clock: Clock) -> None:
    harness = Harness(Deps(settings, two_sdrs, now=clock), slack)
    # the cache of the engine /mykpis reads on (Store.read's, on the event loop)
    cache = team_totals_cache.for_engine(await two_sdrs.read(_engine))
    await harness.command(ANN, "/kpi", "log 4 calls")
    await harness.command(BOB, "/kpi", "log 6 calls")
    misses, hits = cache.misses, cache.hits
    assert "team avg 5" in await _card(harness, ANN)
    assert "team avg 5" in await _card(harness, BOB)  # the same team, period and version
    assert cache.misses <= misses + 1 and cache.hits >= hits + 1  # read once at most

    await harness.command(BOB, "/kpi", "log 10 calls")  # raises the version
    assert "team avg 10" in await _card(harness, ANN)
    await harness.command(BOB, "/kpi", "undo")
    assert "team avg 5" in await _card(harness, ANN)
    assert "team avg 5" in await _card(harness, BOB, "week")


def test_another_database_is_not_served(store: Store) -> None:
    """Two engines never share entries, even where their versions and ids agree."""
    assert team_totals_cache.for_engine(store.engine) is team_totals_cache.for_engine(
        store.engine)
    other = Store.from_url("sqlite://")
    try:
        assert team_totals_cache.for_engine(other.engine) is not team_totals_cache.for_engine(
            store.engine)
    finally:
        other.dispose()


def test_the_cache_is_bounded() -> None:
    cache = team_totals_cache.TeamTotalsCache(size=2)
    keys = [cache.key(version=v, team_id=1, sdrs=["U1"],
                      span=(date(2026, 11, 1), date(2026, 12, 1)), currency="USD")
            for v in range(3)]
    for key in keys:
        cache.keep(key, {})
    assert len(cache) == 2 and cache.get(keys[0]) is None and cache.get(keys[2]) == {}
