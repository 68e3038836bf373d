"""Engines, sessions, and running database work off the event loop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

T = TypeVar("T")
P = ParamSpec("P")
SQLITE_BUSY_TIMEOUT_MS = 5000
# Threads for database work. SQLite work is mostly Python under one GIL: more threads only
# fight over it (measured with `make bench`: fewer requests a second, not more). PostgreSQL
# work waits on the network, which more threads can overlap.
SQLITE_WORKERS = 2
POSTGRES_WORKERS = 4
# A database error's message would otherwise carry its SQL parameters (users' notes, e-mails)
# into the log.
HIDE_PARAMETERS = True


def normalise_url(url: str) -> str:
    """postgres:// and postgresql:// mean psycopg 3; everything else is taken as given."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, hide_parameters=HIDE_PARAMETERS,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10,
                         hide_parameters=HIDE_PARAMETERS)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class Store:
    """The database behind the bot. Work runs in a worker thread, never on the event loop."""

    def __init__(self, engine: Engine, *, workers: int | None = None) -> None:
        self.engine = engine
        if workers is None:
            workers = POSTGRES_WORKERS if engine.dialect.name == "postgresql" else SQLITE_WORKERS
        # A few threads are enough: the work is mostly Python under one GIL, and more threads
        # only fight over it (measured: more CPU per request, not more requests per second).
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="db")

    @classmethod
    def from_url(cls, url: str) -> Store:
        return cls(make_engine(url))

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def session(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    def run_sync(self, fn: Callable[Concatenate[Session, P], T], /,
                 *args: P.args, **kwargs: P.kwargs) -> T:
        """Call fn(session, *args, **kwargs) in a fresh session; fn commits what it writes.

        Typed end to end: mypy checks every argument against fn's own signature."""
        with self.session() as session:
            return fn(session, *args, **kwargs)

    async def run(self, fn: Callable[Concatenate[Session, P], T], /,
                  *args: P.args, **kwargs: P.kwargs) -> T:
        """run_sync in a database thread, so the event loop never waits on the database."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._executor, lambda: self.run_sync(fn, *args, **kwargs))

    def dispose(self) -> None:
        self._executor.shutdown(wait=False)
        self.engine.dispose()
