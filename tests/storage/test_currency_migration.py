"""Migration 0009 stamps what was stored before it with the currency it was shown in: each
pipeline row with its SDR's team's on its day (a moved SDR's old rows keep the old team's),
each pipeline target with its team's, and every team's currency reaches back from long ago."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Engine

from storage.db import make_engine
from storage.migrate import alembic_config
from tests.storage.test_migrations import postgres_schema_engine

__all__ = ["postgres_schema_engine"]

BEFORE = [
    "INSERT INTO team (id, name, is_default, timezone, currency, workdays, scorecard_weekday,"
    " scorecard_time, nudge_schedule, stretch_pct, nudge_behind_pct, leaderboard_size,"
    " created_at, motion, stale_days) VALUES"
    " (1, 'Default team', TRUE, 'UTC', 'USD', '0,1,2,3,4', 0, '09:00', '', 10, 10, 5,"
    " CURRENT_TIMESTAMP, 'outbound', 3),"
    " (2, 'Nordics', FALSE, 'UTC', 'NOK', '0,1,2,3,4', 0, '09:00', '', 10, 10, 5,"
    " CURRENT_TIMESTAMP, 'outbound', 3)",
    "INSERT INTO person (user_id, nudges_enabled, created_at) VALUES"
    " ('U1', TRUE, CURRENT_TIMESTAMP), ('U2', TRUE, CURRENT_TIMESTAMP),"
    " ('U3', TRUE, CURRENT_TIMESTAMP)",
    # U1 moved from Nordics to the default team on 1 November; U2 is in Nordics with no
    # spell recorded; U3 is in no team
    "INSERT INTO member (team_id, user_id, role) VALUES (1, 'U1', 'sdr'), (2, 'U2', 'sdr')",
    "INSERT INTO teamspell (user_id, team_id, since, recorded_at) VALUES"
    " ('U1', 2, '1970-01-01', CURRENT_TIMESTAMP), ('U1', 1, '2026-11-01', CURRENT_TIMESTAMP)",
    "INSERT INTO activity (entry_id, user_id, day, metric, quantity, origin, created_by,"
    " created_at) VALUES"
    " ('e1', 'U1', '2026-10-20', 'pipeline', 100, 'slash', 'U1', CURRENT_TIMESTAMP),"
    " ('e2', 'U1', '2026-11-20', 'pipeline', 200, 'slash', 'U1', CURRENT_TIMESTAMP),"
    " ('e3', 'U1', '2026-11-20', 'calls', 5, 'slash', 'U1', CURRENT_TIMESTAMP),"
    " ('e4', 'U2', '2026-11-20', 'pipeline', 300, 'slash', 'U2', CURRENT_TIMESTAMP),"
    " ('e5', 'U3', '2026-11-20', 'pipeline', 400, 'slash', 'U3', CURRENT_TIMESTAMP)",
    "INSERT INTO target (team_id, user_id, metric, kind, value, effective_from, set_by,"
    " set_at) VALUES (2, NULL, 'pipeline', 'week', 1000, '2026-01-05', 'M', CURRENT_TIMESTAMP),"
    " (2, NULL, 'calls', 'week', 50, '2026-01-05', 'M', CURRENT_TIMESTAMP)",
]


def _upgrade_with_old_rows(engine: Engine) -> None:
    config = alembic_config(engine)
    command.upgrade(config, "0008")
    with engine.begin() as connection:
        for statement in BEFORE:
            connection.execute(text(statement))
    command.upgrade(config, "head")
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT entry_id, currency FROM activity ORDER BY entry_id")).all()
        assert [tuple(r) for r in rows] == [("e1", "NOK"), ("e2", "USD"), ("e3", None),
                                            ("e4", "NOK"), ("e5", "USD")]
        found = connection.execute(text(
            "SELECT metric, currency FROM target ORDER BY metric")).all()
        assert [tuple(r) for r in found] == [("calls", None), ("pipeline", "NOK")]
        history = connection.execute(text(
            "SELECT team_id, currency, since FROM team_currency ORDER BY team_id")).all()
        assert [(t, c, str(s)) for t, c, s in history] == [(1, "USD", "1970-01-01"),
                                                           (2, "NOK", "1970-01-01")]
    command.downgrade(config, "0008")  # and back: the old schema again
    command.upgrade(config, "head")


def test_the_backfill_on_sqlite(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        _upgrade_with_old_rows(engine)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_the_backfill_on_postgres(postgres_schema_engine: Engine) -> None:
    _upgrade_with_old_rows(postgres_schema_engine)
