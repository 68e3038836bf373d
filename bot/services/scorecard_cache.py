"""A per-process, bounded cache of scorecard messages (`/mykpis` and its period buttons).

An entry is the message for (user, period choice) as compact JSON (a tenth of the memory of
the dicts, and serialised once, not on every answer), tagged with the data's version it was read
at (storage/versions.py) and the day it is for. It is used only while the database's version
is still that one, read once per request, so a write through any path, on any replica, is
seen by the next request; and only on the same day in the viewer's time zone, so the clock
never makes it wrong. When the version cannot be read, nothing is cached or used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from cachetools import LRUCache

from bot.kpi.periods import PeriodChoice, local_today
from bot.services.scorecard_view import Message, dated_scorecard_message
from storage.db import Store

DEFAULT_SIZE = 4096  # entries; a scorecard message is about 4 kB of JSON


@dataclass(frozen=True)
class _Entry:
    version: int
    timezone: str  # the viewer's, whose date the message is for
    today: date
    json: str  # the Message, compact


class ScorecardCache:
    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self._entries: LRUCache[tuple[str, PeriodChoice], _Entry] = LRUCache(maxsize=size)
        self.hits = self.misses = 0

    async def message_json(self, store: Store, *, user_id: str, choice: PeriodChoice,
                           now: datetime) -> str:
        """The scorecard Message as JSON: from the cache when current, else read (in a
        database thread) and kept. The version is read before the data, so an entry is never
        tagged newer than what it holds."""
        version = await store.data_version()
        key = (user_id, choice)
        if version is not None:
            entry = self._entries.get(key)
            if entry is not None and entry.version == version \
                    and local_today(entry.timezone, now) == entry.today:
                self.hits += 1
                return entry.json
        self.misses += 1
        dated = await store.read(dated_scorecard_message, user_id=user_id, choice=choice, now=now)
        text = json.dumps(dated.message, ensure_ascii=False, separators=(",", ":"))
        if version is not None:
            self._keep(key, _Entry(version, dated.timezone, dated.today, text))
        return text

    async def message(self, store: Store, *, user_id: str, choice: PeriodChoice,
                      now: datetime) -> Message:
        """The same, as the dict `respond` and chat.postMessage take."""
        found: Message = json.loads(await self.message_json(store, user_id=user_id,
                                                            choice=choice, now=now))
        return found

    def _keep(self, key: tuple[str, PeriodChoice], entry: _Entry) -> None:
        current = self._entries.get(key)
        if current is not None and current.version > entry.version:
            return  # a request that read the version later already kept a newer one
        self._entries[key] = entry

    def __len__(self) -> int:
        return len(self._entries)
