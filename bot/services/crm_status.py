"""`/kpi sync`'s answer: each CRM source's last run and next run, for admins only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.config import Settings
from bot.crm.schedule import SOURCES, configured_sources, next_run
from storage import crm
from storage.session import Session


@dataclass(frozen=True)
class SourceStatus:
    source: str
    configured: bool
    state: crm.SyncState | None  # None: never synced
    next_run: datetime | None  # None: no scheduled run (not configured, or stopped)


def crm_overview(session: Session, *, settings: Settings, user_id: str, now: datetime
                 ) -> list[SourceStatus] | None:
    """Every source that is configured or was ever synced; None when the user is no admin."""
    if user_id not in settings.kpi_admin_ids:
        return None
    configured = set(configured_sources(settings))
    states = {s.source: s for s in crm.sync_states(session)}
    out = []
    for source in SOURCES:
        state = states.get(source)
        if source not in configured and state is None:
            continue
        running = source in configured and not (state and state.auth_error)
        out.append(SourceStatus(source, source in configured, state,
                                next_run(now, settings.crm_sync_minutes) if running else None))
    return out
