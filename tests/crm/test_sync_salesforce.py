"""Salesforce through the same sync: simple-salesforce against the fake org, rows stored and
retracted through the import pipeline, days in each owner's team zone."""

from __future__ import annotations

import asyncio
from datetime import UTC

from pydantic import SecretStr
from slack_sdk import WebClient

from bot.config import Settings
from bot.console.local_slack import LocalSlack
from bot.crm.reading import ReadOptions
from bot.crm.sources import open_reader
from bot.ingest.users import UserDirectory
from bot.services.crm_sync import SyncReport, sync_source
from storage.db import Store
from tests.conftest import Clock
from tests.crm.fake_salesforce import FakeSalesforce
from tests.crm.sync_support import ADA, ADA_EMAIL, BO, BO_EMAIL, add_people, at, crm_rows


def _sync(store: Store, slack: LocalSlack, fake: FakeSalesforce, clock: Clock) -> SyncReport:
    settings = Settings.model_validate({
        "salesforce_instance_url": "https://acme.my.salesforce.com",
        "salesforce_client_id": fake.client_id,
        "salesforce_client_secret": SecretStr(fake.client_secret)})
    reader = open_reader("salesforce", settings, tz=UTC, session=fake.session(),
                         options=ReadOptions(now=clock, sleep=lambda _s: None))
    directory = UserDirectory(store, WebClient(token="xoxb-test", base_url=slack.api_url))
    return sync_source(store, reader, directory, source="salesforce", now=clock())


async def test_a_salesforce_sync_counts_retracts_and_dates_per_team(
        store: Store, slack: LocalSlack, clock: Clock) -> None:
    add_people(store, slack)
    fake = FakeSalesforce()
    fake.add_user("005A", ADA_EMAIL)
    fake.add_user("005B", BO_EMAIL)
    for task, owner in (("00T1", "005A"), ("00T2", "005B")):  # Sunday 23:30 UTC
        fake.put("Task", task, at("2026-11-22T23:35:00"), OwnerId=owner, TaskSubtype="Call",
                 CallDisposition="Connected", CompletedDateTime="2026-11-22T23:30:00.000+0000")
    fake.put("Opportunity", "0061", at("2026-11-24T11:00:00"), OwnerId="005B", Amount=5000.0,
             CreatedDate="2026-11-24T11:00:00.000+0000")
    with fake.start():
        first = await asyncio.to_thread(_sync, store, slack, fake, clock)
        assert (first.records_read, first.rows_changed, first.unmatched) == (3, 6, [])
        assert crm_rows(store)["salesforce:task:00T1:calls"] == (ADA, "2026-11-23", 1.0)
        assert crm_rows(store)["salesforce:task:00T2:calls"] == (BO, "2026-11-22", 1.0)

        fake.delete("Task", "00T2", at("2026-11-27T08:00:00"))
        fake.put("Opportunity", "0061", at("2026-11-27T08:00:00"), Amount=7500.0)
        clock.current = at("2026-11-27T09:30:00")
        second = await asyncio.to_thread(_sync, store, slack, fake, clock)
    assert second.rows_changed == 3  # the call's two rows retracted, the pipeline changed
    assert crm_rows(store) == {
        "salesforce:task:00T1:calls": (ADA, "2026-11-23", 1.0),
        "salesforce:task:00T1:conversations": (ADA, "2026-11-23", 1.0),
        "salesforce:opportunity:0061:opportunities": (BO, "2026-11-24", 1.0),
        "salesforce:opportunity:0061:pipeline": (BO, "2026-11-24", 7500.0),
    }
