"""Slack retries an event it thinks we missed; each event_id is handled once."""

from __future__ import annotations

from datetime import datetime

from storage import events
from storage.session import Session

MAX_EVENT_ID = 64  # the column's width; Slack's ids are about 11 characters


def first_delivery(session: Session, *, event_id: str) -> bool:
    """True the first time this event_id arrives (on any replica); False for a retry."""
    return events.claim_event(session=session, event_id=event_id[:MAX_EVENT_ID])


def forget_events(session: Session, *, before: datetime) -> int:
    """Forget the ids of events received before `before` (Slack retries within minutes, not
    days), so the table stays small; returns how many were forgotten."""
    return events.prune_processed_events(session=session, before=before)
