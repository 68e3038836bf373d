"""The HubSpot reader, through the real hubspot-api-client, against a local fake HubSpot."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.crm.activity import CrmCursor
from bot.crm.errors import CrmAuthError, CrmRateLimitError
from bot.crm.hubspot_reader import HubSpotReader
from bot.crm.mapping import DEFAULT_MAPPING, HUBSPOT_CONNECTED, parse_mapping
from bot.crm.reading import ReadOptions
from bot.crm.retry import RetryPolicy
from tests.crm.fake_hubspot import FakeHubSpot
from tests.crm.scenario import ActivityStore

OSLO = ZoneInfo("Europe/Oslo")
ADA, BO = "ada@example.com", "bo@example.com"
NO_ANSWER = "73a0d17f-1163-4015-bdd5-ec830791da20"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def hubspot() -> Iterator[FakeHubSpot]:
    fake = FakeHubSpot()
    fake.add_owner("101", "Ada@Example.com")
    fake.add_owner("202", BO)
    # Ada: a connected call on Friday of week 48, and an unanswered one late on Sunday evening
    # UTC that is already Monday of week 49 in Oslo.
    fake.put("calls", "1", at("2026-11-27T10:05:00"), hs_timestamp="2026-11-27T10:00:00.000Z",
             hubspot_owner_id="101", hs_call_disposition=HUBSPOT_CONNECTED)
    fake.put("calls", "2", at("2026-11-29T23:35:00"), hs_timestamp="2026-11-29T23:30:00.000Z",
             hubspot_owner_id="101", hs_call_disposition=NO_ANSWER)
    fake.put("calls", "3", at("2026-11-30T09:01:00"), hs_timestamp="2026-11-30T09:00:00.000Z",
             hubspot_owner_id="202", hs_call_disposition=HUBSPOT_CONNECTED)
    fake.put("emails", "11", at("2026-11-26T15:00:00"), hs_timestamp="2026-11-26T15:00:00.000Z",
             hubspot_owner_id="202", hs_email_direction="EMAIL")
    fake.put("emails", "12", at("2026-11-26T16:00:00"), hs_timestamp="2026-11-26T16:00:00.000Z",
             hubspot_owner_id="202", hs_email_direction="INCOMING_EMAIL")
    fake.put("meetings", "21", at("2026-11-30T14:00:00"), hs_createdate="2026-11-25T12:00:00Z",
             hs_meeting_start_time="2026-11-30T13:00:00.000Z", hs_meeting_outcome="COMPLETED",
             hubspot_owner_id="101")
    fake.put("contacts", "31", at("2026-11-26T22:45:00"), createdate="2026-11-24T08:00:00.000Z",
             lifecyclestage="salesqualifiedlead", hubspot_owner_id="101",
             hs_lifecyclestage_salesqualifiedlead_date="2026-11-26T22:45:00.000Z")
    fake.put("deals", "41", at("2026-11-28T11:00:00"), createdate="2026-11-28T11:00:00.000Z",
             amount="5000", hubspot_owner_id="202")
    with fake.start():
        yield fake


def reader(fake: FakeHubSpot, clock: Clock, *, token: str = "pat-na1-good",
           sleeps: list[float] | None = None, mapping_raw: dict[str, object] | None = None) -> (
        HubSpotReader):
    assert fake.server is not None
    sink = sleeps if sleeps is not None else []
    return HubSpotReader(
        access_token=token, api_url=fake.server.url + "/", tz=OSLO,
        mapping=parse_mapping(mapping_raw) if mapping_raw else DEFAULT_MAPPING,
        options=ReadOptions(sleep=sink.append, now=clock, page_size=2,
                            retry=RetryPolicy(max_total_wait=30)))


def test_first_read_counts_both_owners_across_the_week_boundary(hubspot: FakeHubSpot) -> None:
    store = ActivityStore()
    result = reader(hubspot, Clock(at("2026-12-01T08:00:00"))).read()
    store.apply(result.activities)
    assert store.week_totals(ADA, 48) == {"calls": 1, "conversations": 1, "meetings_booked": 1,
                                          "leads": 1, "qualified_leads": 1}
    assert store.week_totals(ADA, 49) == {"calls": 1, "meetings_held": 1}
    assert store.week_totals(BO, 48) == {"emails": 1, "opportunities": 1, "pipeline": 5000}
    assert store.week_totals(BO, 49) == {"calls": 1, "conversations": 1}
    assert store.totals()[(ADA, "calls", date(2026, 11, 30))] == 1  # 23:30 UTC Sunday
    assert store.totals()[(ADA, "qualified_leads", date(2026, 11, 26))] == 1
    assert result.records_read == 8
    assert result.cursor.get("call") == at("2026-11-30T09:01:00")
    assert result.cursor.get("deal") == at("2026-11-28T11:00:00")
    # Paged (two per page) through the search API, on the host HUBSPOT_API_URL names.
    assert hubspot.server is not None
    searches = [r for r in hubspot.server.requests if r.path.endswith("/search")]
    assert any(r.json().get("after") for r in searches)
    assert {r.path for r in searches} == {f"/crm/v3/objects/{k}/search" for k in
                                          ("calls", "emails", "meetings", "contacts", "deals")}


def test_incremental_reads_return_nothing_new_then_edits_and_deletions(
        hubspot: FakeHubSpot) -> None:
    clock = Clock(at("2026-12-01T08:00:00"))
    store = ActivityStore()
    first = reader(hubspot, clock).read()
    store.apply(first.activities)

    again = reader(hubspot, clock).read(CrmCursor.from_json(first.cursor.to_json()))
    assert again.activities == ()
    assert again.records_read == 0
    assert again.cursor == first.cursor
    assert hubspot.server is not None
    search = [r.json() for r in hubspot.server.requests if r.path.endswith("/calls/search")][-1]
    assert search["filterGroups"][0]["filters"][0] == {
        "propertyName": "hs_lastmodifieddate", "operator": "GT",
        "value": str(int(at("2026-11-30T09:01:00").timestamp() * 1000))}

    hubspot.put("deals", "41", at("2026-12-01T09:00:00"), amount="8000")
    hubspot.archive("calls", "1", at("2026-12-01T09:05:00"))
    clock.now = at("2026-12-01T10:00:00")
    third = reader(hubspot, clock).read(again.cursor)
    assert {(a.external_id, a.deleted) for a in third.activities} == {
        ("hubspot:deal:41:opportunities", False), ("hubspot:deal:41:pipeline", False),
        ("hubspot:call:1:calls", True), ("hubspot:call:1:conversations", True)}
    # the opportunity's value and the pipeline changed; the call's two rows are retracted
    assert store.apply(third.activities) == 4
    assert store.week_totals(BO, 48) == {"emails": 1, "opportunities": 1, "pipeline": 8000}
    assert store.week_totals(ADA, 48) == {"meetings_booked": 1, "leads": 1,
                                          "qualified_leads": 1}
    assert third.cursor.get("call") == at("2026-12-01T09:05:00")


def test_the_cursor_stays_behind_the_settle_lag(hubspot: FakeHubSpot) -> None:
    # Records modified in the last two minutes may not all be indexed yet: read them again.
    clock = Clock(at("2026-11-30T14:01:00"))
    first = reader(hubspot, clock).read()
    assert first.cursor.get("meeting") == at("2026-11-30T13:59:00")
    assert first.cursor.get("call") == at("2026-11-30T09:01:00")
    clock.now = at("2026-11-30T14:30:00")
    again = reader(hubspot, clock).read(first.cursor)
    assert {a.external_id for a in again.activities} == {
        "hubspot:meeting:21:meetings_booked", "hubspot:meeting:21:meetings_held"}
    assert again.cursor.get("meeting") == at("2026-11-30T14:00:00")


def test_rate_limits_are_waited_out(hubspot: FakeHubSpot) -> None:
    hubspot.rate_limited, hubspot.retry_after = 2, "3"
    sleeps: list[float] = []
    result = reader(hubspot, Clock(at("2026-12-01T08:00:00")), sleeps=sleeps).read()
    assert sleeps == [3.0, 3.0]
    assert result.records_read == 8

    hubspot.rate_limited, hubspot.retry_after = 1, None
    sleeps.clear()
    reader(hubspot, Clock(at("2026-12-01T08:00:00")), sleeps=sleeps).read()
    assert sleeps == [10.0]  # no Retry-After: HubSpot's limit window is ten seconds


def test_a_limit_that_does_not_lift_fails_clearly(hubspot: FakeHubSpot) -> None:
    hubspot.rate_limited, hubspot.retry_after = 100, "20"
    sleeps: list[float] = []
    with pytest.raises(CrmRateLimitError, match="ten_secondly_rolling"):
        reader(hubspot, Clock(at("2026-12-01T08:00:00")), sleeps=sleeps).read()
    assert sum(sleeps) <= 30


def test_a_wrong_token_names_the_variable(hubspot: FakeHubSpot) -> None:
    with pytest.raises(CrmAuthError) as caught:
        reader(hubspot, Clock(at("2026-12-01T08:00:00")), token="pat-na1-revoked").read()
    assert caught.value.variable == "HUBSPOT_ACCESS_TOKEN"
    assert "HUBSPOT_ACCESS_TOKEN" in str(caught.value)
    assert "pat-na1-revoked" not in str(caught.value)


def test_owner_field_from_the_mapping_and_unknown_owners_reported(
        hubspot: FakeHubSpot) -> None:
    hubspot.put("calls", "4", at("2026-11-27T11:00:00"), hs_timestamp="2026-11-27T11:00:00Z",
                hubspot_owner_id="101", sdr_owner="202")
    hubspot.put("calls", "5", at("2026-11-27T11:05:00"), hs_timestamp="2026-11-27T11:05:00Z",
                sdr_owner="999")
    result = reader(hubspot, Clock(at("2026-12-01T08:00:00")),
                    mapping_raw={"hubspot": {"owner_property": "sdr_owner"}}).read()
    owners = {a.external_id: a.owner_email for a in result.activities}
    assert owners["hubspot:call:4:calls"] == BO
    assert owners["hubspot:call:5:calls"] is None
    assert result.unknown_owner_ids == ("999",)
    assert hubspot.server is not None
    asked = [r.json()["properties"] for r in hubspot.server.requests
             if r.path.endswith("/calls/search")]
    assert all("sdr_owner" in p for p in asked)


def test_since_starts_every_type_at_one_moment(hubspot: FakeHubSpot) -> None:
    cursor = CrmCursor.since(at("2026-11-29T00:00:00"),
                             ("call", "email", "meeting", "contact", "deal"))
    result = reader(hubspot, Clock(at("2026-12-01T08:00:00"))).read(cursor)
    assert {a.external_id.rsplit(":", 1)[0] for a in result.activities} == {
        "hubspot:call:2", "hubspot:call:3", "hubspot:meeting:21"}
    assert timedelta(0) < at("2026-12-01T08:00:00") - result.cursor.get("call")  # type: ignore[operator]
