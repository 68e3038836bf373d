"""The source-neutral output of a CRM read: activities, the records they came from, and cursors."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Literal

Source = Literal["hubspot", "salesforce"]


@dataclass(frozen=True)
class CrmActivity:
    """One metric contribution of one CRM record.

    `deleted=True` means "this external_id contributes nothing now": the record was deleted in the
    CRM, or it no longer qualifies (a call no longer connected, a deal without an amount). Storage
    soft-deletes a stored row with that id and ignores an unknown one.
    """

    external_id: str
    source: Source
    object_type: str
    owner_email: str | None
    metric: str
    quantity: float
    value: float | None
    day: date
    modified_at: datetime
    deleted: bool = False
    # The instant `day` was taken from (None for a date-only field): the sync re-dates it in
    # the owner's team's time zone, which the reader cannot know.
    moment: datetime | None = None
    # A deal's currency code as the CRM gives it (None: the owner's team's currency).
    currency: str | None = None

    def day_in(self, tz: tzinfo) -> date:
        return self.moment.astimezone(tz).date() if self.moment is not None else self.day


@dataclass(frozen=True)
class CrmRecord:
    """One CRM object as read, its owner already resolved to an e-mail address."""

    source: Source
    object_type: str
    record_id: str
    owner_email: str | None
    fields: Mapping[str, object]
    modified_at: datetime
    deleted: bool = False


@dataclass(frozen=True)
class CrmCursor:
    """How far each object type has been read: the newest modification time seen, per type.

    One position per type, because types are read one after another: a single cursor would skip
    a call edited while deals were being read.
    """

    positions: Mapping[str, datetime] = field(default_factory=dict)

    def get(self, object_type: str) -> datetime | None:
        return self.positions.get(object_type)

    def advanced(self, object_type: str, seen: datetime) -> CrmCursor:
        current = self.positions.get(object_type)
        if current is not None and current >= seen:
            return self
        return CrmCursor({**self.positions, object_type: seen})

    def to_json(self) -> str:
        return json.dumps({k: v.isoformat() for k, v in sorted(self.positions.items())})

    @classmethod
    def from_json(cls, text: str) -> CrmCursor:
        raw = json.loads(text)
        if not isinstance(raw, dict):
            raise ValueError("a CRM cursor is a JSON object of ISO timestamps")
        return cls({str(k): datetime.fromisoformat(str(v)) for k, v in raw.items()})

    @classmethod
    def since(cls, moment: datetime, object_types: tuple[str, ...]) -> CrmCursor:
        """Start every type at one moment (`kpibot sync --since DATE`)."""
        return cls(dict.fromkeys(object_types, moment))


@dataclass(frozen=True)
class CrmReadResult:
    activities: tuple[CrmActivity, ...]
    cursor: CrmCursor
    records_read: int
    unknown_owner_ids: tuple[str, ...] = ()
