"""Helpers for the import, webhook and export tests."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from slack_sdk import WebClient
from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.ingest.csv_import import ImportOptions, ImportReport, run_import
from bot.ingest.mapping import SPEC_COLUMNS, ColumnMapping, load_mapping
from bot.ingest.users import UserDirectory
from storage.db import Store
from storage.models import Activity, AuditEvent

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
HEADER = "date,user,metric,quantity,value,source,technique,note,external_id"


def write_csv(path: Path, lines: Sequence[str], header: str = HEADER) -> Path:
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def import_file(store: Store, path: Path, *, mapping: ColumnMapping | str | None = None,
                client: WebClient | None = None, **options: Any) -> ImportReport:
    chosen = (load_mapping(mapping) if isinstance(mapping, str) else mapping) or SPEC_COLUMNS
    return run_import(store, UserDirectory(store, client),
                      ImportOptions(path=path, mapping=chosen, **options),
                      now=NOW)


async def import_with_slack(store: Store, path: Path, client: WebClient,
                            **options: Any) -> ImportReport:
    """The sync importer off the event loop, so the LocalSlack on this loop can answer."""
    return await asyncio.to_thread(import_file, store, path, client=client, **options)


def totals(store: Store) -> dict[tuple[str, str], float]:
    """Live quantity per (user, metric)."""
    def read(session: Session) -> dict[tuple[str, str], float]:
        rows = session.exec(
            select(Activity.user_id, Activity.metric, func.sum(Activity.quantity))
            .where(col(Activity.deleted_at).is_(None))
            .group_by(col(Activity.user_id), col(Activity.metric))
        ).all()
        return {(u, m): float(q) for u, m, q in rows}
    return store.run_sync(read)


def live_rows(store: Store) -> int:
    def count(session: Session) -> int:
        return session.exec(select(func.count()).select_from(Activity)
                            .where(col(Activity.deleted_at).is_(None))).one()
    return store.run_sync(count)


def audit(store: Store, action: str) -> list[AuditEvent]:
    def read(session: Session) -> list[AuditEvent]:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())
    return store.run_sync(read)
