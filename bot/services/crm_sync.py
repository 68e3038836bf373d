"""One CRM sync run: read what changed since the stored cursor, match each owner to a Slack
user by e-mail, date each contribution in that owner's team's time zone, and store it through
store_records with the cursor, in one transaction.

A contribution the CRM no longer counts (deleted, or no longer qualifying) soft-deletes its
row; an unknown one is ignored. A row a Slack user deleted comes back when the CRM still counts
it: the CRM wins, and the sync's audit event names the deletion it overrode.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.crm.activity import CrmActivity, CrmCursor, CrmReadResult
from bot.crm.errors import CrmError
from bot.crm.sources import OBJECT_TYPES, CrmReader, SourceName
from bot.ingest.record import ActivityRecord, RecordError, check_record
from bot.ingest.users import UserDirectory
from bot.kpi.metrics import Metric
from bot.services.activity_ingest import store_records
from storage import crm, imports
from storage.db import Store
from storage.session import Session

NO_OWNER = "(no owner)"
MAX_ERRORS_KEPT = 20  # the first reasons are shown; the count is always whole


def actor_of(source: SourceName) -> str:
    """Who the audit trail and deleted_by name for a sync's changes."""
    return f"crm:{source}"


class SyncConflict(CrmError):
    """Another sync of the source stored first; this one stored nothing."""


@dataclass
class SyncReport:
    source: SourceName
    dry_run: bool = False
    records_read: int = 0
    rows_changed: int = 0
    restored: int = 0  # rows a Slack user had deleted, counted again because the CRM does
    unmatched: list[str] = field(default_factory=list)  # owners with no Slack user
    errors: list[str] = field(default_factory=list)  # contributions refused, with why
    error_count: int = 0


@dataclass
class Prepared:
    """A read turned into what storage takes: records to upsert, ids to retract."""

    records: dict[str, ActivityRecord] = field(default_factory=dict)  # by external_id
    retractions: set[str] = field(default_factory=set)
    unmatched: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    error_count: int = 0

    def refuse(self, activity: CrmActivity, reason: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(f"{activity.external_id}: {reason}")


def prepare(result: CrmReadResult, directory: UserDirectory, *, source: SourceName,
            now: datetime, tick: Callable[[], None] = lambda: None) -> Prepared:
    """Match owners (users.lookupByEmail, cached) and check each contribution as every other
    way in is checked. Owners without a Slack user are collected, never dropped silently."""
    out = Prepared()
    out.unmatched.update(f"owner id {i}" for i in result.unknown_owner_ids)
    for activity in result.activities:
        tick()
        key = activity.external_id
        if activity.deleted:
            out.records.pop(key, None)
            out.retractions.add(key)
            continue
        # Until it is stored below, a contribution counts for nobody: one whose owner has no
        # Slack user (any more) or that fails the checks retracts what it counted before.
        out.records.pop(key, None)
        out.retractions.add(key)
        email = activity.owner_email
        if email is None:
            if not result.unknown_owner_ids:
                out.unmatched.add(NO_OWNER)
            continue
        try:
            user_id = directory.user_id(email)
        except RecordError:
            out.unmatched.add(email)
            continue
        day = activity.day_in(directory.zone(user_id))
        try:
            out.records[key] = check_record(ActivityRecord(
                day=day, user=user_id, metric=Metric(activity.metric),
                quantity=activity.quantity, source=source, external_id=key,
                currency=activity.currency),
                today=directory.today(user_id, now), max_days_back=None)
        except (RecordError, ValueError) as exc:
            out.refuse(activity, str(exc))
            continue
        out.retractions.discard(key)
    return out


def _differs(stored: crm.StoredRow | None, record: ActivityRecord) -> bool:
    return (stored is None or stored.deleted_at is not None or stored.user_id != record.user
            or stored.day != record.day or stored.quantity != record.quantity
            or (record.currency is not None and stored.currency != record.currency))


def store_sync(session: Session, *, source: SourceName, version: int, prepared: Prepared,
               cursor: str, records_read: int, now: datetime, dry_run: bool) -> SyncReport:
    """Everything a run changes and its cursor, in one transaction; SyncConflict (nothing
    stored) when another run of the source stored since this one read its cursor."""
    report = SyncReport(source=source, dry_run=dry_run, records_read=records_read,
                        unmatched=sorted(prepared.unmatched), errors=prepared.errors,
                        error_count=prepared.error_count)
    try:
        if not crm.take_cursor(session, source=source, version=version):
            raise SyncConflict(f"another {source} sync stored first; nothing was stored by "
                               "this one, run it again")
        stored = crm.stored_rows(session, external_ids=[*prepared.records,
                                                        *prepared.retractions])
        changed = [r for key, r in prepared.records.items() if _differs(stored.get(key), r)]
        restore = [r.external_id for r in changed if r.external_id is not None
                   and (row := stored.get(r.external_id)) is not None
                   and row.deleted_at is not None]
        retract = sorted(k for k in prepared.retractions
                         if (row := stored.get(k)) is not None and row.deleted_at is None)
        actor = actor_of(source)
        overrode = [{"external_id": k, "user_id": stored[k].user_id,
                     "deleted_by": stored[k].deleted_by, "deleted_at": stored[k].deleted_at}
                    for k in restore if stored[k].deleted_by != actor]
        report.rows_changed = len(changed) + len(retract)
        report.restored = len(overrode)

        def finish(session: Session) -> None:
            crm.restore(session, external_ids=restore)
            crm.retract(session, external_ids=retract, actor_id=actor, now=now)
            crm.save_run(session, source=source, cursor=cursor, now=now,
                         records_read=records_read, rows_changed=report.rows_changed,
                         errors=prepared.error_count, unmatched=report.unmatched, error=None)

        if not changed and not retract:
            finish(session)
            imports.end_transaction(session, keep=not dry_run)
            return report
        detail: dict[str, Any] = {"source": source, "retracted": retract,
                                  "overrode_slack_deletions": overrode,
                                  "unmatched_owners": report.unmatched}
        store_records(session, records=changed, origin=source, actor_id=actor,
                      action="crm.sync", subject=source, detail=detail, dry_run=dry_run,
                      before_commit=finish)
    except BaseException:
        imports.end_transaction(session, keep=False)
        raise
    return report


@dataclass(frozen=True)
class SyncProgress:
    """How a run shows itself: a step's name as it begins, and one tick per contribution."""

    step: Callable[[str, int | None], None] = lambda _name, _total: None
    tick: Callable[[], None] = lambda: None


def sync_source(store: Store, reader: CrmReader, directory: UserDirectory, *,
                source: SourceName, now: datetime, since: datetime | None = None,
                dry_run: bool = False, progress: SyncProgress | None = None) -> SyncReport:
    """One run, from the stored cursor (or from `since`). Raises CrmAuthError and other
    CrmErrors from the read, SyncConflict when another run stored first."""
    progress = progress or SyncProgress()
    state = store.run_sync(crm.sync_state, source=source)
    if since is not None:
        cursor: CrmCursor | None = CrmCursor.since(since, OBJECT_TYPES[source])
    else:
        cursor = CrmCursor.from_json(state.cursor) if state.cursor not in ("", "{}") else None
    progress.step(f"reading {source}", None)
    result = reader.read(cursor)
    progress.step("matching owners", len(result.activities))
    prepared = prepare(result, directory, source=source, now=now, tick=progress.tick)
    progress.step("storing", None)
    report = store.run_sync(store_sync, source=source, version=state.version,
                            prepared=prepared, cursor=result.cursor.to_json(),
                            records_read=result.records_read, now=now, dry_run=dry_run)
    return report


def note_failure(store: Store, *, source: SourceName, error: CrmError | str, now: datetime,
                 auth: bool, tell: bool) -> bool:
    """Remember a failed run; True when this auth failure is news the admins should hear
    (`tell`: the caller will tell them; a command's user has already seen it)."""
    return store.run_sync(crm.note_failure, source=source, error=str(error), now=now,
                          auth=auth, notify=tell)
