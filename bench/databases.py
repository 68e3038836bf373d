"""The generated history in SQLite and PostgreSQL, built once and cached.

Both are migrated with storage.migrate.upgrade, then filled with bulk core inserts: executemany
of plain tuples on SQLite, COPY on PostgreSQL. A database is built under a temporary name and
renamed when complete, so an interrupted build is never mistaken for a cached one. The cache key
is the generator version plus the migrations' text (dataset.fingerprint()), and the data's
shape (dataset.Shape: the base history, `--scale N`, the posting measure's teams); a new key
replaces the cached database of the same shape, never another shape's.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

from bench.dataset import (
    ACTIVITY_COLUMNS,
    BASE,
    MEMBER_COLUMNS,
    PERSON_COLUMNS,
    TARGET_COLUMNS,
    TEAM_COLUMNS,
    TIMEOFF_COLUMNS,
    History,
    Row,
    Shape,
    fingerprint,
)
from storage.db import make_engine
from storage.migrate import upgrade

CACHE_DIR = Path(__file__).resolve().parent.parent / ".bench"  # gitignored
# The test server's credentials; the role may create databases.
POSTGRES_SERVER = os.environ.get("KPI_BENCH_POSTGRES_URL",
                                 "postgresql://kpibot:kpibot@127.0.0.1:5432/")
DB_PREFIX = "kpibot_bench_"


@dataclass(frozen=True)
class Built:
    url: str
    rows: int
    seconds: float  # 0 when it came from the cache
    cached: bool


def _small_tables(history: History) -> list[tuple[str, Sequence[str], list[Row]]]:
    return [
        ("team", TEAM_COLUMNS, history.teams()),
        ("person", PERSON_COLUMNS, history.people()),
        ("member", MEMBER_COLUMNS, history.members()),
        ("target", TARGET_COLUMNS, history.targets()),
        ("timeoff", TIMEOFF_COLUMNS, history.time_off()),
    ]


# --- SQLite ------------------------------------------------------------------------------


def _suffix(shape: Shape) -> str:
    return "" if shape == BASE else f"-{shape.key}"


def sqlite_path(shape: Shape = BASE) -> Path:
    return CACHE_DIR / f"history-{fingerprint()}{_suffix(shape)}.db"


_CACHED = re.compile(r"^history-[0-9a-f]+(?P<shape>-\d+x\d+x\d+)?\.db")


def build_sqlite(*, regenerate: bool = False, shape: Shape = BASE) -> Built:
    path = sqlite_path(shape)
    if path.exists() and not regenerate:
        return Built(f"sqlite:///{path}", _sqlite_count(path), 0.0, True)
    CACHE_DIR.mkdir(exist_ok=True)
    for old in CACHE_DIR.glob("history-*.db*"):  # this shape's earlier versions or schemas
        found = _CACHED.match(old.name)
        if found is not None and (found["shape"] or "") == _suffix(shape):
            old.unlink()
    started = time.perf_counter()
    partial = path.with_name(path.name + ".partial")
    engine = make_engine(f"sqlite:///{partial}")
    upgrade(engine)
    engine.dispose()
    connection = sqlite3.connect(partial)
    try:
        # A fresh file being filled in one go: no journal, no fsync, a big page cache.
        connection.execute("PRAGMA journal_mode=OFF")
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("PRAGMA cache_size=-262144")
        history = History(shape)
        rows = 0
        with connection:
            for table, columns, data in _small_tables(history):
                connection.executemany(_insert(table, columns), data)
            statement = _insert("activity", ACTIVITY_COLUMNS)
            for batch in history.activity():
                connection.executemany(statement, batch)
                rows += len(batch)
        connection.execute("PRAGMA journal_mode=WAL")  # what the app itself runs with
    finally:
        connection.close()
    partial.rename(path)
    return Built(f"sqlite:///{path}", rows, time.perf_counter() - started, False)


def _insert(table: str, columns: Sequence[str]) -> str:
    marks = ", ".join("?" for _ in columns)
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"


def _sqlite_count(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        (count,) = connection.execute("SELECT count(*) FROM activity").fetchone()
        return int(count)
    finally:
        connection.close()


# --- PostgreSQL --------------------------------------------------------------------------


def postgres_url(database: str) -> str:
    return POSTGRES_SERVER.rstrip("/") + "/" + database


def build_postgres(*, regenerate: bool = False, shape: Shape = BASE) -> Built:
    suffix = _suffix(shape).replace("-", "_")
    name = DB_PREFIX + fingerprint() + suffix
    partial = name + "_partial"
    with psycopg.connect(postgres_url("postgres"), autocommit=True) as admin:
        existing = {row[0] for row in admin.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", [DB_PREFIX + "%"])}
        if name in existing and not regenerate:
            return Built(postgres_url(name), _postgres_count(postgres_url(name)), 0.0, True)
        shape_of = re.compile(rf"^{DB_PREFIX}[0-9a-f]+{suffix}(_partial)?$")
        for old in existing:  # this shape's earlier versions, schemas or interrupted builds
            if shape_of.match(old):
                try:
                    admin.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(old)))
                except psycopg.errors.ObjectInUse:  # another checkout's run is using it
                    if old == partial:
                        raise
        started = time.perf_counter()
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(partial)))
        engine = make_engine(postgres_url(partial))
        upgrade(engine)
        engine.dispose()
        rows = _fill_postgres(postgres_url(partial), shape)
        admin.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
            sql.Identifier(partial), sql.Identifier(name)))
    return Built(postgres_url(name), rows, time.perf_counter() - started, False)


def _fill_postgres(url: str, shape: Shape) -> int:
    history = History(shape)
    rows = 0
    with psycopg.connect(url) as connection:
        with connection.cursor() as cursor:
            for table, columns, data in _small_tables(history):
                _copy(cursor, table, columns, [_pg_row(row) for row in data])
            cursor.execute("SELECT setval(pg_get_serial_sequence('team', 'id'), max(id)) "
                           "FROM team")
            with cursor.copy(_copy_statement("activity", ACTIVITY_COLUMNS)) as copy:
                for batch in history.activity():
                    copy.write("".join(_copy_line(_pg_activity(row)) for row in batch))
                    rows += len(batch)
        connection.commit()
    with psycopg.connect(url, autocommit=True) as connection:
        # What autovacuum would soon do: statistics, and the visibility map for index-only scans.
        connection.execute("VACUUM ANALYZE")
    return rows


def _copy_statement(table: str, columns: Sequence[str]) -> sql.Composed:
    return sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in columns))


def _copy(cursor: psycopg.Cursor[tuple[object, ...]], table: str, columns: Sequence[str],
          rows: Iterable[Row]) -> None:
    with cursor.copy(_copy_statement(table, columns)) as copy:
        for row in rows:
            copy.write_row(row)


_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$")


def _utc(value: object) -> object:
    return f"{value}+00" if isinstance(value, str) and _TIMESTAMP.match(value) else value


def _pg_row(row: Row) -> Row:
    """Timestamps get their UTC offset; everything else is text PostgreSQL reads as is."""
    return tuple(_utc(value) for value in row)


def _pg_activity(row: Row) -> Row:
    created, deleted = row[10], row[11]
    return (*row[:10], f"{created}+00", None if deleted is None else f"{deleted}+00", row[12])


def _copy_line(row: Row) -> str:
    # No generated value holds a tab, newline or backslash, so COPY's text format needs no
    # escaping beyond NULL.
    return "\t".join("\\N" if v is None else str(v) for v in row) + "\n"


def _postgres_count(url: str) -> int:
    with psycopg.connect(url) as connection:
        row = connection.execute("SELECT count(*) FROM activity").fetchone()
        assert row is not None
        return int(row[0])
