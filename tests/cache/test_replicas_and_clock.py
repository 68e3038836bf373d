"""The scorecard cache between replicas and across midnight, and the data's version itself:
raised by every transaction that writes, whatever way it writes, and by nothing else."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest
from slack_sdk.models.blocks import Block
from sqlmodel import Session

from bot.config import Settings
from bot.console.harness import Harness
from bot.console.local_slack import LocalSlack
from bot.deps import Deps
from bot.services.profiles import save_profile
from storage.db import Store
from storage.imports import ActivityWriter
from storage.models import Person, Team
from storage.versions import data_version, note_write
from tests.conftest import Clock
from tests.scenario.support import text_of

SDR = "U0SDR1"


async def _card(harness: Harness, text: str = "") -> str:
    answer = await harness.command(SDR, "/mykpis", text)
    assert answer is not None
    return text_of(answer["blocks"])


def _replica(store: Store) -> Store:
    """Another process's Store on the same database: engines, pools and caches of its own."""
    return Store.from_url(store.engine.url.render_as_string(hide_password=False))


@pytest.fixture
async def replicas(any_store: Store, settings: Settings, slack: LocalSlack, clock: Clock
                   ) -> AsyncIterator[tuple[Harness, Harness]]:
    other = _replica(any_store)
    yield (Harness(Deps(settings, any_store, now=clock), slack),
           Harness(Deps(settings, other, now=clock), slack))
    other.dispose()


async def test_a_write_through_one_replica_shows_on_the_other(
        replicas: tuple[Harness, Harness]) -> None:
    one, two = replicas
    await one.command(SDR, "/kpi", "log 5 calls")
    assert "*Calls*   *5*" in await _card(two)
    hits = two.deps.scorecards.hits
    assert "*Calls*   *5*" in await _card(two)
    assert two.deps.scorecards.hits == hits + 1  # answered from replica two's cache

    await one.command(SDR, "/kpi", "log 7 calls")  # replica one writes
    assert "*Calls*   *12*" in await _card(two)  # replica two sees it at once
    await two.command(SDR, "/kpi", "undo")  # and the other way round
    assert "*Calls*   *5*" in await _card(one)


async def test_a_cached_answer_is_the_same_ephemeral_message(harness: Harness) -> None:
    await harness.command(SDR, "/kpi", "log 5 calls")
    fresh = await harness.command(SDR, "/mykpis", "month")
    hits = harness.deps.scorecards.hits
    cached = await harness.command(SDR, "/mykpis", "month")
    assert harness.deps.scorecards.hits == hits + 1
    assert cached == fresh and cached is not None
    assert cached["response_type"] == "ephemeral" and "November 2026" in cached["text"]
    assert [b.to_dict() for b in Block.parse_all(cached["blocks"])] == cached["blocks"]


async def test_a_cached_today_is_not_shown_tomorrow(harness: Harness, clock: Clock) -> None:
    await harness.command(SDR, "/kpi", "log 5 calls")
    assert "*Calls*   *5*" in await _card(harness, "today")
    clock.current += timedelta(days=1)  # Saturday: nothing logged, no write in between
    saturday = await _card(harness, "today")
    assert "*Calls*   *5*" not in saturday and "Nov 28" in saturday


def _version(store: Store) -> int | None:
    return store.run_sync(data_version)


def test_every_kind_of_write_raises_the_version_and_a_read_does_not(any_store: Store) -> None:
    store = any_store
    start = _version(store)
    assert start is not None

    def orm(session: Session) -> None:
        session.add(Person(user_id="U0NEW"))
        session.commit()

    def driver_sql(session: Session) -> None:
        session.connection().exec_driver_sql(
            "UPDATE person SET name = 'Ny' WHERE user_id = 'U0NEW'")
        session.commit()

    def read(session: Session) -> None:
        session.connection().exec_driver_sql("SELECT count(*) FROM person").all()
        session.commit()

    def rolled_back(session: Session) -> None:
        session.connection().exec_driver_sql("DELETE FROM person WHERE user_id = 'U0NEW'")
        session.rollback()

    def said(session: Session) -> None:
        note_write(session)  # a write the engine never saw (a driver's COPY)
        session.commit()

    store.run_sync(orm)
    assert _version(store) == start + 1
    store.run_sync(driver_sql)
    assert _version(store) == start + 2
    store.run_sync(read)
    store.run_sync(rolled_back)
    assert _version(store) == start + 2
    store.run_sync(said)
    assert _version(store) == start + 3
    with store.engine.begin() as connection:  # Core, no session
        connection.exec_driver_sql("DELETE FROM person WHERE user_id = 'U0NEW'")
    assert _version(store) == start + 4

    def nothing_matched(session: Session) -> None:  # a write of nothing changes nothing
        session.connection().exec_driver_sql("DELETE FROM person WHERE user_id = 'U0NONE'")
        session.commit()

    def two_teams(session: Session) -> None:  # one flush, ids back through RETURNING
        session.add_all([Team(name="North"), Team(name="South")])
        session.commit()

    store.run_sync(nothing_matched)
    assert _version(store) == start + 4
    store.run_sync(two_teams)
    assert _version(store) == start + 5


async def test_the_version_is_read_on_the_event_loop_as_the_database_holds_it(
        any_store: Store) -> None:
    assert await any_store.data_version() == _version(any_store)

    def orm(session: Session) -> None:
        session.add(Person(user_id="U0NEW"))
        session.commit()

    await any_store.run(orm)
    assert await any_store.data_version() == _version(any_store)


def test_a_profile_told_again_unchanged_keeps_the_version(any_store: Store) -> None:
    """Slack's users.info is asked again every day: the same answer must not empty caches."""
    store = any_store
    store.run_sync(save_profile, user_id="U0P", name="Pat", email="p@example.com",
                   locale="en-US")
    start = _version(store)
    assert start is not None
    store.run_sync(save_profile, user_id="U0P", name="Pat", email="p@example.com",
                   locale="en-US")
    assert _version(store) == start
    store.run_sync(save_profile, user_id="U0P", name="Pat", email="p@example.com",
                   locale="nb-NO")
    assert _version(store) == start + 1


def test_the_bulk_activity_upsert_raises_the_version_on_both_databases(any_store: Store
                                                                       ) -> None:
    """Imports and the webhook store through ActivityWriter: on PostgreSQL a COPY on the
    driver's own cursor (and an INSERT in a worker thread), which it declares with
    note_write."""
    store = any_store
    start = _version(store)
    assert start is not None

    def upsert(session: Session) -> None:
        with ActivityWriter(session) as writer:
            writer.write([("e1", SDR, date(2026, 11, 26), "calls", 3.0, None, None, None, None,
                           "csv", "x-1", SDR)], created_at=datetime(2026, 11, 27, tzinfo=UTC))
        session.commit()

    store.run_sync(upsert)
    assert _version(store) == start + 1


def test_a_store_serves_the_version_in_one_event_loop_after_another(any_store: Store) -> None:
    """A command-line Store may see several asyncio.run; each reads the version afresh."""
    first = asyncio.run(any_store.data_version())
    assert first is not None and asyncio.run(any_store.data_version()) == first
