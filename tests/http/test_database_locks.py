"""A database lock held by someone else, on SQLite and PostgreSQL, met through the real app.

A write that cannot get its lock in time is rolled back and the user is told nothing was
stored; commands that only read keep answering while writes wait; /healthz asks the database.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import psycopg
import pytest
from aiohttp.test_utils import TestClient, TestServer

import storage.db
from bot.config import Settings
from bot.console.harness import Harness
from bot.console.local_slack import LocalSlack
from bot.deps import Deps
from bot.health import FRESH_FOR, DatabaseHealth
from bot.http_server import build_web_app
from bot.i18n import Translator
from storage.db import Store
from tests.conftest import Clock
from tests.http.conftest import Client
from tests.scenario.support import activity_count, text_of

NOT_STORED = Translator().t("error.internal")
ACK_DEADLINE = 3.0  # Slack's: a later answer is shown as a failure, whatever was stored
LONG = 120  # seconds: a timeout the tests never reach, so writes wait until the lock goes


@pytest.fixture
async def app_on(any_store: Store, settings: Settings, slack: LocalSlack, clock: Clock
                 ) -> AsyncIterator[tuple[Harness, Client]]:
    """The real app on each database, behind `kpibot run`'s HTTP server."""
    harness = Harness(Deps(settings, any_store, now=clock), slack)
    client: Client = TestClient(TestServer(build_web_app(harness.app, any_store),
                                           host="127.0.0.1"))
    await client.start_server()
    yield harness, client
    await client.close()


def _locks(store: Store) -> list[str]:
    return ["table", "row"] if store.is_postgres else ["database"]


@contextmanager
def held_lock(store: Store, kind: str) -> Iterator[None]:
    """Another connection holding a lock every /kpi log needs, until the block ends."""
    url = store.engine.url
    if not store.is_postgres:
        other = sqlite3.connect(str(url.database), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # the write lock; readers go on (WAL)
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
        return
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as holder:
        if kind == "table":  # what a migration or a bulk job takes: inserts wait, reads go on
            holder.execute("LOCK TABLE activity IN SHARE ROW EXCLUSIVE MODE")
        else:  # a new SDR's membership row needs a key-share lock on the team row
            holder.execute("SELECT id FROM team FOR UPDATE")
        yield
        holder.rollback()


async def _command(harness: Harness, web: Client, user_id: str, command: str, text: str
                   ) -> dict[str, Any]:
    body = harness.requests.slash_command(user_id=user_id, command=command, text=text)
    response = await web.post("/slack/events", data=body.encode(),
                              headers=harness.requests.headers(body))
    assert response.status == 200
    answer: dict[str, Any] = await response.json()
    return answer


async def _settled(harness: Harness) -> None:
    """The work after earlier answers is done (profiles, App Home): nothing holds a writer."""
    await harness.app_settled()
    async with asyncio.timeout(30):  # only if this test is broken
        while harness.deps.store.writes_in_flight:  # noqa: ASYNC110  # a counter, no event
            await asyncio.sleep(0.01)


def _shown(answer: dict[str, Any]) -> str:
    return str(answer.get("text", "")) + text_of(answer.get("blocks") or [])


async def test_a_log_that_cannot_get_its_lock_is_not_stored_and_says_so(
    app_on: tuple[Harness, Client]
) -> None:
    harness, web = app_on
    store = harness.deps.store
    for number, kind in enumerate(_locks(store)):
        with held_lock(store, kind):
            started = time.perf_counter()
            answer = await _command(harness, web, f"U0NEW{number}", "/kpi", "log 5 calls")
            elapsed = time.perf_counter() - started
        assert NOT_STORED in _shown(answer), kind
        assert elapsed < ACK_DEADLINE, f"{kind}: answered after {elapsed:.2f} s"
        assert activity_count(store) == 0, kind  # rolled back: nothing appears later either
    # and once the lock is gone the same command is stored, and says so
    answer = await _command(harness, web, "U0NEW0", "/kpi", "log 5 calls")
    assert NOT_STORED not in _shown(answer)
    assert activity_count(store) == 1


async def test_reads_answer_while_every_writer_waits_on_a_lock(
    app_on: tuple[Harness, Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    harness, web = app_on
    store = harness.deps.store
    # Writes wait as long as the lock is held, so "while they wait" is a fact, not a race.
    monkeypatch.setattr(storage.db, "LOCK_TIMEOUT_MS", LONG * 1000)
    monkeypatch.setattr(storage.db, "QUEUE_WAIT", LONG)
    monkeypatch.setattr(storage.db, "_PG_BOUNDS", f"SET LOCAL lock_timeout = {LONG * 1000}")
    store.engine.dispose()  # SQLite's busy timeout is set as a connection opens
    await _command(harness, web, "U0READER", "/kpi", "log 1 calls")  # a known SDR
    await _settled(harness)
    writers = storage.db.POSTGRES_WRITERS if store.is_postgres else storage.db.SQLITE_WRITERS
    count = writers + 3  # every writer thread busy, and more in line
    for kind in _locks(store):
        before = activity_count(store)
        with held_lock(store, kind):
            writers_ids = [f"U0W{kind[0].upper()}{n}" for n in range(count)]  # real IDs
            logs = [asyncio.create_task(_command(harness, web, user, "/kpi", "log 5 calls"))
                    for user in writers_ids]
            async with asyncio.timeout(30):  # only if this test is broken
                while store.writes_in_flight < count:  # noqa: ASYNC110  # a counter, no event
                    await asyncio.sleep(0.01)
            help_answer = await _command(harness, web, "U0READER", "/kpi", "help")
            card = await _command(harness, web, "U0READER", "/mykpis", "")
            assert not any(log.done() for log in logs), kind  # all still waiting
            assert "/kpi log" in _shown(help_answer)
            assert "Calls" in _shown(card)
            health = await web.get("/healthz")
            assert health.status == 200
        answers = await asyncio.gather(*logs)  # the lock is gone: every write goes through
        assert all(NOT_STORED not in _shown(a) for a in answers), kind
        assert activity_count(store) == before + count, kind
        await _settled(harness)


async def test_healthz_is_503_when_the_database_does_not_answer(harness: Harness) -> None:
    """A server that accepts the connection and then says nothing (a hung host, a full
    proxy): the probe gives up in bounded time instead of hanging with it."""
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()  # never answers
        writer.close()

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    hung = Store.from_url(f"postgresql://kpibot:secret-pw@127.0.0.1:{port}/kpibot")
    try:
        async with TestClient(TestServer(build_web_app(harness.app, hung),
                                         host="127.0.0.1")) as client:
            answers = await asyncio.gather(*(client.get("/healthz") for _ in range(5)))
            for response in answers:
                assert response.status == 503
                body = await response.json()
                assert body["ok"] is False and body["database"]
                assert "secret-pw" not in str(body)
    finally:
        hung.dispose()
        server.close()


async def test_healthz_asks_the_database_once_however_often_it_is_asked(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    pings: list[None] = []
    ping = store.ping

    async def counted() -> None:
        pings.append(None)
        await ping()

    monkeypatch.setattr(store, "ping", counted)
    clock = Clock()
    health = DatabaseHealth(store, clock=lambda: clock.current.timestamp())
    assert await asyncio.gather(*(health.problem() for _ in range(5))) == [None] * 5
    assert await health.problem() is None
    assert len(pings) == 1  # five at once and one soon after: one query
    clock.current += timedelta(seconds=FRESH_FOR)
    assert await health.problem() is None
    assert len(pings) == 2


async def test_a_failed_write_logs_its_sql_without_the_users_words(
    app_on: tuple[Harness, Client], caplog: pytest.LogCaptureFixture
) -> None:
    harness, web = app_on
    store = harness.deps.store
    await _command(harness, web, "U0NOTE", "/kpi", "log 1 calls")  # known: the insert fails
    await _settled(harness)  # so the log's own insert is what meets the lock
    words = "call back Kari at kari@example.com"
    kind = _locks(store)[0]  # one that stops the activity insert, where the note goes
    with held_lock(store, kind):
        answer = await _command(harness, web, "U0NOTE", "/kpi", f"log 5 calls note: {words}")
    assert NOT_STORED in _shown(answer)
    assert "INSERT INTO activity" in caplog.text  # the failure itself is logged
    assert words not in caplog.text and "kari@example.com" not in caplog.text
