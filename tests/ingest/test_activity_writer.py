"""Storing checked rows in batches (PostgreSQL: COPY to a staging table, then one INSERT ...
ON CONFLICT awaited while the next batch is made; SQLite: executemany): the same key twice in
a batch, or in two batches, is one row with the last values, a known key updates, and a batch
the database refuses leaves nothing of the whole call."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from psycopg.errors import NotNullViolation
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.ingest.record import CheckedRow
from bot.kpi.metrics import Metric
from bot.services.activity_ingest import store_rows
from storage.db import Store
from storage.models import Activity
from tests.ingest.support import audit, live_rows

DAY = date(2026, 11, 20)


def _row(key: str, quantity: float, *, user: str = "U0SDR1", note: str | None = None,
         value: float | None = None, metric: Metric = Metric.CALLS,
         currency: str | None = None) -> CheckedRow:
    return (DAY, user, metric, quantity, value, None, None, note, key, currency)


def _store(store: Store, rows: list[Any], *, batch_size: int = 2) -> None:
    store.run_sync(store_rows, rows=rows, origin="csv", actor_id="U0MGR",
                   action="activity.import", subject="file:test.csv", detail={},
                   batch_size=batch_size)


def _stored(store: Store) -> dict[tuple[str, str], tuple[str, float, str | None]]:
    def read(session: Session) -> dict[tuple[str, str], tuple[str, float, str | None]]:
        rows = session.exec(select(Activity).where(col(Activity.deleted_at).is_(None))).all()
        return {(str(a.external_id), a.metric): (a.user_id, a.quantity, a.note) for a in rows}
    return store.run_sync(read)


def test_a_key_twice_in_a_batch_or_across_batches_is_one_row_with_the_last_values(
        any_store: Store) -> None:
    _store(any_store, [
        _row("a", 1), _row("a", 2),  # twice in one batch
        _row("b", 3), _row("c", 4),
        _row("b", 5, note="later"), _row("d", 6),  # b again, two batches on
        _row("e", 1, metric=Metric.OPPORTUNITIES, value=9000),
    ])
    assert _stored(any_store) == {
        ("a", "calls"): ("U0SDR1", 2, None), ("b", "calls"): ("U0SDR1", 5, "later"),
        ("c", "calls"): ("U0SDR1", 4, None), ("d", "calls"): ("U0SDR1", 6, None),
        ("e", "opportunities"): ("U0SDR1", 1, None), ("e", "pipeline"): ("U0SDR1", 9000, None),
    }


def test_a_known_key_updates_in_place_and_a_new_one_is_added(any_store: Store) -> None:
    _store(any_store, [_row("a", 1), _row("b", 2), _row("c", 3)])
    _store(any_store, [_row("b", 20, user="U0SDR2"), _row("z", 7)], batch_size=1)
    assert live_rows(any_store) == 4
    stored = _stored(any_store)
    assert stored[("b", "calls")] == ("U0SDR2", 20, None) and stored[("z", "calls")][1] == 7
    assert len(audit(any_store, "activity.import")) == 2


def test_a_batch_the_database_refuses_leaves_nothing_of_the_call(any_store: Store) -> None:
    _store(any_store, [_row("kept", 1)])
    # Without a user: past the Python side (and PostgreSQL's staging table), refused by the
    # table's NOT NULL, in the last batch's INSERT (awaited in the worker thread).
    refused = (DAY, None, Metric.CALLS, 1.0, None, None, None, None, "bad", None)
    with pytest.raises((IntegrityError, NotNullViolation)):  # SQLAlchemy's; psycopg's own
        _store(any_store, [_row("a", 1), _row("b", 2), _row("c", 3), _row("d", 4), refused])
    assert set(_stored(any_store)) == {("kept", "calls")}
    assert len(audit(any_store, "activity.import")) == 1
    _store(any_store, [_row("a", 1)])  # the store (and its connections) still work
    assert live_rows(any_store) == 2


def test_money_keeps_the_rows_currency_or_takes_its_teams(any_store: Store) -> None:
    """A pipeline row without a currency takes the one its SDR's team counts in (the default
    team's USD here); one that names a currency keeps it; a count has none. Across batches,
    with the PostgreSQL writer's worker between them."""
    _store(any_store, [
        _row("a", 1, metric=Metric.OPPORTUNITIES, value=500),
        _row("b", 1, metric=Metric.OPPORTUNITIES, value=700, currency="EUR"),
        _row("c", 900, metric=Metric.PIPELINE, user="U0SDR9"),
        _row("d", 2), _row("e", 50, metric=Metric.PIPELINE, currency="NOK")], batch_size=1)

    def read(session: Session) -> dict[tuple[str, str], str | None]:
        return {(str(a.external_id), a.metric): a.currency
                for a in session.exec(select(Activity)).all()}
    assert any_store.run_sync(read) == {
        ("a", "opportunities"): None, ("a", "pipeline"): "USD",
        ("b", "opportunities"): None, ("b", "pipeline"): "EUR",
        ("c", "pipeline"): "USD", ("d", "calls"): None, ("e", "pipeline"): "NOK"}
