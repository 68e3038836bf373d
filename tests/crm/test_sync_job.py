"""The scheduled sync in `kpibot run`: claimed per slot, a refused token told to the admins
once and shown in /healthz while the bot keeps serving; `/kpi sync` for the admins."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from slack_sdk.models.blocks import Block

from bot.config import Settings
from bot.console.harness import Harness
from bot.crm.mapping import HUBSPOT_CONNECTED
from bot.crm.schedule import next_run, slot_of
from bot.deps import Deps
from bot.http_server import build_web_app
from bot.services.crm_job import (
    CrmSyncJob,
    add_crm_jobs,
    crm_problems,
    crm_sync_job,
    remove_crm_jobs,
)
from bot.services.posting import Posting
from bot.slack_client import make_client
from tests.conftest import Clock
from tests.crm.fake_hubspot import FakeHubSpot
from tests.crm.sync_support import ADA, ADA_EMAIL, add_people, at, crm_rows, hubspot_settings
from tests.scenario.support import text_of
from tests.slack_contract import check_calls

ADMIN = "U0ADMIN"


@pytest.fixture
def hubspot() -> Iterator[FakeHubSpot]:
    fake = FakeHubSpot()
    fake.add_owner("101", ADA_EMAIL)
    fake.add_owner("303", "carl@example.com")
    fake.put("calls", "1", at("2026-11-26T10:01:00"), hs_timestamp="2026-11-26T10:00:00.000Z",
             hubspot_owner_id="101", hs_call_disposition=HUBSPOT_CONNECTED)
    fake.put("calls", "2", at("2026-11-26T11:01:00"), hs_timestamp="2026-11-26T11:00:00.000Z",
             hubspot_owner_id="303", hs_call_disposition=HUBSPOT_CONNECTED)
    with fake.start():
        yield fake


@pytest.fixture
async def jobs() -> AsyncIterator[list[str]]:
    keys: list[str] = []
    yield keys
    for key in keys:
        remove_crm_jobs(key)


def _posting(harness: Harness, settings: Settings, clock: Clock, name: str) -> Posting:
    return Posting(Deps(settings, harness.deps.store, now=clock),
                   make_client("xoxb-test", harness.slack.api_url), claimed_by=name)


def _start(harness: Harness, settings: Settings, clock: Clock, jobs: list[str],
           name: str = "replica-1") -> tuple[str, list[str]]:
    key = f"test-{name}-{len(jobs)}"
    jobs.append(key)
    ids = add_crm_jobs(AsyncIOScheduler(timezone=UTC), _posting(harness, settings, clock, name),
                       key)
    return key, ids


def _dms(harness: Harness) -> list[str]:
    return [str(c.args.get("text")) for c in harness.slack.of("chat.postMessage")
            if c.args.get("channel") == ADMIN]


async def test_jobs_only_for_configured_crms_on_the_quarter_hour(
        harness: Harness, hubspot: FakeHubSpot, clock: Clock, jobs: list[str]) -> None:
    assert _start(harness, Settings(_env_file=None), clock, jobs)[1] == []
    assert _start(harness, hubspot_settings(hubspot), clock, jobs)[1] == ["crm-sync:hubspot"]
    assert slot_of(at("2026-11-27T09:14:59"), 15) == "2026-11-27T09:00Z"
    assert next_run(at("2026-11-27T09:14:59"), 15) == at("2026-11-27T09:15:00")


async def test_one_replica_runs_each_slot_and_unmatched_owners_are_told_once(
        harness: Harness, hubspot: FakeHubSpot, clock: Clock, jobs: list[str]) -> None:
    add_people(harness.deps.store, harness.slack)
    settings = hubspot_settings(hubspot)
    one = CrmSyncJob(_posting(harness, settings, clock, "replica-1"))
    two = CrmSyncJob(_posting(harness, settings, clock, "replica-2"))
    report = await one.run("hubspot")
    assert report is not None and report.rows_changed == 2
    assert await two.run("hubspot") is None  # same slot: claimed by replica-1
    assert len(crm_rows(harness.deps.store)) == 2
    clock.current += timedelta(minutes=15)
    assert await two.run("hubspot") is not None  # the next slot: whoever comes first
    dms = _dms(harness)
    assert len(dms) == 1 and "carl@example.com" in dms[0]
    check_calls(harness.slack.calls)


async def test_a_refused_token_stops_the_job_tells_admins_once_and_the_bot_keeps_serving(
        harness: Harness, hubspot: FakeHubSpot, clock: Clock, jobs: list[str]) -> None:
    settings = hubspot_settings(hubspot, hubspot_access_token="pat-na1-revoked")
    key, _ = _start(harness, settings, clock, jobs)
    await crm_sync_job(key, "hubspot")
    [dm] = _dms(harness)
    assert dm == (":warning: The HubSpot sync has stopped: HUBSPOT_ACCESS_TOKEN was refused "
                  "by the CRM (expired, revoked or wrong); set a valid one. Fix it and restart "
                  "the bot; the sync then goes on from where it stopped.")
    assert "HUBSPOT_ACCESS_TOKEN" in crm_problems()["hubspot"]
    asked = len(hubspot.server.requests) if hubspot.server else 0

    clock.current += timedelta(minutes=15)
    await crm_sync_job(key, "hubspot")  # stopped: HubSpot is not asked again
    assert hubspot.server is not None and len(hubspot.server.requests) == asked
    restarted, _ = _start(harness, settings, clock, jobs, name="restarted")
    clock.current += timedelta(minutes=15)
    await crm_sync_job(restarted, "hubspot")  # a restart tries again, and tells nobody again
    assert len(_dms(harness)) == 1

    async with TestClient(TestServer(build_web_app(harness.app, harness.deps.store),
                                     host="127.0.0.1")) as web:
        health = await web.get("/healthz")
        assert health.status == 200
        body = await health.json()
        assert body["ok"] is True and "HUBSPOT_ACCESS_TOKEN" in body["crm"]["hubspot"]
    card = await harness.command(ADA, "/mykpis")
    assert card is not None and "Your KPIs" in text_of(card["blocks"])
    check_calls(harness.slack.calls)


async def test_kpi_sync_shows_admins_each_source(
        harness: Harness, hubspot: FakeHubSpot, clock: Clock, jobs: list[str]) -> None:
    settings = hubspot_settings(hubspot)
    harness = Harness(Deps(settings, harness.deps.store, now=clock), harness.slack)
    add_people(harness.deps.store, harness.slack)
    await CrmSyncJob(_posting(harness, settings, clock, "replica-1")).run("hubspot")
    answer = await harness.command(ADMIN, "/kpi", "sync")
    assert answer is not None
    assert [b.to_dict() for b in Block.parse_all(answer["blocks"])] == answer["blocks"]
    shown = text_of(answer["blocks"])
    assert "*HubSpot* (on)" in shown
    assert "Read 2 records, changed 2 rows; 1 owners unmatched, 0 errors." in shown
    assert str(int(datetime(2026, 11, 27, 9, 15, tzinfo=UTC).timestamp())) in shown
    assert "carl@example.com" in shown

    refused = await harness.command(ADA, "/kpi", "sync")
    assert refused is not None and "Only admins" in text_of(refused["blocks"])


async def test_kpi_sync_without_a_crm_says_how_to_set_one_up(harness: Harness) -> None:
    answer = await harness.command(ADMIN, "/kpi", "sync")
    assert answer is not None and "HUBSPOT_ACCESS_TOKEN" in text_of(answer["blocks"])
