"""Events API ids already handled, so Slack's retries run nothing twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from storage.models import ProcessedEvent


def claim_event(session: Session, *, event_id: str) -> bool:
    """True the first time an Events API event_id is seen; False for Slack's retries of it."""
    session.add(ProcessedEvent(event_id=event_id))
    try:
        session.commit()
    except IntegrityError:  # a retry, or another replica got it first
        session.rollback()
        return False
    return True


def prune_processed_events(session: Session, *, before: datetime) -> int:
    """Forget event ids older than `before`: Slack retries within minutes, never days."""
    result = session.connection().execute(
        delete(ProcessedEvent).where(col(ProcessedEvent.received_at) < before))
    session.commit()
    return int(result.rowcount or 0)
