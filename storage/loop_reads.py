"""Short reads on the event loop itself, without a database thread (Store.read).

The server is one process under one GIL: a read handed to a database thread computes there
just as fast, but the hand-over (two threads taking the GIL in turn, each on a cold cache) cost
as much CPU as the scorecard itself (measured with `make bench`: HTTP /mykpis served twice the
requests a second with its misses read here). So reads whose cost is small and flat in the
data's size run here; anything that can wait on a lock or take long stays in a thread.

- SQLite: a query_only connection in WAL mode, where a reader never waits on a writer; the
  rare moments it would (recovery, a checkpoint's lock) are cut short by a busy timeout of a
  few milliseconds and the read goes to a thread after all.
- PostgreSQL: SQLAlchemy's asyncio engine (psycopg's asynchronous connections). The function
  still runs as plain synchronous code, but every wait on the network gives the loop back, so
  other requests go on meanwhile. Its connections belong to the loop that opened them: a Store
  that outlives its loop (a command line's asyncio.run) opens new ones on the next loop.

Either raises ReadElsewhere when the read should go through a thread instead (busy, a dead
connection, no connection free in time); the function has then changed nothing.
"""

from __future__ import annotations

import asyncio
import sqlite3
import weakref
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import psycopg
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import Session
from sqlmodel.ext.asyncio.session import AsyncSession

T = TypeVar("T")


class ReadElsewhere(Exception):
    """This read cannot be made on the loop now: make it through a database thread."""


class LoopReads(Protocol):
    async def read(self, call: Callable[[Session], T]) -> T: ...

    def close(self) -> None: ...


SessionClass = type[Session]
Prepare = Callable[[Session], None]  # marks a session read-only before its first statement


def _busy(error: OperationalError) -> bool:
    code = getattr(error.orig, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


class SqliteLoopReads:
    def __init__(self, engine: Engine, session_class: SessionClass, prepare: Prepare) -> None:
        self._engine = engine
        self._session_class = session_class
        self._prepare = prepare

    async def read(self, call: Callable[[Session], T]) -> T:
        try:
            with self._session_class(self._engine, expire_on_commit=False) as session:
                self._prepare(session)
                return call(session)
        except OperationalError as exc:
            if _busy(exc):
                raise ReadElsewhere from exc
            raise

    def close(self) -> None:
        self._engine.dispose()


class PostgresLoopReads:
    def __init__(self, make: Callable[[], AsyncEngine], session_class: SessionClass,
                 prepare: Prepare) -> None:
        self._make = make
        self._session_class = session_class
        self._prepare = prepare
        self._engine: AsyncEngine | None = None
        self._loop: asyncio.AbstractEventLoop | None = None  # the engine's connections'
        self._connections: weakref.WeakSet[psycopg.AsyncConnection[Any]] = weakref.WeakSet()

    def _engine_for(self, loop: asyncio.AbstractEventLoop) -> AsyncEngine:
        if self._engine is None or loop is not self._loop:
            self.close()
            self._engine, self._loop = self._make(), loop
            event.listen(self._engine.sync_engine, "connect", self._opened)
        return self._engine

    def _opened(self, dbapi_connection: Any, _record: Any) -> None:
        self._connections.add(dbapi_connection.driver_connection)

    async def read(self, call: Callable[[Session], T]) -> T:
        engine = self._engine_for(asyncio.get_running_loop())
        try:
            async with AsyncSession(engine, sync_session_class=self._session_class,
                                    expire_on_commit=False) as session:
                sync_session: Session = session.sync_session
                self._prepare(sync_session)
                result: T = await session.run_sync(lambda _: call(sync_session))
                return result
        except PoolTimeout as exc:
            raise ReadElsewhere from exc
        except DBAPIError as exc:
            # A pooled connection the server has closed (a restart, an idle timeout): it
            # and every older one are dropped; the read is safe to make again elsewhere.
            if exc.connection_invalidated:
                raise ReadElsewhere from exc
            raise

    def close(self) -> None:
        """Synchronous, so Store.dispose can call it after its loop is gone: libpq's own
        close of every connection opened, then the pool forgets them."""
        engine, self._engine = self._engine, None
        for connection in list(self._connections):
            connection.pgconn.finish()
        self._connections.clear()
        if engine is not None:
            engine.sync_engine.dispose(close=False)
