"""Alembic owns the schema: an empty database upgrades to head, back to base, and up again.

On SQLite in a fresh file, and on PostgreSQL in a throwaway schema (the session's `public`
schema, which the other PostgreSQL tests share, is never touched).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import storage.models  # noqa: F401  # registers every table on SQLModel.metadata
from storage.db import make_engine
from storage.migrate import alembic_config, upgrade

TABLES = {table.name for table in SQLModel.metadata.sorted_tables}


def head_revision(engine: Engine) -> str:
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        return list(compare_metadata(MigrationContext.configure(connection), SQLModel.metadata))


def round_trip(engine: Engine) -> None:
    assert tables(engine) == set()
    config = alembic_config(engine)

    command.upgrade(config, "head")
    assert tables(engine) == TABLES | {"alembic_version"}
    assert current_revision(engine) == head_revision(engine)
    assert differences(engine) == [], "the models and the migrations disagree"

    command.downgrade(config, "base")
    assert tables(engine) == {"alembic_version"}
    assert current_revision(engine) is None

    upgrade(engine)  # what `kpibot db upgrade` and start-up run
    assert tables(engine) == TABLES | {"alembic_version"}
    assert current_revision(engine) == head_revision(engine)
    upgrade(engine)  # and again: nothing to do
    assert current_revision(engine) == head_revision(engine)


def test_migrations_on_a_fresh_sqlite_file(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    try:
        round_trip(engine)
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        engine.dispose()


@pytest.fixture
def postgres_schema_engine(postgres_engine: Engine) -> Iterator[Engine]:
    """An engine whose every connection lives in a new, empty schema, dropped afterwards."""
    schema = f"migration_test_{uuid.uuid4().hex[:12]}"
    with postgres_engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = create_engine(postgres_engine.url.render_as_string(hide_password=False),
                           connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield engine
    finally:
        engine.dispose()
        with postgres_engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.mark.postgres
def test_migrations_on_postgres(postgres_schema_engine: Engine, postgres_engine: Engine) -> None:
    public_before = tables(postgres_engine)
    round_trip(postgres_schema_engine)
    assert tables(postgres_engine) == public_before  # the shared schema is untouched
