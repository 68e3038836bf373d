"""Activity storage on SQLite and PostgreSQL: entries, sums over ranges, undo, the audit trail."""

from __future__ import annotations

import json
from datetime import date

from sqlmodel import Session, col, select

from bot.kpi.metrics import Metric
from storage import activity
from storage.db import Store
from storage.models import Activity, AuditEvent
from tests.conftest import NOW

C, E, P = Metric.CALLS, Metric.EMAILS, Metric.PIPELINE


def d(month: int, day: int) -> date:
    return date(2026, month, day)


def log(store: Store, user_id: str, day: date, quantities: dict[Metric, float], *,
        source: str | None = None, note: str | None = None) -> str:
    entry_id: str = store.run_sync(
        activity.insert_entry, user_id=user_id, day=day, quantities=quantities, source=source,
        note=note, origin="slash", actor_id=user_id,
    )
    return entry_id


def sums(store: Store, user_ids: list[str], *ranges: tuple[date, date]
         ) -> list[dict[Metric, float]]:
    result: list[dict[Metric, float]] = store.run_sync(
        activity.sum_parts, parts=[(user_ids, r) for r in ranges], currency=None
    )
    return result


def rows(store: Store) -> list[Activity]:
    def fetch(session: Session) -> list[Activity]:
        return list(session.exec(select(Activity).order_by(col(Activity.id))).all())

    return store.run_sync(fetch)


def audit(store: Store) -> list[AuditEvent]:
    def fetch(session: Session) -> list[AuditEvent]:
        return list(session.exec(select(AuditEvent).order_by(col(AuditEvent.id))).all())

    return store.run_sync(fetch)


def test_insert_entry_stores_one_row_per_metric_and_an_audit_event(any_store: Store) -> None:
    entry = log(any_store, "U1", d(11, 26), {C: 25, E: 3}, source="inbound", note="new script")
    stored = rows(any_store)
    assert [(r.metric, r.quantity) for r in stored] == [("calls", 25), ("emails", 3)]
    for row in stored:
        assert (row.entry_id, row.user_id, row.day, row.source, row.note, row.origin) == (
            entry, "U1", d(11, 26), "inbound", "new script", "slash"
        )
        assert row.created_by == "U1" and row.deleted_at is None
    [event] = audit(any_store)
    assert (event.actor_id, event.action, event.subject) == ("U1", "activity.log", f"entry:{entry}")
    assert json.loads(event.detail) == {
        "user_id": "U1", "day": "2026-11-26", "quantities": {"calls": 25, "emails": 3},
        "source": "inbound", "origin": "slash",
    }


def test_sums_over_overlapping_ranges(any_store: Store) -> None:
    log(any_store, "U1", d(11, 16), {C: 10})
    log(any_store, "U1", d(11, 23), {C: 5, E: 2})
    log(any_store, "U1", d(11, 27), {C: 3})
    log(any_store, "U1", d(11, 27), {C: 1, P: 1500.5})
    log(any_store, "U1", d(11, 30), {C: 7})
    week, friday, overlap, weekend, again, november = sums(
        any_store, ["U1"],
        (d(11, 23), d(11, 30)),
        (d(11, 27), d(11, 28)),
        (d(11, 16), d(11, 28)),
        (d(11, 28), d(11, 30)),
        (d(11, 23), d(11, 30)),
        (d(11, 1), d(12, 1)),
    )
    assert week == again == {C: 9, E: 2, P: 1500.5}
    assert friday == {C: 4, P: 1500.5}
    assert overlap == {C: 19, E: 2, P: 1500.5}
    assert weekend == {}  # metrics without activity are absent, not zero
    assert november == {C: 26, E: 2, P: 1500.5}
    assert all(isinstance(v, float) for v in november.values())


def test_range_ends_are_exclusive(any_store: Store) -> None:
    log(any_store, "U1", d(11, 30), {C: 7})
    before, at = sums(any_store, ["U1"], (d(11, 23), d(11, 30)), (d(11, 30), d(12, 1)))
    assert before == {} and at == {C: 7}


def test_sums_of_several_users(any_store: Store) -> None:
    log(any_store, "U1", d(11, 23), {C: 10})
    log(any_store, "U2", d(11, 24), {C: 20, E: 1})
    log(any_store, "U3", d(11, 24), {C: 40})
    week = (d(11, 23), d(11, 30))
    assert sums(any_store, ["U1", "U2"], week) == [{C: 30, E: 1}]
    assert sums(any_store, ["U3"], week) == [{C: 40}]
    assert sums(any_store, ["U1", "U2", "U3", "U9"], week) == [{C: 70, E: 1}]
    assert sums(any_store, ["U9"], week) == [{}]
    assert sums(any_store, [], week, week) == [{}, {}]
    assert sums(any_store, ["U1"]) == []


def test_deleted_rows_are_not_summed(any_store: Store) -> None:
    log(any_store, "U1", d(11, 23), {C: 10})
    log(any_store, "U1", d(11, 24), {C: 5, E: 4})
    any_store.run_sync(activity.undo_last_entry, user_id="U1", actor_id="U1",
                           now=NOW, origins=["slash"])
    assert sums(any_store, ["U1"], (d(11, 23), d(11, 30))) == [{C: 10}]
    any_store.run_sync(activity.undo_last_entry, user_id="U1", actor_id="U1",
                           now=NOW, origins=["slash"])
    assert sums(any_store, ["U1"], (d(11, 23), d(11, 30))) == [{}]


def test_undo_removes_the_newest_entry_only_softly_with_an_audit_event(any_store: Store) -> None:
    first = log(any_store, "U1", d(11, 26), {C: 25, E: 3})
    # Logged later, for an earlier day: the newest entry is the one logged last.
    second = log(any_store, "U1", d(11, 20), {C: 5, Metric.MEETINGS_BOOKED: 1})
    other = log(any_store, "U2", d(11, 26), {C: 99})

    undone = any_store.run_sync(activity.undo_last_entry, user_id="U1", actor_id="U1",
                           now=NOW, origins=["slash"])
    assert {r.entry_id for r in undone} == {second}
    assert sorted((r.metric, r.quantity) for r in undone) == [("calls", 5), ("meetings_booked", 1)]

    stored = {(r.entry_id, r.metric): r for r in rows(any_store)}
    assert len(stored) == 5  # soft-deleted, not removed
    for (entry, _), row in stored.items():
        if entry == second:
            assert row.deleted_at is not None and row.deleted_by == "U1"
        else:
            assert row.deleted_at is None and row.deleted_by is None
    assert sums(any_store, ["U1"], (d(11, 16), d(11, 30))) == [{C: 25, E: 3}]

    events = audit(any_store)
    assert [(e.action, e.subject) for e in events] == [
        ("activity.log", f"entry:{first}"),
        ("activity.log", f"entry:{second}"),
        ("activity.log", f"entry:{other}"),
        ("activity.undo", f"entry:{second}"),
    ]
    assert events[-1].actor_id == "U1"
    assert json.loads(events[-1].detail) == {
        "user_id": "U1", "quantities": {"calls": 5, "meetings_booked": 1},
    }

    again = any_store.run_sync(activity.undo_last_entry, user_id="U1", actor_id="U0ADMIN",
                           now=NOW, origins=["slash"])
    assert {r.entry_id for r in again} == {first}
    assert {r.deleted_by for r in again} == {"U0ADMIN"}
    assert any_store.run_sync(activity.undo_last_entry, user_id="U1", actor_id="U1",
                           now=NOW, origins=["slash"]) == []
    assert len(audit(any_store)) == 5  # nothing undone, nothing recorded
    assert sums(any_store, ["U2"], (d(11, 16), d(11, 30))) == [{C: 99}]  # U2 untouched


def test_undo_with_nothing_logged(any_store: Store) -> None:
    assert any_store.run_sync(activity.undo_last_entry, user_id="U1", actor_id="U1",
                           now=NOW, origins=["slash"]) == []
    assert audit(any_store) == []
