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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from operator import itemgetter
from typing import Any

from bot.ingest.record import ActivityRecord, CheckedRow, as_row
from bot.kpi.metrics import METRICS, Metric
from storage import imports, people
from storage.models import utcnow
from storage.session import Session

BATCH = 5000
PIPELINE = Metric.PIPELINE.value


@dataclass
class IngestSummary:
    rows: int = 0  # records stored (inserted, or updated by their external_id)
    per_metric: dict[str, float] = field(default_factory=dict)  # summed quantities
    per_user: Counter[str] = field(default_factory=Counter)  # records
    joined: list[str] = field(default_factory=list)  # users new to the bot, now SDRs


def _key(row: CheckedRow) -> str:
    """The row's external_id, or a stable hash of everything it says: the same row
    imported twice is one activity."""
    day, user, metric, quantity, value, source, technique, note, external_id, currency = row
    if external_id is not None:
        return external_id
    text = "\x1f".join(str(part) for part in (
        day.isoformat(), user, metric.value, quantity, value, source, technique, note,
        # only when given, so a file without the column keeps its rows' old ids
        *((currency,) if currency else ())))
    return "row:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


class EntryIds:
    """One entry id per record (so `/kpi undo` never takes more than one row's worth), in
    ascending order within a run: a random prefix, the batch's number and the row's place in
    it. Index inserts then append instead of landing at random pages (measured: about a
    third of an import's time)."""

    def __init__(self) -> None:
        self._prefix = uuid.uuid4().hex[:16]
        self._batches = itertools.count()

    def take(self, count: int) -> list[str]:
        head = f"{self._prefix}{next(self._batches):08x}"
        return [head + place for place in _places(count)]


@cache
def _places(count: int) -> tuple[str, ...]:
    return tuple(f"{i:08x}" for i in range(count))


_NAMES: dict[Metric, str] = {}  # Metric.value is a property: a dict lookup costs less
_USER = itemgetter(1)


def _rows(batch: Sequence[CheckedRow], *, origin: str, actor_id: str, ids: EntryIds,
          summary: IngestSummary, currencies: Mapping[str, str]) -> list[tuple[Any, ...]]:
    """Rows as storage.imports.ROW_COLUMNS orders them, one per metric of each record; the
    batch is added to the summary. A file's million rows pass here, so it is one plain loop.
    Money keeps the row's currency, else the one its SDR's team counts in now (`currencies`)."""
    keyed: dict[tuple[str, str], tuple[Any, ...]] = {}  # the last of two same keys wins
    per_metric = summary.per_metric
    names = _NAMES
    for row, entry_id in zip(batch, ids.take(len(batch)), strict=True):
        day, user, metric, quantity, value, source, technique, note, external_id, given = row
        key = external_id if external_id is not None else _key(row)
        name = names.get(metric) or names.setdefault(metric, metric.value)
        is_money = metric.is_money
        money = (given or currencies[user]) if is_money or value is not None else None
        keyed[(key, name)] = (entry_id, user, day, name, quantity, money if is_money else None,
                              source, technique, note, origin, key, actor_id)
        per_metric[name] = per_metric.get(name, 0.0) + quantity
        if value is not None:
            keyed[(key, PIPELINE)] = (entry_id, user, day, PIPELINE, value, money, source,
                                      technique, note, origin, key, actor_id)
            per_metric[PIPELINE] = per_metric.get(PIPELINE, 0.0) + value
    summary.rows += len(batch)
    summary.per_user.update(map(_USER, batch))
    return list(keyed.values())


def store_records(session: Session, *, records: Iterable[ActivityRecord], origin: str,
                  actor_id: str, action: str, subject: str, detail: Mapping[str, Any],
                  dry_run: bool = False, keep: Callable[[], bool] = lambda: True,
                  batch_size: int = BATCH,
                  before_commit: Callable[[Session], None] | None = None) -> IngestSummary:
    """store_rows for ActivityRecords (the webhook's, a CRM sync's)."""
    return store_rows(session, rows=map(as_row, records), origin=origin, actor_id=actor_id,
                      action=action, subject=subject, detail=detail, dry_run=dry_run,
                      keep=keep, batch_size=batch_size, before_commit=before_commit)


def store_rows(session: Session, *, rows: Iterable[CheckedRow], origin: str,
               actor_id: str, action: str, subject: str, detail: Mapping[str, Any],
               dry_run: bool = False, keep: Callable[[], bool] = lambda: True,
               batch_size: int = BATCH,
               before_commit: Callable[[Session], None] | None = None) -> IngestSummary:
    """Store every checked row in one transaction, in batches; `rows` may be a stream.

    Rows hold Slack user IDs (e-mails resolved) and passed bot.ingest.record's validation.
    When the rows are done, `keep()` says whether to commit (a file with a bad row is rolled
    back whole); the audit event (`action` on `subject`) gets the summary added to `detail`,
    which is read then. A dry run counts and rolls back. `before_commit` writes what must
    commit with the rows (a CRM sync's deletions and cursor) and may add to `detail`."""
    summary = IngestSummary()
    ids = EntryIds()
    currencies: dict[str, str] = {}
    try:
        with imports.ActivityWriter(session) as writer:
            for batch in _batches(rows, batch_size):
                new_users = {row[1] for row in batch} - currencies.keys()
                if new_users:  # a file names its people early: few batches stop here
                    writer.settle()
                    currencies.update(people.currencies_now(session, user_ids=new_users))
                writer.write(_rows(batch, origin=origin, actor_id=actor_id, ids=ids,
                                   summary=summary, currencies=currencies),
                             created_at=utcnow())
        # After the rows (activity has no foreign key to person): the writer has the
        # connection until it is closed.
        summary.joined = imports.join_default_team(session, user_ids=summary.per_user)
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


def _batches(rows: Iterable[CheckedRow], size: int) -> Iterator[list[CheckedRow]]:
    """Lists of `size` rows (itertools.batched is Python 3.12's)."""
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def metric_order(per_metric: dict[str, float]) -> list[tuple[str, float]]:
    """Per-metric totals in scorecard order."""
    return [(m.value, per_metric[m.value]) for m in METRICS if m.value in per_metric]
