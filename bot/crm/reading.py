"""What both readers share: the clock, the settle lag, how one object type's records become
activities, and how a cursor advances."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo

from bot.crm.activity import CrmActivity, CrmRecord
from bot.crm.mapping import CrmMapping
from bot.crm.retry import RetryPolicy
from bot.crm.rules import activities_for


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class ReadOptions:
    """`settle`: a cursor never moves past now minus this lag, because a CRM's search index and
    SystemModstamp commits trail the clock by seconds; the overlap is re-read next time, which
    idempotent storage absorbs. `sleep` and `now` are injectable for tests."""

    retry: RetryPolicy = field(default_factory=RetryPolicy)
    sleep: Callable[[float], None] = time.sleep
    now: Callable[[], datetime] = utcnow
    settle: timedelta = timedelta(minutes=2)
    page_size: int = 100


def next_position(old: datetime | None, seen: datetime | None, options: ReadOptions) -> (
        datetime | None):
    if seen is None:
        return old
    position = min(seen, options.now() - options.settle)
    return position if old is None or position > old else old


@dataclass(frozen=True)
class TypeRead:
    """One object type's read: its activities, how many records were new, and where its
    cursor moves to (None: it stays)."""

    activities: list[CrmActivity]
    records: int
    position: datetime | None


def read_type(records: Iterable[CrmRecord], since: datetime | None, *, mapping: CrmMapping,
              tz: tzinfo, options: ReadOptions) -> TypeRead:
    """The records changed after `since` as activities. A CRM's filters are coarser than its
    timestamps (whole seconds in SOQL, an inclusive bound in HubSpot's search), so what the
    cursor already covers is dropped here."""
    activities: list[CrmActivity] = []
    count = 0
    newest: datetime | None = None
    for record in records:
        if since is not None and record.modified_at <= since:
            continue
        count += 1
        newest = record.modified_at if newest is None else max(newest, record.modified_at)
        activities.extend(activities_for(record, mapping, tz))
    return TypeRead(activities, count, next_position(since, newest, options))
