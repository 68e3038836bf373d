"""A team's totals for a period, kept per process: every SDR of a team shows the same team
average, and summing every member's rows is most of a scorecard's SQL (about two thirds of the
rows a month's scorecard reads). Kept against the data's version (storage/versions.py) read
before the totals, as the scorecard cache does: any write on any replica raises the version,
and an entry of an older one is never used again (it ages out of the bounded LRU)."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from datetime import date
from weakref import WeakKeyDictionary

from cachetools import LRUCache

from bot.kpi.metrics import Metric

DEFAULT_SIZE = 1_024  # a team, period and currency each: 50 teams x 5 periods fit

# (version, team id, its SDRs on the judged day, the half-open range, the currency)
Key = tuple[int, int, tuple[str, ...], tuple[date, date], str]


class TeamTotalsCache:
    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self._entries: LRUCache[Key, dict[Metric, float]] = LRUCache(maxsize=size)
        self._lock = threading.Lock()  # database threads share it
        self.hits = self.misses = 0

    @staticmethod
    def key(*, version: int, team_id: int, sdrs: Sequence[str], span: tuple[date, date],
            currency: str) -> Key:
        return version, team_id, tuple(sdrs), span, currency

    def get(self, key: Key) -> dict[Metric, float] | None:
        """A copy of the totals kept for `key`, or None."""
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                self.misses += 1
                return None
            self.hits += 1
            return dict(found)

    def keep(self, key: Key, totals: Mapping[Metric, float]) -> None:
        with self._lock:
            self._entries[key] = dict(totals)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


_BY_ENGINE: WeakKeyDictionary[object, TeamTotalsCache] = WeakKeyDictionary()
_BY_ENGINE_LOCK = threading.Lock()


def for_engine(engine: object) -> TeamTotalsCache:
    """The cache of one database engine (held weakly; services run no SQL, so it is only a
    key here): two databases copied from one (tests' templates) reach the same versions, so
    no entry may serve another engine's reads."""
    with _BY_ENGINE_LOCK:
        found = _BY_ENGINE.get(engine)
        if found is None:
            found = _BY_ENGINE[engine] = TeamTotalsCache()
        return found
