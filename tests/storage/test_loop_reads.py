"""Store.read: short reads on the event loop itself, and everything it cannot read there
handed to Store.run's database threads, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from storage import people
from storage.db import Store
from storage.models import Person


def _thread_and_team(session: Session) -> tuple[str, str | None]:
    team = people.default_team(session=session)
    return threading.current_thread().name, team.name if team else None


def _read_only(session: Session) -> str:
    return str(session.connection().execute(text(
        "PRAGMA query_only" if session.connection().dialect.name == "sqlite"
        else "SHOW transaction_read_only")).scalar())


async def test_a_read_runs_on_the_event_loop_and_cannot_write(any_store: Store) -> None:
    name, team = await any_store.read(_thread_and_team)
    assert name == threading.current_thread().name  # the loop's own thread: no hand-over
    assert team is not None
    assert await any_store.read(_read_only) in ("1", "on")


def _add_person(session: Session, *, user_id: str) -> str:
    session.add(Person(user_id=user_id, name="Ann"))
    session.commit()
    return threading.current_thread().name


def _person_name(session: Session, *, user_id: str) -> str | None:
    person = session.get(Person, user_id)
    return person.name if person else None


async def test_a_function_that_writes_is_run_as_a_writer(any_store: Store) -> None:
    """Refused on the loop (read-only), rolled back there, and run again in the writers'
    line, where it goes straight from then on."""
    name = await any_store.read(_add_person, user_id="U0ANN")
    assert name.startswith("db-write")
    assert await any_store.read(_person_name, user_id="U0ANN") == "Ann"
    assert (await any_store.read(_add_person, user_id="U0BOB")).startswith("db-write")


async def test_an_in_memory_database_is_read_through_a_thread() -> None:
    store = Store.from_url("sqlite://")  # one connection only: no second one for the loop
    try:
        name = await store.read(lambda session: threading.current_thread().name)
        assert name.startswith("db-read")
    finally:
        store.dispose()


async def test_a_sqlite_read_that_meets_a_lock_goes_to_a_thread_and_never_holds_the_loop(
        store: Store) -> None:
    """A WAL reader waits for a lock only in rare moments; a connection holding the whole file
    in exclusive locking mode makes one. The loop waits a few milliseconds at most; the read
    then waits in a database thread (its full busy timeout) and answers once the lock is
    gone."""
    url = store.engine.url
    assert url.database
    store.dispose()  # exclusive mode in WAL needs every other connection closed first
    holder = sqlite3.connect(url.database, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE team SET name = name")
    reader = Store.from_url(url.render_as_string(hide_password=False))
    try:
        reading = asyncio.create_task(reader.read(_thread_and_team))
        lags = []
        for _ in range(10):  # the loop keeps turning meanwhile
            started = time.perf_counter()
            await asyncio.sleep(0.01)
            lags.append(time.perf_counter() - started - 0.01)
        assert not reading.done()
        assert max(lags) < 0.5, lags  # held for the 1 s busy timeout, it would be 1 s
        holder.execute("COMMIT")
        holder.close()  # and its exclusive lock with it
        name, team = await asyncio.wait_for(reading, 5)
        assert name.startswith("db-read") and team is not None
    finally:
        reader.dispose()


def _backend_pids(session: Session) -> list[int]:
    return list(session.connection().execute(text(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid()")).scalars())


@pytest.fixture
def postgres_store(postgres_engine: Engine) -> Iterator[Store]:
    store = Store(postgres_engine)
    store.run_sync(people.ensure_default_team, timezone="Europe/Oslo", channel_id="C0TEAM")
    yield store
    store.dispose()


@pytest.mark.postgres
async def test_reads_survive_the_server_dropping_every_connection(
        postgres_store: Store) -> None:
    """Readers keep no pre-ping (a round trip per read): a connection found dead is dropped,
    with every older one, and the read made again."""
    any_store = postgres_store
    await any_store.read(_thread_and_team)  # connections in both pools
    await any_store.run(_thread_and_team)

    def terminate(session: Session) -> None:
        for pid in _backend_pids(session):
            session.connection().execute(text("SELECT pg_terminate_backend(:pid)"),
                                         {"pid": pid})
    any_store.run_sync(terminate)
    assert (await any_store.read(_thread_and_team))[1] is not None
    assert (await any_store.run(_thread_and_team))[1] is not None


def test_a_store_outliving_its_event_loop_reads_on_the_next(any_store: Store) -> None:
    """A command line's asyncio.run, then another: the loop's connections are its own."""
    first = asyncio.run(any_store.read(_thread_and_team))
    second = asyncio.run(any_store.read(_thread_and_team))
    assert first == second


def _one_statement(session: Session) -> str:
    connection = session.connection()
    connection.execute(text("SELECT 1"))
    dbapi: Any = connection.connection.dbapi_connection
    driver = getattr(dbapi, "driver_connection", dbapi)  # the asyncio engine's adapter
    return str(driver.info.transaction_status.name)


@pytest.mark.postgres
async def test_a_postgres_read_sends_its_statements_and_nothing_else(
        postgres_store: Store) -> None:
    """Its bounds are connection options and each statement is its own transaction: no SET
    before it, and no transaction left open (nor a snapshot held) between statements."""
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        sent.append(statement)

    await postgres_store.read(_one_statement)  # connections opened before listening
    await postgres_store.run(_one_statement)
    event.listen(Engine, "before_cursor_execute", record)
    try:
        assert await postgres_store.read(_one_statement) == "IDLE"
        assert await postgres_store.run(_one_statement) == "IDLE"
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    assert sent == ["SELECT 1", "SELECT 1"]
