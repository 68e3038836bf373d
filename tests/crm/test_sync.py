"""CRM sync end to end: the real hubspot-api-client against the fake HubSpot, owners looked up
on the LocalSlack, rows stored through the import pipeline, numbers read back with /mykpis."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest

from bot.console.harness import Harness
from bot.console.local_slack import LocalSlack
from bot.crm.mapping import HUBSPOT_CONNECTED
from bot.ingest.record import ActivityRecord
from bot.kpi.metrics import Metric
from bot.services.crm_sync import Prepared, SyncConflict, store_sync
from storage import crm
from storage.db import Store
from tests.conftest import Clock
from tests.crm.fake_hubspot import FakeHubSpot
from tests.crm.sync_support import (
    ADA,
    ADA_EMAIL,
    BO,
    BO_EMAIL,
    add_people,
    at,
    audit_events,
    crm_currencies,
    crm_rows,
    hubspot_settings,
    sync,
)
from tests.scenario.support import text_of
from tests.slack_contract import check_calls

NO_ANSWER = "73a0d17f-1163-4015-bdd5-ec830791da20"


@pytest.fixture
def hubspot() -> Iterator[FakeHubSpot]:
    """Week 48 of 2026 is Monday 23 to Sunday 29 November; the clock is Friday 27, 09:00 UTC."""
    fake = FakeHubSpot()
    fake.add_owner("101", ADA_EMAIL)
    fake.add_owner("202", BO_EMAIL)
    # Sunday 22 November, 23:30 UTC: Monday of week 48 in Oslo (Ada), still Sunday of week 47
    # in New York (Bo).
    fake.put("calls", "1", at("2026-11-22T23:31:00"), hs_timestamp="2026-11-22T23:30:00.000Z",
             hubspot_owner_id="101", hs_call_disposition=HUBSPOT_CONNECTED)
    fake.put("calls", "2", at("2026-11-25T10:01:00"), hs_timestamp="2026-11-25T10:00:00.000Z",
             hubspot_owner_id="101", hs_call_disposition=NO_ANSWER)
    fake.put("deals", "41", at("2026-11-24T10:00:00"), createdate="2026-11-24T10:00:00.000Z",
             amount="5000", hubspot_owner_id="101")
    fake.put("calls", "3", at("2026-11-22T23:31:00"), hs_timestamp="2026-11-22T23:30:00.000Z",
             hubspot_owner_id="202", hs_call_disposition=HUBSPOT_CONNECTED)
    fake.put("calls", "4", at("2026-11-26T15:01:00"), hs_timestamp="2026-11-26T15:00:00.000Z",
             hubspot_owner_id="202", hs_call_disposition=NO_ANSWER)
    fake.put("emails", "11", at("2026-11-23T02:01:00"), hs_timestamp="2026-11-23T02:00:00.000Z",
             hubspot_owner_id="202", hs_email_direction="EMAIL")
    with fake.start():
        yield fake


async def _card(harness: Harness, user: str, text: str = "") -> str:
    answer = await harness.command(user, "/mykpis", text)
    assert answer is not None
    return text_of(answer["blocks"])


async def test_a_first_sync_gives_each_sdr_their_week_in_their_team_zone(
        harness: Harness, hubspot: FakeHubSpot, clock: Clock) -> None:
    store, slack = harness.deps.store, harness.slack
    add_people(store, slack)
    report = await sync(store, slack, hubspot_settings(hubspot), clock)
    assert (report.records_read, report.rows_changed, report.unmatched, report.errors) == (
        6, 9, [], [])

    ada = await _card(harness, ADA)  # Oslo: the Sunday-evening call is Monday, week 48
    assert "*Calls*   *2*" in ada and "*Conversations*   *1*" in ada
    assert "*Opportunities*   *1*" in ada and "*Pipeline value*   *$5,000*" in ada
    bo = await _card(harness, BO)  # New York: the same instant is Sunday, week 47
    assert "*Calls*   *1*" in bo and "Conversations*   *1*" not in bo
    bo_before = await _card(harness, BO, "last week")
    assert "*Calls*   *1*" in bo_before and "*Conversations*   *1*" in bo_before
    assert "*Emails*   *1*" in bo_before
    assert sorted(c.args["email"] for c in slack.of("users.lookupByEmail")) == [
        ADA_EMAIL, BO_EMAIL]  # once each: cached
    check_calls(slack.calls)


async def test_a_second_sync_changes_nothing(harness: Harness, hubspot: FakeHubSpot,
                                             clock: Clock) -> None:
    store, slack = harness.deps.store, harness.slack
    add_people(store, slack)
    settings = hubspot_settings(hubspot)
    await sync(store, slack, settings, clock)
    rows = crm_rows(store)
    clock.current = at("2026-11-27T09:15:00")
    again = await sync(store, slack, settings, clock)
    assert (again.records_read, again.rows_changed) == (0, 0)
    assert crm_rows(store) == rows
    assert len(audit_events(store, "crm.sync")) == 1  # a run that changed nothing: no event


async def test_an_edited_deal_and_a_deleted_call_are_reflected(
        harness: Harness, hubspot: FakeHubSpot, clock: Clock) -> None:
    store, slack = harness.deps.store, harness.slack
    add_people(store, slack)
    settings = hubspot_settings(hubspot)
    await sync(store, slack, settings, clock)
    hubspot.put("deals", "41", at("2026-11-27T10:00:00"), amount="8000")
    hubspot.archive("calls", "1", at("2026-11-27T10:05:00"))
    clock.current = at("2026-11-27T10:30:00")
    report = await sync(store, slack, settings, clock)
    # the deal's pipeline row changes; the call's calls and conversations rows are retracted
    assert report.rows_changed == 3
    ada = await _card(harness, ADA)
    assert "*Calls*   *1*" in ada and "*Pipeline value*   *$8,000*" in ada
    assert "Conversations*   *1*" not in ada
    rows = crm_rows(store, live=False)
    assert "hubspot:call:1:calls" in rows and "hubspot:call:1:calls" not in crm_rows(store)
    [_first, second] = audit_events(store, "crm.sync")
    assert json.loads(second.detail)["retracted"] == ["hubspot:call:1:calls",
                                                      "hubspot:call:1:conversations"]


async def test_the_crm_stays_the_source_of_truth_for_what_it_synced(
        harness: Harness, hubspot: FakeHubSpot, clock: Clock) -> None:
    """`/kpi undo` takes back what the SDR typed in Slack, never a synced row: the CRM owns
    those, and a later sync finds them as it left them."""
    store, slack = harness.deps.store, harness.slack
    add_people(store, slack)
    settings = hubspot_settings(hubspot)
    await sync(store, slack, settings, clock)
    before = sorted(crm_rows(store))
    await harness.command(ADA, "/kpi", "undo")
    assert audit_events(store, "activity.undo") == []
    assert sorted(crm_rows(store)) == before
    clock.current = at("2026-11-27T10:30:00")
    report = await sync(store, slack, settings, clock)
    assert sorted(crm_rows(store)) == before and report.rows_changed == 0


async def test_a_deal_in_another_currency_keeps_it(harness: Harness, hubspot: FakeHubSpot,
                                                   clock: Clock) -> None:
    """Ada's team counts dollars: a euro deal is stored in euros, shown beside the dollars and
    never added to them; a code that is not a currency is refused with the record named."""
    store, slack = harness.deps.store, harness.slack
    add_people(store, slack)
    hubspot.put("deals", "42", at("2026-11-25T10:00:00"), createdate="2026-11-25T10:00:00.000Z",
                amount="7000", deal_currency_code="EUR", hubspot_owner_id="101")
    hubspot.put("deals", "43", at("2026-11-25T11:00:00"), createdate="2026-11-25T11:00:00.000Z",
                amount="300", deal_currency_code="euros", hubspot_owner_id="101")
    report = await sync(store, slack, hubspot_settings(hubspot), clock)
    assert report.error_count == 1 and "hubspot:deal:43:pipeline" in str(report.errors)
    assert crm_currencies(store) == {"hubspot:deal:41:pipeline": "USD",
                                     "hubspot:deal:42:pipeline": "EUR"}
    ada = await _card(harness, ADA)
    assert "*Pipeline value*   *$5,000 + €7,000*" in ada
    assert "count only amounts in USD; €7,000 logged in another currency" in ada
    hubspot.put("deals", "42", at("2026-11-27T10:00:00"), deal_currency_code="SEK")
    clock.current = at("2026-11-27T10:30:00")
    again = await sync(store, slack, hubspot_settings(hubspot), clock)
    assert again.rows_changed == 1
    assert crm_currencies(store)["hubspot:deal:42:pipeline"] == "SEK"


async def test_429s_are_waited_out(harness: Harness, hubspot: FakeHubSpot,
                                   clock: Clock) -> None:
    store, slack = harness.deps.store, harness.slack
    add_people(store, slack)
    hubspot.rate_limited, hubspot.retry_after = 3, "2"
    waits: list[float] = []
    report = await sync(store, slack, hubspot_settings(hubspot), clock, sleep=waits.append)
    assert waits == [2.0, 2.0, 2.0]
    assert report.rows_changed == 9


async def test_an_unmatched_owner_is_reported_every_run(harness: Harness, hubspot: FakeHubSpot,
                                                        clock: Clock) -> None:
    """Never dropped silently: every run names them (the admins' DM, once, is the job's)."""
    store, slack = harness.deps.store, harness.slack
    add_people(store, slack)
    hubspot.add_owner("303", "carl@example.com")  # in HubSpot, not in Slack
    hubspot.put("calls", "5", at("2026-11-26T09:01:00"), hs_timestamp="2026-11-26T09:00:00Z",
                hubspot_owner_id="303", hs_call_disposition=NO_ANSWER)
    hubspot.put("calls", "6", at("2026-11-26T09:02:00"), hs_timestamp="2026-11-26T09:00:00Z",
                hubspot_owner_id="404", hs_call_disposition=NO_ANSWER)  # no such owner
    settings = hubspot_settings(hubspot)
    report = await sync(store, slack, settings, clock)
    assert report.unmatched == ["carl@example.com", "owner id 404"]
    assert not any(k.startswith(("hubspot:call:5", "hubspot:call:6")) for k in crm_rows(store))
    hubspot.put("calls", "5", at("2026-11-27T08:00:00"), hs_call_disposition=HUBSPOT_CONNECTED)
    clock.current = at("2026-11-27T09:30:00")
    again = await sync(store, slack, settings, clock)
    assert again.unmatched == ["carl@example.com"]


async def test_a_dry_run_stores_nothing_and_keeps_the_cursor(
        harness: Harness, hubspot: FakeHubSpot, clock: Clock) -> None:
    store, slack = harness.deps.store, harness.slack
    add_people(store, slack)
    settings = hubspot_settings(hubspot)
    dry = await sync(store, slack, settings, clock, dry_run=True)
    assert dry.rows_changed == 9 and crm_rows(store) == {}
    real = await sync(store, slack, settings, clock)
    assert real.rows_changed == 9 and len(crm_rows(store)) == 9


async def test_on_both_databases_a_sync_is_idempotent_and_retracts(
        any_store: Store, slack: LocalSlack, hubspot: FakeHubSpot, clock: Clock) -> None:
    add_people(any_store, slack)
    settings = hubspot_settings(hubspot)
    assert (await sync(any_store, slack, settings, clock)).rows_changed == 9
    assert (await sync(any_store, slack, settings, clock)).rows_changed == 0
    hubspot.archive("deals", "41", at("2026-11-27T10:00:00"))
    clock.current = at("2026-11-27T10:30:00")
    assert (await sync(any_store, slack, settings, clock)).rows_changed == 2
    assert len(crm_rows(any_store)) == 7 and len(crm_rows(any_store, live=False)) == 9


async def test_of_two_overlapping_syncs_only_the_first_to_store_stores(
        harness: Harness, hubspot: FakeHubSpot, clock: Clock) -> None:
    store, slack = harness.deps.store, harness.slack
    add_people(store, slack)
    started = store.run_sync(crm.sync_state, source="hubspot")  # a slow run reads its cursor
    await sync(store, slack, hubspot_settings(hubspot), clock)  # a quick one stores meanwhile
    late = Prepared(records={"hubspot:call:1:calls": ActivityRecord(
        day=date(2026, 11, 23), user=ADA, metric=Metric.CALLS, quantity=5,
        external_id="hubspot:call:1:calls")})
    with pytest.raises(SyncConflict, match="another hubspot sync stored first"):
        store.run_sync(store_sync, source="hubspot", version=started.version, prepared=late,
                       cursor="{}", records_read=1, now=clock(), dry_run=False)
    assert crm_rows(store)["hubspot:call:1:calls"] == (ADA, "2026-11-23", 1.0)
    assert store.run_sync(crm.sync_state, source="hubspot").cursor != "{}"


async def test_a_record_handed_to_an_owner_without_slack_stops_counting(
        harness: Harness, hubspot: FakeHubSpot, clock: Clock) -> None:
    store, slack = harness.deps.store, harness.slack
    add_people(store, slack)
    settings = hubspot_settings(hubspot)
    await sync(store, slack, settings, clock)
    hubspot.add_owner("303", "carl@example.com")
    hubspot.put("calls", "2", at("2026-11-27T08:00:00"), hubspot_owner_id="303")
    hubspot.put("calls", "4", at("2026-11-27T08:00:00"), hs_timestamp="2099-01-01T10:00:00Z")
    clock.current = at("2026-11-27T09:30:00")
    report = await sync(store, slack, settings, clock)
    assert report.unmatched == ["carl@example.com"]
    assert report.error_count == 1 and "is in the future" in report.errors[0]
    assert report.rows_changed == 2  # the two calls rows retracted: nobody's, and not yet
    assert "hubspot:call:2:calls" not in crm_rows(store)
    assert "hubspot:call:4:calls" not in crm_rows(store)
