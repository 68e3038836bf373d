"""Activity and the audit trail as CSV. Activity is written in the import format, so an export
re-imports (here or into an empty database) to the same totals."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import TextIO

from bot.ingest.record import FIELDS
from bot.kpi.rounding import half_away
from storage import imports
from storage.session import Session

AUDIT_FIELDS = ("at", "actor", "action", "subject", "detail")


def amount_text(amount: float) -> str:
    """12 for a count, 12500.5 for money: what the importer reads back exactly."""
    return f"{half_away(amount, 2):f}".rstrip("0").rstrip(".")  # the one rounding rule


def write_activity_csv(session: Session, *, out: TextIO, user_ids: Sequence[str] | None,
                       start: date | None, end: date | None) -> int:
    """Live activity of `user_ids` (None: everyone) between start and end, inclusive; rows
    written. Rows typed in Slack get their stable external_id first (committed)."""
    imports.name_unnamed_activities(session, user_ids=user_ids, start=start, end=end)
    imports.end_transaction(session, keep=True)
    writer = csv.writer(out)
    writer.writerow(FIELDS)
    count = 0
    for row in imports.export_rows(session, user_ids=user_ids, start=start, end=end):
        writer.writerow([row.day.isoformat(), row.user_id, row.metric,
                         amount_text(row.quantity), "", row.source or "", row.technique or "",
                         row.note or "", row.external_id or "", row.currency or ""])
        count += 1
    return count


def write_audit_csv(session: Session, *, out: TextIO, since: datetime | None,
                    user_id: str | None) -> int:
    writer = csv.writer(out)
    writer.writerow(AUDIT_FIELDS)
    count = 0
    for event in imports.audit_rows(session, since=since, subject_user=user_id, limit=None):
        writer.writerow([event.at.isoformat(), event.actor_id, event.action, event.subject,
                         json.dumps(json.loads(event.detail or "{}"), sort_keys=True)])
        count += 1
    return count
