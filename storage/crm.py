"""CRM sync state: the cursor per source, its claim per 15-minute slot, how the last run went,
and the activity rows a sync retracts or takes back from a Slack user's deletion.

The cursor, the rows it covers and the run's numbers are written in one transaction (the
caller's); the claims and the notices to admins commit on their own.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select as sa_select
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models import Activity, CrmCursor

_CHUNK = 500


@dataclass(frozen=True)
class SyncState:
    source: str
    cursor: str  # JSON; "{}" before the first sync
    version: int
    last_run_at: datetime | None
    last_ok_at: datetime | None
    records_read: int
    rows_changed: int
    errors: int
    unmatched: tuple[str, ...]
    last_error: str | None
    auth_error: str | None


@dataclass(frozen=True)
class StoredRow:
    """What a synced (external_id, metric) holds now."""

    user_id: str
    day: date
    quantity: float
    deleted_at: datetime | None
    deleted_by: str | None
    currency: str | None = None


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)  # SQLite: naive


def _state(row: CrmCursor) -> SyncState:
    return SyncState(
        source=row.source, cursor=row.cursor, version=row.version,
        last_run_at=_utc(row.last_run_at), last_ok_at=_utc(row.last_ok_at),
        records_read=row.records_read, rows_changed=row.rows_changed, errors=row.errors,
        unmatched=tuple(json.loads(row.unmatched)), last_error=row.last_error,
        auth_error=row.auth_error)


def _row(session: Session, source: str) -> CrmCursor:
    """The source's row, created on first use (two creators: the unique key decides)."""
    row = session.get(CrmCursor, source)
    if row is not None:
        return row
    session.add(CrmCursor(source=source))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
    found = session.get(CrmCursor, source)
    assert found is not None
    return found


def sync_state(session: Session, *, source: str) -> SyncState:
    return _state(_row(session, source))


def sync_states(session: Session) -> list[SyncState]:
    """Every source that was ever synced, by name."""
    rows = session.exec(select(CrmCursor).order_by(col(CrmCursor.source))).all()
    return [_state(row) for row in rows]


def claim_slot(session: Session, *, source: str, slot: str, claimed_by: str) -> bool:
    """Claim one 15-minute slot's run of a source: of all replicas, the first to ask gets it.
    Slots are ISO timestamps, so a later slot sorts after an earlier one."""
    _row(session, source)
    result = session.exec(
        update(CrmCursor).where(col(CrmCursor.source) == source,
                                col(CrmCursor.slot).is_(None) | (col(CrmCursor.slot) < slot))
        .values(slot=slot, claimed_by=claimed_by))
    session.commit()
    return bool(result.rowcount == 1)


def take_cursor(session: Session, *, source: str, version: int) -> bool:
    """The storing transaction's first statement: bump the version this run started from.
    On PostgreSQL a second sync's same UPDATE waits on this row until the first commits, then
    finds the version moved; False means someone else stored first, so store nothing."""
    result = session.exec(
        update(CrmCursor).where(col(CrmCursor.source) == source,
                                col(CrmCursor.version) == version)
        .values(version=version + 1))
    return bool(result.rowcount == 1)


def save_run(session: Session, *, source: str, cursor: str | None, now: datetime,
             records_read: int, rows_changed: int, errors: int, unmatched: Sequence[str],
             error: str | None) -> None:
    """The run's numbers (and, when it stored, its cursor); the caller commits. A run that
    read anything clears an earlier auth failure: the token works again."""
    values: dict[str, object] = dict(
        last_run_at=now, records_read=records_read, rows_changed=rows_changed, errors=errors,
        unmatched=json.dumps(sorted(unmatched)), last_error=(error or "")[:300] or None)
    if cursor is not None:
        values.update(cursor=cursor, last_ok_at=now, auth_error=None, auth_notified=False)
    session.exec(update(CrmCursor).where(col(CrmCursor.source) == source).values(**values))


def note_failure(session: Session, *, source: str, error: str, now: datetime, auth: bool,
                 notify: bool) -> bool:
    """A run that failed before storing. For an auth failure with `notify`, True the first
    time only: the admins are told once, until a run succeeds again."""
    row = _row(session, source)
    first = auth and notify and not row.auth_notified
    row.last_run_at = now
    row.last_error = error[:300]
    if auth:
        row.auth_error = error[:300]
        row.auth_notified = row.auth_notified or notify
    session.add(row)
    session.commit()
    return first


def newly_unmatched(session: Session, *, source: str, owners: Collection[str]) -> list[str]:
    """The owners the admins have not been told of yet, remembered as told."""
    row = _row(session, source)
    told = set(json.loads(row.reported_unmatched))
    new = sorted(set(owners) - told)
    if new:
        row.reported_unmatched = json.dumps(sorted(told | set(new)))
        session.add(row)
        session.commit()
    return new


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def stored_rows(session: Session, *, external_ids: Collection[str]) -> dict[str, StoredRow]:
    """The rows stored under these external ids (a CRM contribution's id names its metric,
    so each is one row), deleted ones included."""
    found: dict[str, StoredRow] = {}
    for chunk in _chunks(sorted(set(external_ids))):
        rows = session.connection().execute(
            sa_select(col(Activity.external_id), col(Activity.user_id), col(Activity.day),
                      col(Activity.quantity), col(Activity.deleted_at),
                      col(Activity.deleted_by), col(Activity.currency))
            .where(col(Activity.external_id).in_(chunk))).all()
        for external_id, user_id, day, quantity, deleted_at, deleted_by, currency in rows:
            if external_id is not None:
                found[external_id] = StoredRow(user_id, day, quantity, _utc(deleted_at),
                                               deleted_by, currency or None)
    return found


def retract(session: Session, *, external_ids: Sequence[str], actor_id: str, now: datetime
            ) -> None:
    """Soft-delete the live rows of these ids (the CRM deleted them, or they stopped counting)."""
    for chunk in _chunks(list(external_ids)):
        session.exec(update(Activity).where(col(Activity.external_id).in_(chunk),
                                            col(Activity.deleted_at).is_(None))
                     .values(deleted_at=now, deleted_by=actor_id))


def restore(session: Session, *, external_ids: Sequence[str]) -> None:
    """Make these rows live again: the CRM counts them, whoever deleted them."""
    for chunk in _chunks(list(external_ids)):
        session.exec(update(Activity).where(col(Activity.external_id).in_(chunk))
                     .values(deleted_at=None, deleted_by=None))
