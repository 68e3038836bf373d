"""What both readers share: the clock, the settle lag, and how a cursor advances."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.crm.retry import RetryPolicy


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
