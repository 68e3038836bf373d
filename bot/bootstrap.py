"""Start-up shared by every way of running: migrate the database, make sure the default team."""

from __future__ import annotations

import logging

from bot.config import Settings
from storage import people
from storage.db import Store
from storage.migrate import upgrade

logger = logging.getLogger(__name__)


def open_store(settings: Settings, *, migrate: bool = True) -> Store:
    store = Store.from_url(settings.database_url)
    if migrate:
        upgrade(store.engine)
    store.run_sync(
        people.ensure_default_team,
        timezone=settings.kpi_timezone,
        channel_id=settings.kpi_scorecard_channel,
    )
    return store
