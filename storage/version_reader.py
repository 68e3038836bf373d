"""Reading the data's version (storage/versions.py) from the event loop, without a database
thread: what a cache hit costs on the request path.

SQLite: one SELECT on a connection of its own, on the loop itself (a WAL reader never waits
on a writer; microseconds). PostgreSQL: an asynchronous connection; requests that arrive while
a read is on the way share the next one, which starts after they arrived, so none of them can
miss a write committed before it asked. Any failure answers None (not known: read the database
the ordinary way) and pauses these reads for a while, so a broken database costs nothing here.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from typing import Protocol

import psycopg
from sqlalchemy.engine import Engine

from storage.versions import READ

logger = logging.getLogger(__name__)

READ_TIMEOUT_S = 0.5  # PostgreSQL: past this the request reads the database the usual way
PAUSE_AFTER_FAILURE_S = 5.0


class VersionReader(Protocol):
    async def current(self) -> int | None: ...

    def close(self) -> None: ...


def version_reader(engine: Engine) -> VersionReader:
    if engine.dialect.name == "postgresql":
        url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        return PostgresVersion(url)
    database = engine.url.database
    if engine.dialect.name == "sqlite" and database and database != ":memory:":
        return SqliteVersion(database)
    return NoVersion()  # an in-memory database: no second connection sees it


class NoVersion:
    async def current(self) -> int | None:
        return None

    def close(self) -> None:
        return None


class _Paused:
    def __init__(self) -> None:
        self._until = 0.0

    def paused(self) -> bool:
        return time.monotonic() < self._until

    def pause(self, what: str, exc: BaseException) -> None:
        logger.warning("reading the data's version (%s) failed: %s; cached answers are "
                       "not used for %.0f s", what, type(exc).__name__, PAUSE_AFTER_FAILURE_S)
        self._until = time.monotonic() + PAUSE_AFTER_FAILURE_S


class SqliteVersion(_Paused):
    def __init__(self, path: str) -> None:
        super().__init__()
        self._path = path
        self._connection: sqlite3.Connection | None = None

    async def current(self) -> int | None:
        if self.paused():
            return None
        try:
            if self._connection is None:
                self._connection = sqlite3.connect(
                    f"file:{self._path}?mode=ro", uri=True, timeout=0.05,
                    check_same_thread=False, isolation_level=None)
            row = self._connection.execute(READ).fetchone()
        except sqlite3.Error as exc:
            self.close()
            self.pause("SQLite", exc)
            return None
        return None if row is None else int(row[0])

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class PostgresVersion(_Paused):
    def __init__(self, url: str) -> None:
        super().__init__()
        self._url = url
        self._connection: psycopg.AsyncConnection[tuple[int]] | None = None
        self._running: asyncio.Task[int | None] | None = None
        self._next: asyncio.Task[int | None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None  # the connection's

    async def current(self) -> int | None:
        if self.paused():
            return None
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a Store outliving its event loop (a CLI's asyncio.run)
            self.close()
            self._loop, self._running, self._next = loop, None, None
        if self._running is None:
            self._running = asyncio.ensure_future(self._read())
            return await asyncio.shield(self._running)
        # A read is on the way, but it may have started before this request arrived: wait
        # for the next one, shared with everyone else who arrives meanwhile.
        if self._next is None:
            self._next = asyncio.ensure_future(self._after(self._running))
        return await asyncio.shield(self._next)

    async def _after(self, running: asyncio.Task[int | None]) -> int | None:
        await asyncio.wait({running})
        return await self._read()

    async def _read(self) -> int | None:
        try:
            return await asyncio.wait_for(self._query(), READ_TIMEOUT_S)
        except (psycopg.Error, OSError, TimeoutError) as exc:
            self.close()
            self.pause("PostgreSQL", exc)
            return None
        finally:
            self._running, self._next = self._next, None

    async def _query(self) -> int | None:
        if self._connection is None or self._connection.closed:
            self._connection = await psycopg.AsyncConnection.connect(
                self._url, autocommit=True, connect_timeout=2)
        cursor = await self._connection.execute(READ)
        row = await cursor.fetchone()
        return None if row is None else int(row[0])

    def close(self) -> None:
        """Synchronous, so Store.dispose and an engine swap can call it: libpq's own close."""
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.pgconn.finish()
