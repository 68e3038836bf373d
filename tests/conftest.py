"""Shared fixtures: stores on SQLite and PostgreSQL, a fixed clock, and the app on a LocalSlack.

PostgreSQL is not optional: `make test` starts one. If it cannot be reached the PostgreSQL
tests fail loudly, unless KPI_SKIP_POSTGRES=1 says to skip them, which is reported too.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import SQLModel

from bot.config import Settings
from bot.console.harness import Harness
from bot.console.local_slack import LocalSlack
from bot.deps import Deps
from storage import people
from storage.db import Store, make_engine, normalise_url
from storage.migrate import upgrade

POSTGRES_URL = os.environ.get(
    "KPI_TEST_POSTGRES_URL", "postgresql://kpibot:kpibot@127.0.0.1:5432/kpibot_test"
)
# Friday 27 November 2026, 10:00 in Oslo: the clock every scenario starts from.
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


class Clock:
    """A settable clock for Deps.now: tests travel in time without waiting."""

    def __init__(self, now: datetime = NOW) -> None:
        self.current = now

    def __call__(self) -> datetime:
        return self.current


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file; each test gets a copy (migrating once is the slow part)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_engine() -> Iterator[Engine]:
    """A database of this test run's own on the PostgreSQL server, dropped at the end, so
    several runs (developers, CI, benchmarks) never share tables."""
    if os.environ.get("KPI_SKIP_POSTGRES") == "1":
        pytest.skip("KPI_SKIP_POSTGRES=1: PostgreSQL tests skipped ON PURPOSE; CI never sets it")
    server = make_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT")
    name = f"kpibot_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        with server.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # any connection failure: say so loudly, never pass silently
        pytest.fail(
            f"PostgreSQL is not reachable at {POSTGRES_URL} ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0][:200]}). Run `make test` (it starts one) or "
            "scripts/ensure-postgres.sh; set KPI_SKIP_POSTGRES=1 only to skip these tests "
            "knowingly.",
            pytrace=False,
        )
    engine = make_engine(make_url(normalise_url(POSTGRES_URL)).set(database=name)
                         .render_as_string(hide_password=False))
    upgrade(engine)
    yield engine
    engine.dispose()
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    server.dispose()


def _truncate_postgres(engine: Engine) -> None:
    names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


def _sqlite_store(template: Path, tmp_path: Path) -> Store:
    path = tmp_path / "kpibot.db"
    shutil.copy(template, path)
    return Store.from_url(f"sqlite:///{path}")


def _with_default_team(store: Store) -> Store:
    store.run_sync(people.ensure_default_team, timezone="Europe/Oslo", channel_id="C0TEAM")
    return store


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_store(request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path
              ) -> Iterator[Store]:
    """A migrated, empty store with the default team, on each database in turn."""
    if request.param == "sqlite":
        store = _sqlite_store(sqlite_template, tmp_path)
    else:
        engine: Engine = request.getfixturevalue("postgres_engine")
        _truncate_postgres(engine)
        store = Store(engine)
    yield _with_default_team(store)
    if request.param == "sqlite":
        store.dispose()


@pytest.fixture
def store(sqlite_template: Path, tmp_path: Path) -> Iterator[Store]:
    """A migrated SQLite store with the default team (Europe/Oslo, channel C0TEAM)."""
    store = _with_default_team(_sqlite_store(sqlite_template, tmp_path))
    yield store
    store.dispose()


@pytest.fixture
def settings() -> Settings:
    return Settings(_env_file=None, kpi_timezone="Europe/Oslo",
                    kpi_scorecard_channel="C0TEAM", kpi_admin_ids=("U0ADMIN",))


@pytest.fixture
async def slack() -> AsyncIterator[LocalSlack]:
    local = await LocalSlack().start()
    yield local
    await local.stop()


@pytest.fixture
async def harness(settings: Settings, store: Store, slack: LocalSlack, clock: Clock
                  ) -> Harness:
    """The real app, its Web API client pointed at the LocalSlack, on a fixed clock."""
    return Harness(Deps(settings, store, now=clock), slack)
