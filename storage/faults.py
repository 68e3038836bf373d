"""The database faults an operator expects and a user can be told plainly about: a lock held
too long, no free database thread, a full disk. Anything else is a bug and keeps its traceback."""

from __future__ import annotations

import re
import sqlite3

from sqlalchemy.exc import StatementError

from storage.db import DatabaseBusy

# PostgreSQL's SQLSTATEs: lock_not_available (lock_timeout), query_canceled
# (statement_timeout), disk_full, insufficient_resources
_PG_STATES = {"55P03": "lock timeout", "57014": "statement timeout", "53100": "disk full",
              "53000": "insufficient resources"}
_SQLITE_CODES = {sqlite3.SQLITE_BUSY: "lock timeout", sqlite3.SQLITE_LOCKED: "lock timeout",
                 sqlite3.SQLITE_FULL: "disk full"}


def expected_fault(exc: BaseException) -> str | None:
    """What went wrong in a few words ("lock timeout", "disk full", ...) when `exc` (or what
    it wraps) is such a fault; None for anything else."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, DatabaseBusy):
            return "no database thread free"
        state = getattr(current, "sqlstate", None)
        if isinstance(state, str) and state in _PG_STATES:
            return _PG_STATES[state]
        if isinstance(current, sqlite3.Error):
            code = getattr(current, "sqlite_errorcode", None)
            if isinstance(code, int) and code & 0xFF in _SQLITE_CODES:  # extended codes too
                return _SQLITE_CODES[code & 0xFF]
        current = getattr(current, "orig", None) or current.__cause__ or current.__context__
    return None


def failed_statement(exc: BaseException) -> str | None:
    """The start of the SQL statement that failed ("INSERT INTO activity (...") so an
    operator sees which table was locked or full: statements are parameterised, so this holds
    no user's words (those are in the parameters, never logged)."""
    if isinstance(exc, StatementError) and isinstance(exc.statement, str):
        return re.sub(r"\s+", " ", exc.statement).strip()[:60] or None
    return None
