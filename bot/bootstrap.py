"""Start-up shared by every way of running: migrate the database, make sure the default team.

A database that cannot be opened stops here with DatabaseUnavailable: one line naming
DATABASE_URL, its password masked.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError

from bot.config import Settings
from bot.database_errors import database_unavailable
from storage import people
from storage.db import Store
from storage.migrate import upgrade

logger = logging.getLogger(__name__)


def open_store(settings: Settings, *, migrate: bool = True) -> Store:
    try:
        store = Store.from_url(settings.database_url)
    except (SQLAlchemyError, OSError) as exc:  # a URL the driver refuses, a folder not writable
        raise database_unavailable(settings.database_url, exc) from None
    try:
        if migrate:
            upgrade(store.engine)
        store.run_sync(
            people.ensure_default_team,
            timezone=settings.kpi_timezone,
            channel_id=settings.kpi_scorecard_channel,
        )
    except (SQLAlchemyError, OSError) as exc:  # unreachable, refused, not a database, read-only
        store.dispose()
        raise database_unavailable(settings.database_url, exc) from None
    return store
