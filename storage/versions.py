"""The data's version: one number (table `dataversion`) that every transaction which wrote
raises as it commits, in that same transaction. A cached read made at version v is current
while the number is still v, on this replica and every other one sharing the database.

Nobody has to remember the bump: `track_writes(engine)` (every engine of make_engine) notes any
INSERT, UPDATE, DELETE, ... a connection runs that changed a row, and raises the number just
before that transaction commits. A writer that goes around SQLAlchemy's cursor (a driver's
COPY) says so with `note_write(session)`.
"""

from __future__ import annotations

import re
import sqlite3
import time
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

_WROTE = "kpibot.wrote"  # Connection.info: this transaction has written
# Statements that change data; SELECT ... FOR UPDATE and SET are not among them.
_WRITE = re.compile(r"\s*\(?\s*(INSERT|UPDATE|DELETE|REPLACE|UPSERT|MERGE|TRUNCATE|COPY)\b",
                    re.IGNORECASE)
_DML = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|UPSERT|MERGE)\b", re.IGNORECASE)
_WITH_WRITE = re.compile(r"^\s*WITH\b.*\b(INSERT|UPDATE|DELETE|MERGE)\b",
                         re.IGNORECASE | re.DOTALL)
# A row deleted (a test's TRUNCATE) comes back at a number no earlier one reached: the
# microseconds since 1970, far above any count of commits.
BUMP = ("INSERT INTO dataversion (id, version) VALUES (1, {fresh}) ON CONFLICT (id) "
        "DO UPDATE SET version = dataversion.version + 1")
READ = "SELECT version FROM dataversion WHERE id = 1"


def is_write(statement: str) -> bool:
    return bool(_WRITE.match(statement) or _WITH_WRITE.match(statement))


def track_writes(engine: Engine) -> None:
    """Raise the data's version in every transaction on `engine` that writes."""
    if not event.contains(engine, "after_cursor_execute", _note_statement):
        event.listen(engine, "after_cursor_execute", _note_statement)
        event.listen(engine, "begin", _forget)
        event.listen(engine, "rollback", _forget)
        event.listen(engine, "commit", _bump_if_wrote)


def note_write(session: Session) -> None:
    """For a write SQLAlchemy never saw (the driver's own cursor, COPY): the session's
    transaction raises the data's version as it commits."""
    session.connection().info[_WROTE] = True


def _note_statement(conn: Connection, cursor: Any, statement: str, _parameters: Any,
                    context: Any, _executemany: bool) -> None:
    """After each statement: did it change data? An INSERT, UPDATE or DELETE that touched no
    row did not (an upsert of what is already there, a delete of nothing); anything else that
    writes (TRUNCATE, COPY, ...) always counts."""
    if conn.info.get(_WROTE):
        return
    dml = context is not None and (context.isinsert or context.isupdate or context.isdelete)
    if not dml and not is_write(statement):
        return
    # (a statement with RETURNING may not have counted its rows before they are fetched)
    if (dml or _DML.match(statement)) and getattr(cursor, "rowcount", -1) == 0 \
            and "RETURNING" not in statement.upper():
        return
    conn.info[_WROTE] = True


def _forget(conn: Connection) -> None:
    if conn.invalidated:  # the server dropped it: nothing on it can commit, and no info
        return
    conn.info.pop(_WROTE, None)


def _bump_if_wrote(conn: Connection) -> None:
    """Just before COMMIT, on the driver's cursor (the Connection is mid-commit)."""
    if not conn.info.pop(_WROTE, False):
        return
    cursor: Any = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        if conn.dialect.name == "postgresql":
            # a failed statement would abort the transaction: ask first (during migrations
            # before 0010 the table is not there yet)
            cursor.execute("SELECT to_regclass('dataversion') IS NOT NULL")
            if cursor.fetchone()[0]:
                cursor.execute(_bump())
        else:
            try:
                cursor.execute(_bump())
            except sqlite3.OperationalError as exc:  # a failed statement aborts nothing here
                if "no such table" not in str(exc):
                    raise
    finally:
        cursor.close()


def _bump() -> str:
    return BUMP.format(fresh=time.time_ns() // 1000)


def data_version(session: Session) -> int | None:
    """The data's version; None where the table is missing (then nothing may be cached)."""
    row = session.connection().exec_driver_sql(READ).first()
    return None if row is None else int(row[0])
