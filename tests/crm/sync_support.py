"""A CRM sync run as the bot makes one, against the fake CRMs and the LocalSlack."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime

from slack_sdk import WebClient
from sqlmodel import Session, col, select

from bot.config import Settings
from bot.console.local_slack import LocalSlack, SlackUser
from bot.crm.reading import ReadOptions
from bot.crm.sources import SourceName, open_reader
from bot.ingest.users import UserDirectory
from bot.services.crm_sync import SyncReport, sync_source
from storage.db import Store
from storage.models import Activity, AuditEvent, Member, Person, Team
from tests.crm.fake_hubspot import FakeHubSpot

ADA, BO = "U0ADA", "U0BO"  # Ada in the default team (Oslo), Bo in East (New York)
ADA_EMAIL, BO_EMAIL = "ada@example.com", "bo@example.com"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def add_people(store: Store, slack: LocalSlack) -> None:
    slack.add_user(SlackUser(ADA, "ada", "Ada L", ADA_EMAIL))
    slack.add_user(SlackUser(BO, "bo", "Bo K", BO_EMAIL))

    def east(session: Session) -> None:
        team = Team(name="East", timezone="America/New_York", channel_id="C0EAST")
        session.add(team)
        session.add(Person(user_id=BO))
        session.flush()
        assert team.id is not None
        session.add(Member(team_id=team.id, user_id=BO, role="sdr"))
        session.commit()
    store.run_sync(east)


def hubspot_settings(fake: FakeHubSpot, **extra: object) -> Settings:
    assert fake.server is not None
    values: dict[str, object] = {
        "hubspot_access_token": fake.token, "hubspot_api_url": fake.server.url,
        "kpi_timezone": "Europe/Oslo", "kpi_admin_ids": ("U0ADMIN",), **extra}
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def run_sync(store: Store, slack: LocalSlack, settings: Settings, now: Callable[[], datetime],
             *, source: SourceName = "hubspot", sleep: Callable[[float], None] | None = None,
             dry_run: bool = False) -> SyncReport:
    """One sync; the reader dates in UTC on purpose: the sync re-dates per owner's team."""
    options = ReadOptions(now=now, sleep=sleep or (lambda _s: None))
    reader = open_reader(source, settings, tz=UTC, options=options)
    directory = UserDirectory(store, WebClient(token="xoxb-test", base_url=slack.api_url))
    return sync_source(store, reader, directory, source=source, now=now(), dry_run=dry_run)


async def sync(store: Store, slack: LocalSlack, settings: Settings,
               now: Callable[[], datetime], *, sleep: Callable[[float], None] | None = None,
               dry_run: bool = False) -> SyncReport:
    """Off the event loop, so the LocalSlack on this loop can answer users.lookupByEmail."""
    return await asyncio.to_thread(run_sync, store, slack, settings, now, sleep=sleep,
                                   dry_run=dry_run)


def crm_rows(store: Store, *, live: bool = True) -> dict[str, tuple[str, str, float]]:
    """external_id -> (user, day, quantity) of the synced rows."""
    def read(session: Session) -> dict[str, tuple[str, str, float]]:
        query = select(Activity).where(col(Activity.external_id).like("hubspot:%")
                                       | col(Activity.external_id).like("salesforce:%"))
        if live:
            query = query.where(col(Activity.deleted_at).is_(None))
        return {a.external_id or "": (a.user_id, a.day.isoformat(), a.quantity)
                for a in session.exec(query).all()}
    return store.run_sync(read)


def crm_currencies(store: Store) -> dict[str, str | None]:
    """external_id -> currency of the live synced money rows."""
    def read(session: Session) -> dict[str, str | None]:
        query = select(Activity).where(col(Activity.external_id).like("%:pipeline"),
                                       col(Activity.deleted_at).is_(None))
        return {a.external_id or "": a.currency for a in session.exec(query).all()}
    return store.run_sync(read)


def audit_events(store: Store, action: str) -> list[AuditEvent]:
    def read(session: Session) -> list[AuditEvent]:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)
                                 .order_by(col(AuditEvent.id))).all())
    return store.run_sync(read)
