"""Storing validated activity from outside Slack: a CSV file or a webhook request.

Both ways in end here, with records that passed bot.ingest.record.check_record: each call is
one transaction (all of a file or a request, or nothing), idempotent by external_id, or by a
stable hash of the row where there is none, and leaves one audit event saying who, when and
what.
"""

from __future__ import annotations

import hashlib
import itertools
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.ingest.record import ActivityRecord
from bot.kpi.metrics import METRICS, Metric
from storage import imports, people
from storage.models import utcnow
from storage.session import Session

BATCH = 5000
PIPELINE = Metric.PIPELINE.value
FALLBACK_CURRENCY = "USD"  # a user in no team and no default team: Team.currency's default


@dataclass
class IngestSummary:
    rows: int = 0  # records stored (inserted, or updated by their external_id)
    per_metric: dict[str, float] = field(default_factory=dict)  # summed quantities
    per_user: Counter[str] = field(default_factory=Counter)  # records
    joined: list[str] = field(default_factory=list)  # users new to the bot, now SDRs

    def add(self, record: ActivityRecord) -> None:
        self.rows += 1
        self.per_user[record.user] += 1
        metric = record.metric.value
        self.per_metric[metric] = self.per_metric.get(metric, 0.0) + record.quantity
        if record.value is not None:
            self.per_metric[PIPELINE] = self.per_metric.get(PIPELINE, 0.0) + record.value


def row_key(record: ActivityRecord) -> str:
    """The record's external_id, or a stable hash of everything it says: the same row
    imported twice is one activity."""
    if record.external_id is not None:
        return record.external_id
    text = "\x1f".join(str(part) for part in (
        record.day.isoformat(), record.user, record.metric.value, record.quantity,
        record.value, record.source, record.technique, record.note,
        # only when given, so a file without the column keeps its rows' old ids
        *((record.currency,) if record.currency else ())))
    return "row:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


class EntryIds:
    """One entry id per record (so `/kpi undo` never takes more than one row's worth), in
    ascending order within a run: a random prefix and a counter. Index inserts then append
    instead of landing at random pages (measured: about a third of an import's time)."""

    def __init__(self) -> None:
        self._prefix = uuid.uuid4().hex[:16]
        self._count = itertools.count()

    def next(self) -> str:
        return f"{self._prefix}{next(self._count):016x}"


def _rows(records: Sequence[ActivityRecord], *, origin: str, actor_id: str,
          ids: EntryIds, currencies: Mapping[str, str]) -> list[tuple[Any, ...]]:
    """Rows as storage.imports.ROW_COLUMNS orders them, one per metric of each record. Money
    keeps the record's currency, else the one its SDR's team counts in now (`currencies`)."""
    keyed: dict[tuple[str, str], tuple[Any, ...]] = {}  # the last of two same keys wins
    for record in records:
        entry_id = ids.next()
        external_id = row_key(record)
        metric = record.metric.value
        money = record.currency or currencies.get(record.user, FALLBACK_CURRENCY)
        keyed[(external_id, metric)] = (
            entry_id, record.user, record.day, metric, record.quantity, record.source,
            record.technique, record.note, origin, external_id, actor_id,
            money if record.metric.is_money else None)
        if record.value is not None:
            keyed[(external_id, PIPELINE)] = (
                entry_id, record.user, record.day, PIPELINE, record.value, record.source,
                record.technique, record.note, origin, external_id, actor_id, money)
    return list(keyed.values())


def _batches(records: Iterable[ActivityRecord], size: int) -> Iterable[list[ActivityRecord]]:
    batch: list[ActivityRecord] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def store_records(session: Session, *, records: Iterable[ActivityRecord], origin: str,
                  actor_id: str, action: str, subject: str, detail: Mapping[str, Any],
                  dry_run: bool = False, keep: Callable[[], bool] = lambda: True,
                  batch_size: int = BATCH,
                  before_commit: Callable[[Session], None] | None = None) -> IngestSummary:
    """Store every record in one transaction, in batches; `records` may be a stream.

    Records hold Slack user IDs (e-mails resolved) and passed check_record. When the records
    are done, `keep()` says whether to commit (a file with a bad row is rolled back whole);
    the audit event (`action` on `subject`) gets the summary added to `detail`, which is read
    then. A dry run counts and rolls back. `before_commit` writes what must commit with the
    records (a CRM sync's deletions and cursor) and may add to `detail`."""
    summary = IngestSummary()
    seen_users: set[str] = set()
    currencies: dict[str, str] = {}
    ids = EntryIds()
    try:
        for batch in _batches(records, batch_size):
            new_users = {r.user for r in batch} - seen_users
            seen_users |= new_users
            summary.joined += imports.join_default_team(session, user_ids=new_users)
            currencies.update(people.currencies_now(session, user_ids=new_users))
            imports.upsert_activities(session, rows=_rows(batch, origin=origin,
                                                          actor_id=actor_id, ids=ids,
                                                          currencies=currencies),
                                      created_at=utcnow())
            for record in batch:
                summary.add(record)
        if before_commit is not None:
            before_commit(session)
        imports.add_audit(session, actor_id=actor_id, action=action, subject=subject, detail={
            **detail, "rows": summary.rows, "per_metric": dict(summary.per_metric),
            "user_ids": sorted(summary.per_user), "joined": summary.joined, "origin": origin})
        imports.end_transaction(session, keep=not dry_run and keep())
    except BaseException:
        imports.end_transaction(session, keep=False)
        raise
    return summary


def metric_order(per_metric: dict[str, float]) -> list[tuple[str, float]]:
    """Per-metric totals in scorecard order."""
    return [(m.value, per_metric[m.value]) for m in METRICS if m.value in per_metric]
