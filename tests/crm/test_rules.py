"""The default mapping, one object type at a time, on days in the team's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.crm.activity import CrmActivity, CrmRecord, Source
from bot.crm.mapping import DEFAULT_MAPPING, HUBSPOT_CONNECTED, CrmMapping, parse_mapping
from bot.crm.rules import activities_for

OSLO = ZoneInfo("Europe/Oslo")
NEW_YORK = ZoneInfo("America/New_York")
MODIFIED = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def record(source: Source, object_type: str, fields: dict[str, object], *,
           deleted: bool = False) -> CrmRecord:
    return CrmRecord(source=source, object_type=object_type, record_id="42",
                     owner_email="ada@example.com", fields=fields, modified_at=MODIFIED,
                     deleted=deleted)


def by_metric(items: list[CrmActivity]) -> dict[str, CrmActivity]:
    assert len({a.external_id for a in items}) == len(items)
    return {a.metric: a for a in items}


def counted(items: list[CrmActivity]) -> dict[str, tuple[float, date]]:
    return {a.metric: (a.quantity, a.day) for a in items if not a.deleted}


def test_connected_hubspot_call_is_a_call_and_a_conversation_with_stable_ids() -> None:
    items = activities_for(record("hubspot", "call", {
        "hs_timestamp": "2026-11-24T10:00:00.000Z", "hs_call_disposition": HUBSPOT_CONNECTED,
    }), DEFAULT_MAPPING, OSLO)
    assert counted(items) == {"calls": (1.0, date(2026, 11, 24)),
                              "conversations": (1.0, date(2026, 11, 24))}
    assert sorted(a.external_id for a in items) == [
        "hubspot:call:42:calls", "hubspot:call:42:conversations"]
    assert all(a.owner_email == "ada@example.com" and a.value is None for a in items)


def test_unconnected_call_retracts_its_conversation() -> None:
    items = by_metric(activities_for(record("hubspot", "call", {
        "hs_timestamp": "2026-11-24T10:00:00Z", "hs_call_disposition": "no-answer-id",
    }), DEFAULT_MAPPING, OSLO))
    assert not items["calls"].deleted
    assert items["conversations"].deleted


def test_late_evening_utc_falls_on_the_next_day_and_week_in_oslo() -> None:
    # Sunday 29 November 23:30 UTC is Monday 30 November 00:30 in Oslo: the next ISO week.
    items = activities_for(record("hubspot", "call", {
        "hs_timestamp": "2026-11-29T23:30:00.000Z"}), DEFAULT_MAPPING, OSLO)
    day = counted(items)["calls"][1]
    assert day == date(2026, 11, 30)
    assert day.isocalendar().week == 49
    assert counted(activities_for(record("hubspot", "call", {
        "hs_timestamp": "2026-11-29T23:30:00.000Z"}), DEFAULT_MAPPING, UTC))["calls"][1] \
        .isocalendar().week == 48


def test_early_utc_falls_on_the_previous_day_in_new_york() -> None:
    # Monday 30 November 02:00 UTC is still Sunday evening in New York: last week.
    items = activities_for(record("salesforce", "task", {
        "TaskSubtype": "Call", "CallDisposition": "connected",
        "CreatedDate": "2026-11-30T02:00:00.000+0000",
    }), DEFAULT_MAPPING, NEW_YORK)
    assert counted(items) == {"calls": (1.0, date(2026, 11, 29)),
                              "conversations": (1.0, date(2026, 11, 29))}


def test_hubspot_email_counts_only_outgoing() -> None:
    out = activities_for(record("hubspot", "email", {
        "hs_timestamp": "2026-11-24T10:00:00Z", "hs_email_direction": "EMAIL"}),
        DEFAULT_MAPPING, OSLO)
    incoming = activities_for(record("hubspot", "email", {
        "hs_timestamp": "2026-11-24T10:00:00Z", "hs_email_direction": "INCOMING_EMAIL"}),
        DEFAULT_MAPPING, OSLO)
    assert counted(out) == {"emails": (1.0, date(2026, 11, 24))}
    assert counted(incoming) == {}
    assert [a.external_id for a in incoming] == ["hubspot:email:42:emails"]


def test_hubspot_meeting_booked_on_creation_day_held_on_its_own_day() -> None:
    items = activities_for(record("hubspot", "meeting", {
        "hs_createdate": "2026-11-23T09:00:00Z", "hs_meeting_start_time": "2026-11-26T13:00:00Z",
        "hs_meeting_outcome": "COMPLETED"}), DEFAULT_MAPPING, OSLO)
    assert counted(items) == {"meetings_booked": (1.0, date(2026, 11, 23)),
                              "meetings_held": (1.0, date(2026, 11, 26))}
    scheduled = activities_for(record("hubspot", "meeting", {
        "hs_createdate": "2026-11-23T09:00:00Z", "hs_meeting_start_time": "2026-11-26T13:00:00Z",
        "hs_meeting_outcome": "SCHEDULED"}), DEFAULT_MAPPING, OSLO)
    assert counted(scheduled) == {"meetings_booked": (1.0, date(2026, 11, 23))}


def test_hubspot_contact_is_a_lead_and_qualified_by_lifecycle_stage() -> None:
    items = activities_for(record("hubspot", "contact", {
        "createdate": "2026-11-23T09:00:00Z", "lifecyclestage": "salesqualifiedlead",
        "hs_lifecyclestage_salesqualifiedlead_date": "2026-11-25T22:30:00Z"}),
        DEFAULT_MAPPING, OSLO)
    assert counted(items) == {"leads": (1.0, date(2026, 11, 23)),
                              "qualified_leads": (1.0, date(2026, 11, 25))}
    plain = activities_for(record("hubspot", "contact", {
        "createdate": "2026-11-23T09:00:00Z", "lifecyclestage": "lead"}), DEFAULT_MAPPING, OSLO)
    assert counted(plain) == {"leads": (1.0, date(2026, 11, 23))}


def test_deal_is_an_opportunity_with_its_amount_as_pipeline() -> None:
    items = by_metric(activities_for(record("hubspot", "deal", {
        "createdate": "2026-11-24T10:00:00Z", "amount": "12500.50"}), DEFAULT_MAPPING, OSLO))
    assert (items["opportunities"].quantity, items["opportunities"].value) == (1.0, 12500.5)
    assert (items["pipeline"].quantity, items["pipeline"].value) == (12500.5, 12500.5)
    assert not items["pipeline"].deleted
    no_amount = by_metric(activities_for(record("hubspot", "deal", {
        "createdate": "2026-11-24T10:00:00Z", "amount": ""}), DEFAULT_MAPPING, OSLO))
    assert not no_amount["opportunities"].deleted
    assert no_amount["pipeline"].deleted


def test_a_deal_keeps_the_currency_the_crm_gives_it() -> None:
    """HubSpot's deal_currency_code always; Salesforce's CurrencyIsoCode where the mapping
    names it (only multi-currency orgs have the field). The code rides on the money row only."""
    hubspot = by_metric(activities_for(record("hubspot", "deal", {
        "createdate": "2026-11-24T10:00:00Z", "amount": "900", "deal_currency_code": " eur "}),
        DEFAULT_MAPPING, OSLO))
    assert (hubspot["pipeline"].currency, hubspot["opportunities"].currency) == ("EUR", None)
    unset = by_metric(activities_for(record("hubspot", "deal", {
        "createdate": "2026-11-24T10:00:00Z", "amount": "900", "deal_currency_code": None}),
        DEFAULT_MAPPING, OSLO))
    assert unset["pipeline"].currency is None
    fields = {"CreatedDate": "2026-11-24T10:00:00.000+0000", "Amount": 900,
              "CurrencyIsoCode": "NOK"}
    plain = by_metric(activities_for(record("salesforce", "opportunity", fields),
                                     DEFAULT_MAPPING, OSLO))
    assert plain["pipeline"].currency is None
    multi = parse_mapping({"salesforce": {"currency_field": "CurrencyIsoCode"}})
    named = by_metric(activities_for(record("salesforce", "opportunity", fields), multi, OSLO))
    assert named["pipeline"].currency == "NOK"


def test_salesforce_email_task_event_lead_and_opportunity() -> None:
    email = activities_for(record("salesforce", "task", {
        "TaskSubtype": "Email", "CreatedDate": "2026-11-24T10:00:00.000+0000"}),
        DEFAULT_MAPPING, OSLO)
    assert counted(email) == {"emails": (1.0, date(2026, 11, 24))}
    event = activities_for(record("salesforce", "event", {
        "CreatedDate": "2026-11-24T23:10:00.000+0000",
        "StartDateTime": "2026-11-27T09:00:00.000+0000"}), DEFAULT_MAPPING, OSLO)
    assert counted(event) == {"meetings_booked": (1.0, date(2026, 11, 25))}
    lead = activities_for(record("salesforce", "lead", {
        "CreatedDate": "2026-11-24T10:00:00.000+0000", "Status": "Closed - Converted",
        "IsConverted": True, "ConvertedDate": "2026-11-26"}), DEFAULT_MAPPING, OSLO)
    assert counted(lead) == {"leads": (1.0, date(2026, 11, 24)),
                             "qualified_leads": (1.0, date(2026, 11, 26))}
    opportunity = activities_for(record("salesforce", "opportunity", {
        "CreatedDate": "2026-11-24T10:00:00.000+0000", "Amount": 9000.0}), DEFAULT_MAPPING, OSLO)
    assert counted(opportunity) == {"opportunities": (1.0, date(2026, 11, 24)),
                                    "pipeline": (9000.0, date(2026, 11, 24))}


def test_a_mapping_file_changes_what_counts() -> None:
    mapping: CrmMapping = parse_mapping({"salesforce": {
        "connected_dispositions": ["Spoke with DM"], "qualified_lead_statuses": ["SQL"],
        "held_field": "Meeting_Status__c", "held_values": ["Held"]}})
    call = activities_for(record("salesforce", "task", {
        "TaskSubtype": "Call", "CallDisposition": "spoke with dm",
        "CreatedDate": "2026-11-24T10:00:00Z"}), mapping, OSLO)
    assert set(counted(call)) == {"calls", "conversations"}
    default_call = activities_for(record("salesforce", "task", {
        "TaskSubtype": "Call", "CallDisposition": "spoke with dm",
        "CreatedDate": "2026-11-24T10:00:00Z"}), DEFAULT_MAPPING, OSLO)
    assert set(counted(default_call)) == {"calls"}
    lead = activities_for(record("salesforce", "lead", {
        "CreatedDate": "2026-11-24T10:00:00Z", "Status": "SQL"}), mapping, OSLO)
    assert counted(lead)["qualified_leads"] == (1.0, date(2026, 11, 24))
    event = activities_for(record("salesforce", "event", {
        "CreatedDate": "2026-11-24T10:00:00Z", "StartDateTime": "2026-11-27T09:00:00Z",
        "Meeting_Status__c": "Held"}), mapping, OSLO)
    assert counted(event)["meetings_held"] == (1.0, date(2026, 11, 27))


@pytest.mark.parametrize("object_type", ["call", "email", "meeting", "contact", "deal"])
def test_a_deleted_record_retracts_everything_it_counted(object_type: str) -> None:
    items = activities_for(record("hubspot", object_type, {
        "hs_timestamp": "2026-11-24T10:00:00Z", "createdate": "2026-11-24T10:00:00Z",
        "hs_createdate": "2026-11-24T10:00:00Z", "amount": "100",
    }, deleted=True), DEFAULT_MAPPING, OSLO)
    assert items
    assert all(a.deleted for a in items)
