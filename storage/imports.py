"""Bulk activity writes for imports and the ingest webhook, and the reads exports stream.

Nothing here commits: the caller's one transaction per file (or per webhook request) commits
or rolls back as a whole, so a killed import leaves nothing half-written.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import String, Table, bindparam, cast, func, literal, update
from sqlalchemy import select as sa_select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Dialect
from sqlmodel import Session, col, select

from storage.models import Activity, AuditEvent, Member, Person, Team
from storage.versions import note_write

_ACTIVITY: Table = Activity.__table__  # type: ignore[attr-defined]
_CHUNK = 500  # ids per IN (...) list: well under every driver's parameter limit
# What a later import of a known (external_id, metric) may change; who and when it was first
# stored stays, and a row a user deleted stays deleted.
UPDATABLE = ("user_id", "day", "quantity", "source", "technique", "note")
# What each row given to upsert_activities holds, in this order.
ROW_COLUMNS = ("entry_id", "user_id", "day", "metric", "quantity", "source", "technique",
               "note", "origin", "external_id", "created_by")


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def upsert_activities(session: Session, *, rows: Sequence[Sequence[Any]],
                      created_at: datetime) -> None:
    """Insert rows, or update the row with the same (external_id, metric). SQLite: one
    executemany straight on the driver (the statement compiled once), since at a hundred
    thousand rows a second SQLAlchemy's per-row work would be most of the cost; PostgreSQL:
    COPY into a temporary table and one INSERT ... ON CONFLICT from it.

    Each row holds the values of ROW_COLUMNS, in that order; created_at is the batch's."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        _copy_upsert(connection.connection.driver_connection, rows, created_at)
        note_write(session)  # on the driver's own cursor: no engine event saw these writes
        return
    sql, order, processors = _upsert_statement(connection.dialect)
    stamp = processors.get("created_at", _same)(created_at)
    converters = [(i, processors[name]) for i, name in enumerate(ROW_COLUMNS)
                  if name in processors]
    params: list[Any] = []
    for row in rows:
        values = list(row)
        for index, convert in converters:
            values[index] = convert(values[index])
        values.append(stamp)
        params.append(tuple(values) if order is None or order == _IDENTITY
                      else tuple(values[i] for i in order))
    if order is None:  # named parameters (psycopg)
        names = (*ROW_COLUMNS, "created_at")
        params = [dict(zip(names, values, strict=True)) for values in params]
    connection.exec_driver_sql(sql, params)


_NAMES = ", ".join((*ROW_COLUMNS, "created_at"))
_PG_STAGE = (f"CREATE TEMP TABLE IF NOT EXISTS activity_incoming ON COMMIT DROP AS "
             f"SELECT {_NAMES} FROM activity WITH NO DATA")
_PG_MERGE = (f"INSERT INTO activity ({_NAMES}) SELECT {_NAMES} FROM activity_incoming "
             "ON CONFLICT (external_id, metric) DO UPDATE SET "
             + ", ".join(f"{name} = excluded.{name}" for name in UPDATABLE))


def _copy_upsert(driver: Any, rows: Sequence[Sequence[Any]], created_at: datetime) -> None:
    """PostgreSQL: COPY the batch into a temporary table of this transaction, then one
    INSERT ... ON CONFLICT from it (COPY itself cannot update a known row)."""
    with driver.cursor() as cursor:
        cursor.execute(_PG_STAGE)
        with cursor.copy(f"COPY activity_incoming ({_NAMES}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row((*row, created_at))
        cursor.execute(_PG_MERGE)
        cursor.execute("TRUNCATE activity_incoming")


_IDENTITY = list(range(len(ROW_COLUMNS) + 1))


def _same(value: Any) -> Any:
    return value


@cache
def _upsert_statement(dialect: Dialect) -> tuple[str, list[int] | None, dict[str, Any]]:
    """The upsert's SQL; for positional drivers, where each value of (*ROW_COLUMNS,
    created_at) goes; and the bind processors (how SQLAlchemy stores a date or a time on this
    database) of the columns that have one."""
    names = (*ROW_COLUMNS, "created_at")
    insert = pg_insert if dialect.name == "postgresql" else sqlite_insert
    statement = insert(_ACTIVITY).values({name: bindparam(name) for name in names})
    statement = statement.on_conflict_do_update(
        index_elements=["external_id", "metric"],
        set_={name: statement.excluded[name] for name in UPDATABLE},
    )
    compiled = statement.compile(dialect=dialect)
    order = [names.index(n) for n in compiled.positiontup] if compiled.positiontup else None
    processors = {name: p for name in names if (p := _ACTIVITY.c[name].type.dialect_impl(
        dialect).bind_processor(dialect)) is not None}
    return str(compiled), order, processors


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
                  _ACTIVITY.c.note, _ACTIVITY.c.external_id)
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
    if keep:
        session.commit()
    else:
        session.rollback()
