"""`make bench`, CRM sync: records a second from the fake HubSpot (tests/crm/fake_hubspot.py,
served over loopback HTTP) through the real hubspot-api-client, owner matching and the storing
transaction, into a fresh SQLite database. The first sync of a portal is the big one."""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import Session

from bench.stats import line
from bot.crm.mapping import HUBSPOT_CONNECTED
from bot.crm.reading import ReadOptions
from bot.crm.settings import CrmSettings
from bot.crm.sources import open_reader
from bot.ingest.users import UserDirectory
from bot.services.crm_sync import sync_source
from storage import people
from storage.db import Store
from storage.migrate import upgrade
from storage.models import Person
from tests.crm.fake_hubspot import FakeHubSpot

BAR_RECORDS_PER_S = 2_000.0
OWNERS = 50
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class SyncRate:
    records: int
    rows: int
    seconds: float
    cpu_seconds: float

    @property
    def rate(self) -> float:
        return self.records / self.seconds


def _portal(records: int) -> FakeHubSpot:
    fake = FakeHubSpot()
    for owner in range(OWNERS):
        fake.add_owner(str(100 + owner), f"sdr{owner}@example.com")
    start = NOW - timedelta(days=60)
    for i in range(records):
        moment = start + timedelta(seconds=i * 59 * 86_400 // records)  # spread over 59 days
        stamp = moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        if i % 5 == 4:
            fake.put("deals", str(i), moment, createdate=stamp, amount=str(1000 + i % 9000),
                     hubspot_owner_id=str(100 + i % OWNERS))
        else:
            fake.put("calls", str(i), moment, hs_timestamp=stamp,
                     hubspot_owner_id=str(100 + i % OWNERS),
                     hs_call_disposition=HUBSPOT_CONNECTED if i % 3 == 0 else "none")
    return fake


def _people(session: Session) -> None:
    for owner in range(OWNERS):
        session.add(Person(user_id=f"U0SDR{owner}", email=f"sdr{owner}@example.com"))
    session.commit()


def measure_crm_sync(*, records: int) -> SyncRate:
    fake = _portal(records)
    with tempfile.TemporaryDirectory(prefix="kpibot-bench-crm-") as folder, fake.start() as server:
        store = Store.from_url(f"sqlite:///{Path(folder) / 'crm.db'}")
        try:
            upgrade(store.engine)
            store.run_sync(people.ensure_default_team, timezone="Europe/Oslo", channel_id=None)
            store.run_sync(_people)
            settings = CrmSettings(_env_file=None, hubspot_access_token=fake.token,
                                   hubspot_api_url=server.url)
            started, cpu = time.perf_counter(), time.process_time()
            reader = open_reader("hubspot", settings, tz=UTC,
                                 options=ReadOptions(now=lambda: NOW, page_size=200))
            report = sync_source(store, reader, UserDirectory(store, None), source="hubspot",
                                 now=NOW)
            seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu
        finally:
            store.dispose()
    # past the search API's 10,000 cap the reader searches again from the last time seen, so a
    # record at that instant is read twice (and stored once)
    assert report.records_read >= records and not report.unmatched, report
    result = SyncRate(records, report.rows_changed, seconds, cpu_s)
    print(f"  HubSpot to SQLite: {records:,} records ({result.rows:,} rows) in "
          f"{seconds:.1f} s = {result.rate:,.0f} records/s ({records / cpu_s:,.0f} per CPU "
          "second of this process, the fake HubSpot's serving included)")
    return result


def crm_bar_line(result: SyncRate) -> str:
    return line("CRM sync from the fake HubSpot, first sync", f"{result.rate:,.0f} records/s",
                f">= {BAR_RECORDS_PER_S:,.0f} records/s", result.rate >= BAR_RECORDS_PER_S)
