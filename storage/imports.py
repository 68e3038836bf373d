"""Bulk activity writes for imports and the ingest webhook, and the reads exports stream.

Nothing here commits: the caller's one transaction per file (or per webhook request) commits
or rolls back as a whole, so a killed import leaves nothing half-written.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import String, Table, bindparam, cast, func, literal, update
from sqlalchemy import select as sa_select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Dialect
from sqlmodel import Session, col, select

from storage.models import Activity, AuditEvent, Member, Person, Team
from storage.versions import note_write

_ACTIVITY: Table = Activity.__table__  # type: ignore[attr-defined]
_CHUNK = 500  # ids per IN (...) list: well under every driver's parameter limit
# What a later import of a known (external_id, metric) may change; who and when it was first
# stored stays, and a row a user deleted stays deleted.
UPDATABLE = ("user_id", "day", "quantity", "source", "technique", "note", "currency")
# What each row given to ActivityWriter.write holds, in this order.
ROW_COLUMNS = ("entry_id", "user_id", "day", "metric", "quantity", "currency", "source",
               "technique", "note", "origin", "external_id", "created_by")


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


class ActivityWriter:
    """Writes a transaction's activity rows, batch after batch: insert each, or update the
    row with the same (external_id, metric). Each row holds the values of ROW_COLUMNS, in
    that order; created_at is the batch's. Use it as a context manager, and touch the
    session again only after `settle()` or once it is closed.

    SQLite: one executemany of plain tuples straight on the driver (the statement prepared
    once), since at a hundred thousand rows a second SQLAlchemy's per-row work would be most
    of the cost. PostgreSQL: COPY into a temporary table and one INSERT ... ON CONFLICT from
    it (COPY itself cannot update a known row). That INSERT is the server's work, most of an
    import's time on PostgreSQL: a worker thread waits for it (the wait lets go of the GIL)
    while the caller checks the next batch, and the next write first waits for it to end."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._connection = session.connection()
        self._postgres = self._connection.dialect.name == "postgresql"
        self._types: list[int] | None = None  # the staging table's column types, once made
        self._merging: Future[None] | None = None
        self._worker: ThreadPoolExecutor | None = None

    def __enter__(self) -> ActivityWriter:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def write(self, rows: Sequence[Sequence[Any]], *, created_at: datetime) -> None:
        if not rows:
            return
        if self._postgres:
            self._copy_then_merge(rows, created_at)
        else:
            self._executemany(rows, created_at)

    def settle(self) -> None:
        """Wait for the batch being stored: the session may then be read from (between two
        writes) without crossing the worker's use of the connection."""
        self._wait()

    def close(self) -> None:
        """Wait for the last batch; its error, if any, is raised here."""
        try:
            self._wait()
        finally:
            if self._worker is not None:
                self._worker.shutdown()
                self._worker = None

    def _wait(self) -> None:
        merging, self._merging = self._merging, None
        if merging is not None:
            merging.result()

    def _copy_then_merge(self, rows: Sequence[Sequence[Any]], created_at: datetime) -> None:
        self._wait()
        driver = self._connection.connection.driver_connection
        assert driver is not None
        with driver.cursor() as cursor:
            if self._types is None:
                cursor.execute(_PG_STAGE)
                cursor.execute(_PG_STAGE_TYPES)
                self._types = [oid for (oid,) in cursor.fetchall()]
            cursor.execute("TRUNCATE activity_incoming")  # an earlier batch's, or writer's
            with cursor.copy(f"COPY activity_incoming ({_NAMES}) FROM STDIN (FORMAT BINARY)"
                             ) as copy:
                copy.set_types(self._types)
                for row in rows:
                    copy.write_row((*row, created_at))
        if self._worker is None:
            self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="activity-merge")
        self._merging = self._worker.submit(_merge, driver)
        note_write(self._session)  # the driver's own cursor: no engine event saw these writes

    def _executemany(self, rows: Sequence[Sequence[Any]], created_at: datetime) -> None:
        _widen_cache(self._session, self._connection)
        upsert = _sqlite_upsert(self._connection.dialect)
        day_of, quantity_of = upsert.day, upsert.quantity
        stamp = upsert.created_at(created_at)
        self._connection.exec_driver_sql(upsert.sql, [
            (entry, user, day_of(day), metric, quantity_of(quantity), currency, source,
             technique, note, origin, external_id, created_by, stamp)
            for entry, user, day, metric, quantity, currency, source, technique, note, origin,
            external_id, created_by in rows])


def _merge(driver: Any) -> None:
    with driver.cursor() as cursor:
        cursor.execute(_PG_MERGE)


# SQLite's page cache while a transaction stores activity. The default 2 MB is far smaller
# than the indexes an import adds to, so pages were spilled and read again: measured on 200,000
# rows, 16 MB cut SQLite's share of the CPU time by a quarter, and more did not help. Bounded,
# so a file of any length imports in flat memory, and given back when the transaction ends.
IMPORT_CACHE_KIB = 16 * 1024
_CACHE_KEY = "kpibot.import_cache_size"


def _widen_cache(session: Session, connection: Connection) -> None:
    if _CACHE_KEY not in session.info:
        session.info[_CACHE_KEY] = connection.exec_driver_sql("PRAGMA cache_size").scalar()
        connection.exec_driver_sql(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")


def _restore_cache(session: Session) -> None:
    previous = session.info.pop(_CACHE_KEY, None)
    if previous is not None:
        session.connection().exec_driver_sql(f"PRAGMA cache_size={int(previous)}")


_NAMES = ", ".join((*ROW_COLUMNS, "created_at"))
_PG_STAGE = (f"CREATE TEMP TABLE IF NOT EXISTS activity_incoming ON COMMIT DROP AS "
             f"SELECT {_NAMES} FROM activity WITH NO DATA")
# Binary COPY, for which each column's type is named: a fifth of the text format's cost on
# this side (measured: 0.4 against 2.0 us a row) and less parsing on the server's.
_PG_STAGE_TYPES = ("SELECT atttypid::int FROM pg_attribute WHERE attrelid = "
                   "'activity_incoming'::regclass AND attnum > 0 AND NOT attisdropped "
                   "ORDER BY attnum")
_PG_MERGE = (f"INSERT INTO activity ({_NAMES}) SELECT {_NAMES} FROM activity_incoming "
             "ON CONFLICT (external_id, metric) DO UPDATE SET "
             + ", ".join(f"{name} = excluded.{name}" for name in UPDATABLE))


@dataclass(frozen=True)
class _SqliteUpsert:
    sql: str  # positional parameters, in the order of (*ROW_COLUMNS, created_at)
    day: Callable[[date], Any]  # how SQLAlchemy stores each typed column on SQLite
    quantity: Callable[[float], Any]
    created_at: Callable[[datetime], Any]


_DAY_CACHE = 4096  # a file's days repeat: each one's text is made once


@cache
def _sqlite_upsert(dialect: Dialect) -> _SqliteUpsert:
    """The upsert's SQL and the bind processors of the columns that have one (the day's
    remembered, since a file repeats a few hundred days a million times)."""
    names = (*ROW_COLUMNS, "created_at")
    statement = sqlite_insert(_ACTIVITY).values({name: bindparam(name) for name in names})
    statement = statement.on_conflict_do_update(
        index_elements=["external_id", "metric"],
        set_={name: statement.excluded[name] for name in UPDATABLE},
    )
    compiled = statement.compile(dialect=dialect)
    if tuple(compiled.positiontup or ()) != names:
        raise RuntimeError("the SQLite upsert's parameters are not in ROW_COLUMNS order")
    processors = {name: p for name in names if (p := _ACTIVITY.c[name].type.dialect_impl(
        dialect).bind_processor(dialect)) is not None}
    unexpected = set(processors) - {"day", "quantity", "created_at"}
    if unexpected:  # a column changed type: convert it in ActivityWriter._executemany too
        raise RuntimeError(f"columns to convert for SQLite: {sorted(unexpected)}")
    return _SqliteUpsert(
        sql=str(compiled),
        day=lru_cache(maxsize=_DAY_CACHE)(processors.get("day", _same)),
        quantity=processors.get("quantity", _same),
        created_at=processors.get("created_at", _same))


def _same(value: Any) -> Any:
    return value


def join_default_team(session: Session, *, user_ids: Collection[str]) -> list[str]:
    """People and default-team memberships for users the bot has not seen; the ones joined."""
    wanted = sorted(set(user_ids))
    if not wanted:
        return []
    known: set[str] = set()
    members: set[str] = set()
    for chunk in _chunks(wanted):
        known.update(session.exec(select(Person.user_id).where(col(Person.user_id).in_(chunk))))
        members.update(session.exec(select(Member.user_id).where(col(Member.user_id).in_(chunk))))
    team_id = session.exec(select(Team.id).where(col(Team.is_default))).first()
    if team_id is None:
        raise LookupError("no default team: run `kpibot db upgrade` and start the bot once")
    for user_id in wanted:
        if user_id not in known:
            session.add(Person(user_id=user_id))
    session.flush()  # the memberships' foreign keys need the people first
    joined = [u for u in wanted if u not in members]
    for user_id in joined:
        session.add(Member(team_id=team_id, user_id=user_id, role="sdr"))
    session.flush()
    return joined


def user_id_by_email(session: Session, *, email: str) -> str | None:
    """A user the bot already knows by this e-mail (learned from Slack's profile)."""
    return session.exec(
        select(Person.user_id).where(func.lower(col(Person.email)) == email.lower())
    ).first()


def home_timezone(session: Session, *, user_id: str) -> str | None:
    """The time zone of the user's home team (SDR membership first); None if in no team."""
    return session.exec(
        select(Team.timezone).join(Member, col(Member.team_id) == col(Team.id))
        .where(Member.user_id == user_id)
        .order_by((col(Member.role) == "sdr").desc(), col(Team.id)).limit(1)
    ).first()


def home_timezones(session: Session) -> dict[str, str]:
    """Every team member's home time zone, as home_timezone picks it, in one query: an
    import naming hundreds of people asks once, not once each."""
    found: dict[str, str] = {}
    for user_id, zone in session.exec(
        select(Member.user_id, Team.timezone).join(Team, col(Member.team_id) == col(Team.id))
        .order_by(col(Member.user_id), (col(Member.role) == "sdr").desc(), col(Team.id))
    ):
        found.setdefault(user_id, zone)
    return found


def default_timezone(session: Session) -> str:
    return session.exec(select(Team.timezone).where(col(Team.is_default))).first() or "UTC"


def add_audit(session: Session, *, actor_id: str, action: str, subject: str,
              detail: Mapping[str, Any]) -> None:
    session.add(AuditEvent(actor_id=actor_id, action=action, subject=subject[:120],
                           detail=json.dumps(detail, sort_keys=True, default=str)))


# --- exports ------------------------------------------------------------------------------


def _live(user_ids: Sequence[str] | None, start: date | None, end: date | None) -> list[Any]:
    where: list[Any] = [col(Activity.deleted_at).is_(None)]
    if user_ids is not None:
        where.append(col(Activity.user_id).in_(user_ids))
    if start is not None:
        where.append(col(Activity.day) >= start)
    if end is not None:
        where.append(col(Activity.day) <= end)
    return where


def name_unnamed_activities(session: Session, *, user_ids: Sequence[str] | None,
                            start: date | None, end: date | None) -> None:
    """Give rows typed in Slack (no external_id) a stable one, `kpibot:<id>`, so an export
    re-imports, here or into another database, without ever counting a row twice."""
    session.connection().execute(
        update(_ACTIVITY)
        .where(col(Activity.external_id).is_(None), *_live(user_ids, start, end))
        .values(external_id=literal("kpibot:").concat(cast(_ACTIVITY.c.id, String)))
    )


def export_rows(session: Session, *, user_ids: Sequence[str] | None, start: date | None,
                end: date | None) -> Iterator[Any]:
    """Live activity in day order, streamed from the server a batch at a time."""
    query = (
        sa_select(_ACTIVITY.c.day, _ACTIVITY.c.user_id, _ACTIVITY.c.metric,
                  _ACTIVITY.c.quantity, _ACTIVITY.c.source, _ACTIVITY.c.technique,
                  _ACTIVITY.c.note, _ACTIVITY.c.external_id, _ACTIVITY.c.currency)
        .where(*_live(user_ids, start, end))
        .order_by(_ACTIVITY.c.day, _ACTIVITY.c.user_id, _ACTIVITY.c.id)
    )
    result = session.connection().execution_options(stream_results=True, yield_per=5000)
    yield from result.execute(query)


def audit_rows(session: Session, *, since: datetime | None, subject_user: str | None,
               limit: int | None) -> Iterator[AuditEvent]:
    """Audit events, newest first; `subject_user` keeps those done by or to that user."""
    query = select(AuditEvent).order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
    if since is not None:
        query = query.where(col(AuditEvent.at) >= since)
    if subject_user is not None:
        query = query.where(
            (col(AuditEvent.actor_id) == subject_user)
            | col(AuditEvent.detail).contains(f'"{subject_user}"')
            | col(AuditEvent.subject).contains(subject_user))
    if limit is not None:
        query = query.limit(limit)
    yield from session.exec(query.execution_options(yield_per=1000))


def timezones(session: Session, *, user_ids: Collection[str]) -> dict[str, str]:
    """Each user's home team time zone; the default team's for users in no team yet."""
    fallback = default_timezone(session)
    return {u: home_timezone(session, user_id=u) or fallback for u in set(user_ids)}


def user_ids_by_email(session: Session, *, emails: Collection[str]) -> dict[str, str]:
    """The users the bot already knows by these e-mails (lower case)."""
    found: dict[str, str] = {}
    for email in emails:
        user_id = user_id_by_email(session, email=email)
        if user_id is not None:
            found[email] = user_id
    return found


def end_transaction(session: Session, *, keep: bool) -> None:
    """Commit a whole file's (or request's) rows, or roll every one of them back."""
    _restore_cache(session)
    if keep:
        session.commit()
    else:
        session.rollback()
