"""The request path's bounds, as the databases themselves report them, and the engine's
settings that keep users' words out of logs and a URL's own parameters in force."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

import storage.db
from storage.db import Store, make_engine, normalise_url


def _settings(session: Session) -> dict[str, str]:
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        return {"busy_timeout": str(connection.exec_driver_sql("PRAGMA busy_timeout").scalar()),
                "query_only": str(connection.exec_driver_sql("PRAGMA query_only").scalar())}
    return {name: str(connection.execute(text(f"SHOW {name}")).scalar())
            for name in ("lock_timeout", "statement_timeout", "transaction_read_only")}


def _write_then_settings(session: Session) -> dict[str, str]:
    session.connection().exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS scratch (x INTEGER)")
    return _settings(session)


async def test_reads_and_writes_are_bounded_and_reads_cannot_write(any_store: Store) -> None:
    read = await any_store.run(_settings)
    written = await any_store.run(_write_then_settings)  # refused as a reader, rerun
    if any_store.is_postgres:
        assert read == {"lock_timeout": "1s", "statement_timeout": "1500ms",
                        "transaction_read_only": "on"}
        assert written == {**read, "transaction_read_only": "off"}
    else:
        assert read == {"busy_timeout": str(storage.db.LOCK_TIMEOUT_MS), "query_only": "1"}
        assert written == {**read, "query_only": "0"}


async def test_start_up_and_the_command_line_are_not_bounded_by_the_request_path(
    any_store: Store
) -> None:
    settings = any_store.run_sync(_settings)
    if any_store.is_postgres:
        assert settings == {"lock_timeout": "0", "statement_timeout": "0",
                            "transaction_read_only": "off"}
    else:
        assert settings["query_only"] == "0"


def test_a_urls_own_connection_options_are_kept(postgres_engine: Engine) -> None:
    url = make_url(normalise_url(postgres_engine.url.render_as_string(hide_password=False)))
    with_path = url.update_query_dict({"options": "-csearch_path=elsewhere,public"})
    for read_only in (False, True):
        engine = make_engine(with_path.render_as_string(hide_password=False),
                             reader=read_only)
        with engine.connect() as connection:
            assert connection.execute(text("SHOW search_path")).scalar() == "elsewhere,public"
            assert connection.execute(text("SHOW transaction_read_only")).scalar() == (
                "on" if read_only else "off")
        engine.dispose()


def test_engines_hide_sql_parameters(any_store: Store) -> None:
    assert any_store.engine.hide_parameters
