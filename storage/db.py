"""Engines, sessions, and running database work off the event loop, in bounded time.

`Store.run` is the request path (and the scheduler's): Slack wants an answer within 3 s, so
every call there is bounded. It waits at most QUEUE_WAIT for a thread, at most LOCK_TIMEOUT for
a lock and (PostgreSQL) at most STATEMENT_TIMEOUT for a statement; past that it fails, rolled
back, and the caller can truthfully say that nothing was stored.

Reads and writes wait in separate lines, so commands that only read keep answering while
writes wait on a lock. Nobody declares which is which: a call first runs as a reader, in a
transaction the database itself keeps read-only (PostgreSQL's READ ONLY, SQLite's
query_only), which refuses the first write at once, before waiting on any lock. Such a call is
rolled back and run again in the writers' line, where its function goes straight from then on.
Every function given to `run` touches nothing but its session, so running it twice is safe.

`Store.read` is the one exception to "off the event loop": a short read (a scorecard) made on
the loop itself, where handing it to a thread would cost as much CPU as the read
(storage/loop_reads.py); whatever cannot be read there goes through `run`.
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, ExceptionContext, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlmodel import Session, create_engine

from storage.loop_reads import LoopReads, PostgresLoopReads, ReadElsewhere, SqliteLoopReads
from storage.version_reader import VersionReader, version_reader
from storage.versions import track_writes

T = TypeVar("T")
P = ParamSpec("P")

QUEUE_WAIT = 0.5  # seconds a call may wait for a database thread before it is refused
LOCK_TIMEOUT_MS = 1000  # PostgreSQL's lock_timeout; SQLite's busy_timeout
STATEMENT_TIMEOUT_MS = 1500  # PostgreSQL's statement_timeout on the request path
CONNECT_TIMEOUT_S = 2  # PostgreSQL: libpq's smallest; a blackholed host fails in 2 s, not 2 min
# Threads for database work. SQLite work is mostly Python under one GIL: more threads only
# fight over it (measured with `make bench`: fewer requests a second, not more), and SQLite
# takes one writer at a time, so one writer thread. PostgreSQL work waits on the network,
# which more threads can overlap, and writes to different rows go on side by side.
SQLITE_READERS, SQLITE_WRITERS = 2, 1
POSTGRES_READERS, POSTGRES_WRITERS = 4, 3

LOOP_BUSY_TIMEOUT_MS = 5  # SQLite, a read on the event loop (storage/loop_reads.py)

_PG_BOUNDS = (f"SET LOCAL lock_timeout = {LOCK_TIMEOUT_MS}; "
              f"SET LOCAL statement_timeout = {STATEMENT_TIMEOUT_MS}")
_READ_ONLY = "kpibot.read_only"  # session.info key: this session's transaction is read-only


class DatabaseBusy(RuntimeError):
    """No database thread was free in time: the call never started, nothing was changed."""


class _WriteNeeded(Exception):
    """A call running as a reader tried to write: run it again as a writer."""


def normalise_url(url: str) -> str:
    """postgres:// and postgresql:// mean psycopg 3; everything else is taken as given."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str, *, reader: bool = False, busy_timeout_ms: int | None = None
                ) -> Engine:
    """An engine whose errors never carry SQL parameters (users' notes, e-mails) into logs.

    `reader` is an engine for Store's reads: one the database keeps from writing, from the first
    statement (SQLite's query_only, PostgreSQL's default_transaction_read_only). On PostgreSQL
    it also carries the request path's bounds as connection options and makes each statement its
    own transaction, so a read pays for its statements alone: no pre-ping, BEGIN, SET or
    ROLLBACK round trips (Store makes a read again whose pooled connection turns out dead). Read
    committed, as any transaction there is: a statement sees what was committed when it started.
    `busy_timeout_ms` (SQLite) replaces LOCK_TIMEOUT_MS."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        busy = LOCK_TIMEOUT_MS if busy_timeout_ms is None else busy_timeout_ms
        engine = create_engine(
            url, hide_parameters=True,
            connect_args={"check_same_thread": False, "timeout": busy / 1000},
        )
        event.listen(engine, "connect", partial(_sqlite_pragmas, busy_timeout_ms=busy_timeout_ms))
        if reader:
            event.listen(engine, "connect", _sqlite_query_only)
        track_writes(engine)
        return engine
    engine = create_engine(url, **_postgres_args(url, reader=reader))
    track_writes(engine)
    return engine


def _postgres_args(url: str, *, reader: bool) -> dict[str, Any]:
    """create_engine's (or create_async_engine's) arguments for a PostgreSQL URL."""
    # connect_args override the URL's own parameters: add to them, never replace them
    given = make_url(url).query
    connect_args: dict[str, Any] = {}
    if "connect_timeout" not in given:
        connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
    options = given.get("options", "")
    added = ["-c default_transaction_read_only=on", f"-c lock_timeout={LOCK_TIMEOUT_MS}",
             f"-c statement_timeout={STATEMENT_TIMEOUT_MS}"] if reader else []
    if added:
        connect_args["options"] = " ".join(
            [*([options] if isinstance(options, str) else options), *added]).strip()
    return {"hide_parameters": True, "pool_pre_ping": not reader, "pool_size": 10,
            "max_overflow": 10, "connect_args": connect_args,
            **({"isolation_level": "AUTOCOMMIT"} if reader else {})}


def _loop_reads(engine: Engine) -> LoopReads | None:
    """The engine's reads on the event loop (storage/loop_reads.py); None for an in-memory
    SQLite database, which has no second connection."""
    url = engine.url.render_as_string(hide_password=False)
    if engine.dialect.name == "postgresql":
        def make() -> AsyncEngine:
            made = create_async_engine(url, pool_timeout=QUEUE_WAIT,
                                       **_postgres_args(url, reader=True))
            event.listen(made.sync_engine, "handle_error", _note_refused_write)
            return made
        return PostgresLoopReads(make, _BoundedSession, _mark_read_only)
    if engine.url.database in (None, "", ":memory:"):
        return None
    # On the event loop a read waits for a lock only this long, then goes to a thread.
    loop_engine = make_engine(url, reader=True, busy_timeout_ms=LOOP_BUSY_TIMEOUT_MS)
    event.listen(loop_engine, "handle_error", _note_refused_write)
    return SqliteLoopReads(loop_engine, _BoundedSession, _mark_read_only)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any, *,
                    busy_timeout_ms: int | None = None) -> None:
    busy = LOCK_TIMEOUT_MS if busy_timeout_ms is None else busy_timeout_ms  # at connect time
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={busy}")  # first: even switching to WAL may wait
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_query_only(dbapi_connection: Any, _record: Any) -> None:
    # Once, as the connection opens: switching it per transaction would expire every
    # prepared statement (SQLite does that on flag pragmas), doubling the cost of a read.
    dbapi_connection.execute("PRAGMA query_only=ON")


class _BoundedSession(Session):
    """A session of Store.run: its transactions are bounded, and read-only when it says so."""


def _mark_read_only(session: Session) -> None:
    session.info[_READ_ONLY] = True


@event.listens_for(_BoundedSession, "after_begin")
def _bound_transaction(session: Session, _transaction: Any, connection: Connection) -> None:
    # SQLite's bounds are its connections' own: busy_timeout, and query_only for readers;
    # so are PostgreSQL readers' (make_engine's `reader`).
    if connection.dialect.name == "postgresql" and not session.info.get(_READ_ONLY):
        connection.exec_driver_sql(_PG_BOUNDS)


_refusals = threading.local()  # per database thread: did the database refuse a write?


def _is_refused_write(error: BaseException) -> bool:
    return (getattr(error, "sqlstate", None) == "25006"  # PostgreSQL: read-only transaction
            or str(getattr(error, "sqlite_errorname", "")).startswith("SQLITE_READONLY"))


def _note_refused_write(context: ExceptionContext) -> None:
    """Seen here too when the function catches the error itself and carries on."""
    if _is_refused_write(context.original_exception):
        _refusals.seen = True


def _refused_in(error: BaseException) -> bool:
    """The refusal anywhere in the error's chain: raised where no engine event saw it."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if _is_refused_write(current) or _is_refused_write(getattr(current, "orig", None)
                                                            or current):
            return True
        current = current.__cause__ or current.__context__
    return False


class Store:
    """The database behind the bot. Work runs in a worker thread, never on the event loop,
    but for the short reads of `read`."""

    _engine: Engine
    _read_engine: Engine  # the engine's, for calls running as readers
    _version: VersionReader  # the data's version, read from the event loop
    _loop_reads: LoopReads | None  # Store.read's, on the event loop

    def __init__(self, engine: Engine, *, workers: int | None = None) -> None:
        self.engine = engine
        postgres = self.is_postgres
        readers = workers or (POSTGRES_READERS if postgres else SQLITE_READERS)
        self._reads = ThreadPoolExecutor(max_workers=readers, thread_name_prefix="db-read")
        self._writes = ThreadPoolExecutor(max_workers=POSTGRES_WRITERS if postgres
                                          else SQLITE_WRITERS, thread_name_prefix="db-write")
        self._writers: weakref.WeakSet[Callable[..., Any]] = weakref.WeakSet()
        self.writes_in_flight = 0  # calls in the writers' line now, waiting or running

    @property
    def engine(self) -> Engine:
        return self._engine

    @engine.setter
    def engine(self, engine: Engine) -> None:
        """The database; readers get theirs from it. PostgreSQL makes each of their
        transactions read-only as it begins; SQLite gives them connections of their own
        (an in-memory database has no second connection: readers share the writers')."""
        replaced: Engine | None = self.__dict__.get("_read_engine")
        if replaced is not None and replaced is not self.__dict__.get("_engine"):
            replaced.dispose()
        self._engine = self._read_engine = engine
        reader: VersionReader | None = self.__dict__.get("_version")
        if reader is not None:
            reader.close()
        self._version = version_reader(engine)
        loop_reads: LoopReads | None = self.__dict__.get("_loop_reads")
        if loop_reads is not None:
            loop_reads.close()
        self._loop_reads = _loop_reads(engine)
        if engine.dialect.name == "postgresql" or engine.url.database not in (None, "",
                                                                              ":memory:"):
            self._read_engine = make_engine(
                engine.url.render_as_string(hide_password=False), reader=True)
        for each in {engine, self._read_engine}:
            if not event.contains(each, "handle_error", _note_refused_write):
                event.listen(each, "handle_error", _note_refused_write)
            track_writes(each)  # an engine not made by make_engine too

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

        Not bounded by the request path's timeouts: for start-up and the command line.
        Typed end to end: mypy checks every argument against fn's own signature."""
        with self.session() as session:
            return fn(session, *args, **kwargs)

    async def run(self, fn: Callable[Concatenate[Session, P], T], /,
                  *args: P.args, **kwargs: P.kwargs) -> T:
        """run_sync in a database thread, so the event loop never waits on the database,
        bounded in time (see the module's docstring): raises DatabaseBusy, or the database's
        own timeout error, with everything rolled back."""
        def call(session: Session) -> T:
            return fn(session, *args, **kwargs)

        if fn not in self._writers:
            try:
                return await self._queue(self._reads, lambda: self._as_reader(call))
            except _WriteNeeded:
                self._writers.add(fn)
        self.writes_in_flight += 1
        try:
            return await self._queue(self._writes, lambda: self._bounded(call, read_only=False))
        finally:
            self.writes_in_flight -= 1

    async def read(self, fn: Callable[Concatenate[Session, P], T], /,
                   *args: P.args, **kwargs: P.kwargs) -> T:
        """fn(session, *args, **kwargs) on the event loop itself, no database thread
        (storage/loop_reads.py): for short reads whose cost is flat in the data's size, like
        a scorecard. A function that turns out to write, a read the loop cannot make now,
        and an in-memory SQLite database go through run, with all its bounds."""
        loop_reads = self._loop_reads
        if loop_reads is None or fn in self._writers:
            return await self.run(fn, *args, **kwargs)

        def call(session: Session) -> T:
            return fn(session, *args, **kwargs)

        # Reads interleave on the loop, so a refusal seen may be another read's: that read
        # then merely goes through run too, which finds out for itself.
        _refusals.seen = False
        try:
            result = await loop_reads.read(call)
        except ReadElsewhere:
            return await self.run(fn, *args, **kwargs)
        except Exception as exc:
            if _refusals.seen or _refused_in(exc):
                return await self.run(fn, *args, **kwargs)
            raise
        if _refusals.seen:
            return await self.run(fn, *args, **kwargs)
        return result

    async def data_version(self) -> int | None:
        """The data's version (storage/versions.py), read on the event loop itself: no
        database thread. None when it cannot be known now: cache nothing, use nothing cached."""
        return await self._version.current()

    async def ping(self) -> None:
        """One cheap query through the readers' line: what a command would meet."""
        await self.run(_select_one)

    async def _queue(self, executor: Executor, job: Callable[[], T]) -> T:
        future = executor.submit(job)
        waiting = asyncio.wrap_future(future)
        try:
            done, _ = await asyncio.wait({waiting}, timeout=QUEUE_WAIT)
        except asyncio.CancelledError:  # the caller gave up: so does the call, or its outcome
            waiting.cancel()
            raise
        if not done and future.cancel():  # cancel() succeeds only if it has not started
            raise DatabaseBusy(f"no database thread was free within {QUEUE_WAIT} s")
        return await waiting

    def _as_reader(self, call: Callable[[Session], T]) -> T:
        _refusals.seen = False
        try:
            try:
                result = self._bounded(call, read_only=True)
            except DBAPIError as exc:
                # A pooled connection the server has closed (a restart, an idle timeout):
                # SQLAlchemy has dropped it and every older one; a read is safe to run again.
                if not exc.connection_invalidated:
                    raise
                _refusals.seen = False
                result = self._bounded(call, read_only=True)
        except Exception as exc:
            if _refusals.seen or _refused_in(exc):
                raise _WriteNeeded from exc
            raise
        if _refusals.seen:
            raise _WriteNeeded
        return result

    def _bounded(self, call: Callable[[Session], T], *, read_only: bool) -> T:
        engine = self._read_engine if read_only else self._engine
        with _BoundedSession(engine, expire_on_commit=False) as session:
            session.info[_READ_ONLY] = read_only
            return call(session)

    def dispose(self) -> None:
        self._version.close()
        if self._loop_reads is not None:
            self._loop_reads.close()
        self._reads.shutdown(wait=False)
        self._writes.shutdown(wait=False)
        if self._read_engine is not self._engine:
            self._read_engine.dispose()
        self._engine.dispose()


def _select_one(session: Session) -> None:
    session.connection().exec_driver_sql("SELECT 1")
