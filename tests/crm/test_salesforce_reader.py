"""The Salesforce reader, through the real simple-salesforce, against a local fake Salesforce."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from pydantic import SecretStr
from simple_salesforce.api import Salesforce

from bot.crm.activity import CrmCursor
from bot.crm.errors import CrmAuthError, CrmError
from bot.crm.mapping import DEFAULT_MAPPING, parse_mapping
from bot.crm.reading import ReadOptions
from bot.crm.salesforce_reader import SalesforceReader, connect_salesforce, login_domain
from bot.crm.settings import CrmSettings
from tests.crm.fake_salesforce import INSTANCE, FakeSalesforce, RedirectSession
from tests.crm.scenario import ActivityStore

OSLO = ZoneInfo("Europe/Oslo")
ADA, BO = "ada@example.com", "bo@example.com"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def salesforce() -> Iterator[FakeSalesforce]:
    fake = FakeSalesforce()
    fake.add_user("005A", "Ada@Example.com")
    fake.add_user("005B", BO)
    fake.put("Task", "00T1", at("2026-11-27T10:05:00"), OwnerId="005A", TaskSubtype="Call",
             CallDisposition="Connected", CreatedDate="2026-11-27T10:00:00.000+0000")
    # Sunday 23:30 UTC: Monday of the next week in Oslo.
    fake.put("Task", "00T2", at("2026-11-29T23:35:00"), OwnerId="005A", TaskSubtype="Call",
             CallDisposition="No answer", CompletedDateTime="2026-11-29T23:30:00.000+0000")
    fake.put("Task", "00T3", at("2026-11-30T09:01:00"), OwnerId="005B", TaskSubtype="Call",
             CallDisposition="connected", CreatedDate="2026-11-30T09:00:00.000+0000")
    fake.put("Task", "00T4", at("2026-11-26T15:00:00"), OwnerId="005B", TaskSubtype="Email",
             CreatedDate="2026-11-26T15:00:00.000+0000")
    fake.put("Task", "00T5", at("2026-11-26T15:30:00"), OwnerId="005B", TaskSubtype="Task")
    fake.put("Event", "00U1", at("2026-11-25T12:00:00"), OwnerId="005A",
             StartDateTime="2026-11-30T13:00:00.000+0000")
    fake.put("Lead", "00Q1", at("2026-11-26T22:45:00"), OwnerId="005A",
             CreatedDate="2026-11-24T08:00:00.000+0000", Status="Closed - Converted",
             IsConverted=True, ConvertedDate="2026-11-26")
    fake.put("Lead", "00Q2", at("2026-11-24T09:00:00"), OwnerId="005B",
             CreatedDate="2026-11-24T09:00:00.000+0000", Status="Open - Not Contacted",
             IsConverted=False)
    fake.put("Opportunity", "0061", at("2026-11-28T11:00:00"), OwnerId="005B", Amount=5000.0,
             CreatedDate="2026-11-28T11:00:00.000+0000")
    with fake.start():
        yield fake


def settings(**overrides: object) -> CrmSettings:
    values: dict[str, object] = {
        "salesforce_instance_url": "https://acme.my.salesforce.com",
        "salesforce_client_id": "3MVG9-client",
        "salesforce_client_secret": SecretStr("s3cret")}
    values.update(overrides)
    return CrmSettings.model_validate(values)


def reader(fake: FakeSalesforce, clock: Clock, *, sleeps: list[float] | None = None,
           mapping_raw: dict[str, object] | None = None,
           session: RedirectSession | None = None) -> SalesforceReader:
    client, variable = connect_salesforce(settings(), session=session or fake.session())
    sink = sleeps if sleeps is not None else []
    return SalesforceReader(
        client=client, credential_variable=variable, tz=OSLO,
        mapping=parse_mapping(mapping_raw) if mapping_raw else DEFAULT_MAPPING,
        options=ReadOptions(sleep=sink.append, now=clock))


def test_first_read_counts_both_owners_across_the_week_boundary(
        salesforce: FakeSalesforce) -> None:
    session = salesforce.session()
    store = ActivityStore()
    result = reader(salesforce, Clock(at("2026-12-01T08:00:00")), session=session).read()
    store.apply(result.activities)
    assert store.week_totals(ADA, 48) == {"calls": 1, "conversations": 1, "meetings_booked": 1,
                                          "leads": 1, "qualified_leads": 1}
    assert store.week_totals(ADA, 49) == {"calls": 1}
    assert store.week_totals(BO, 48) == {"emails": 1, "leads": 1, "opportunities": 1,
                                         "pipeline": 5000}
    assert store.week_totals(BO, 49) == {"calls": 1, "conversations": 1}
    assert store.totals()[(ADA, "calls", date(2026, 11, 30))] == 1
    assert result.cursor.get("task") == at("2026-11-30T09:01:00")
    # Client-credentials login at the My Domain of SALESFORCE_INSTANCE_URL, then queryAll,
    # paged through nextRecordsUrl, on the instance the token endpoint named.
    assert session.hosts[0] == "acme.my.salesforce.com"
    assert salesforce.server is not None
    paths = [r.path for r in salesforce.server.requests]
    assert paths[0] == "/services/oauth2/token"
    assert any(p.startswith("/services/data/v59.0/queryAll/01g") for p in paths)
    soql = [r.query["q"][0] for r in salesforce.server.requests if "q" in r.query]
    assert soql[0].startswith("SELECT CallDisposition, CompletedDateTime")
    assert "FROM Task WHERE TaskSubtype IN ('call', 'email', 'listemail')" in soql[0]


def test_incremental_reads_return_nothing_new_then_edits_and_deletions(
        salesforce: FakeSalesforce) -> None:
    clock = Clock(at("2026-12-01T08:00:00"))
    store = ActivityStore()
    first = reader(salesforce, clock).read()
    store.apply(first.activities)

    again = reader(salesforce, clock).read(CrmCursor.from_json(first.cursor.to_json()))
    assert again.activities == ()
    assert again.cursor == first.cursor

    salesforce.put("Opportunity", "0061", at("2026-12-01T09:00:00"), Amount=8000.0)
    salesforce.delete("Task", "00T1", at("2026-12-01T09:05:00"))
    clock.now = at("2026-12-01T10:00:00")
    third = reader(salesforce, clock).read(again.cursor)
    assert {(a.external_id, a.deleted) for a in third.activities} == {
        ("salesforce:opportunity:0061:opportunities", False),
        ("salesforce:opportunity:0061:pipeline", False),
        ("salesforce:task:00T1:calls", True), ("salesforce:task:00T1:conversations", True)}
    store.apply(third.activities)
    assert store.week_totals(BO, 48) == {"emails": 1, "leads": 1, "opportunities": 1,
                                         "pipeline": 8000}
    assert store.week_totals(ADA, 48) == {"meetings_booked": 1, "leads": 1,
                                          "qualified_leads": 1}
    assert salesforce.server is not None
    last_task_query = [r.query["q"][0] for r in salesforce.server.requests
                       if "FROM Task" in r.query.get("q", [""])[0]][-1]
    assert "SystemModstamp >= 2026-11-30T09:01:00Z" in last_task_query


def test_request_limit_exceeded_is_waited_out(salesforce: FakeSalesforce) -> None:
    salesforce.limited, salesforce.retry_after = 2, "5"
    sleeps: list[float] = []
    result = reader(salesforce, Clock(at("2026-12-01T08:00:00")), sleeps=sleeps).read()
    assert sleeps == [5.0, 5.0]
    assert result.records_read == 8


def test_wrong_client_secret_names_the_variable(salesforce: FakeSalesforce) -> None:
    salesforce.client_secret = "rotated"
    with pytest.raises(CrmAuthError) as caught:
        reader(salesforce, Clock(at("2026-12-01T08:00:00")))
    assert caught.value.variable == "SALESFORCE_CLIENT_SECRET"
    assert "SALESFORCE_CLIENT_SECRET" in str(caught.value)
    assert "s3cret" not in str(caught.value)


def test_an_expired_session_logs_in_again(salesforce: FakeSalesforce) -> None:
    sf = reader(salesforce, Clock(at("2026-12-01T08:00:00")))
    salesforce.revoke_sessions()
    assert sf.read().records_read == 8
    assert salesforce.server is not None
    assert [r.path for r in salesforce.server.requests].count("/services/oauth2/token") == 2


def test_a_revoked_app_mid_run_names_the_variable(salesforce: FakeSalesforce) -> None:
    sf = reader(salesforce, Clock(at("2026-12-01T08:00:00")))
    salesforce.revoke_sessions()
    salesforce.client_secret = "rotated"
    with pytest.raises(CrmAuthError, match="SALESFORCE_CLIENT_SECRET") as caught:
        sf.read()
    assert "invalid client credentials" in str(caught.value)


def test_username_password_login_through_the_connected_app(salesforce: FakeSalesforce) -> None:
    client, variable = connect_salesforce(settings(
        salesforce_username="sync@acme.example", salesforce_password=SecretStr("pw-and-"),
        salesforce_security_token=SecretStr("token"),
        salesforce_login_url="https://test.salesforce.com"), session=salesforce.session())
    assert variable == "SALESFORCE_PASSWORD"
    result = SalesforceReader(client=client, mapping=DEFAULT_MAPPING, tz=OSLO,
                              options=ReadOptions(now=Clock(at("2026-12-01T08:00:00")))).read()
    assert result.records_read == 8


def test_owner_field_and_held_meetings_from_the_mapping(salesforce: FakeSalesforce) -> None:
    salesforce.put("Event", "00U1", at("2026-11-30T14:00:00"), SDR__c="005B",
                   Meeting_Status__c="Held")
    result = reader(salesforce, Clock(at("2026-12-01T08:00:00")), mapping_raw={"salesforce": {
        "owner_relationship": "SDR__r", "held_field": "Meeting_Status__c",
        "held_values": ["held"]}}).read()
    held = [a for a in result.activities if a.metric == "meetings_held"]
    assert [(a.owner_email, a.day, a.deleted) for a in held] == [(BO, date(2026, 11, 30), False)]


def test_login_urls_become_simple_salesforce_domains() -> None:
    assert login_domain("https://login.salesforce.com") == "login"
    assert login_domain("https://test.salesforce.com/") == "test"
    assert login_domain("https://acme--dev.sandbox.my.salesforce.com") == "acme--dev.sandbox.my"
    with pytest.raises(CrmError, match="SALESFORCE_LOGIN_URL"):
        login_domain("https://example.com")


def test_missing_credentials_are_named() -> None:
    with pytest.raises(CrmError, match="SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET"):
        connect_salesforce(CrmSettings.model_validate(
            {"salesforce_instance_url": "https://acme.my.salesforce.com"}))


def test_an_invalid_session_id_names_the_variable(salesforce: FakeSalesforce) -> None:
    client = Salesforce(instance_url=INSTANCE, session_id="00Dxx!expired",
                        session=salesforce.session())
    sf = SalesforceReader(client=client, mapping=DEFAULT_MAPPING, tz=OSLO,
                          credential_variable="SALESFORCE_ACCESS_TOKEN")
    with pytest.raises(CrmAuthError) as caught:
        sf.read()
    assert caught.value.variable == "SALESFORCE_ACCESS_TOKEN"
    assert "Session expired or invalid" in str(caught.value)


def test_an_opportunitys_currency_is_read_only_where_the_mapping_names_its_field(
        salesforce: FakeSalesforce) -> None:
    """A single-currency org has no CurrencyIsoCode (asking for it fails the query): it is
    asked for only when the mapping names it, and then kept on the pipeline row."""
    def opportunity_soql() -> list[str]:
        assert salesforce.server is not None
        return [q for r in salesforce.server.requests if "q" in r.query
                for q in r.query["q"] if "FROM Opportunity" in q]

    clock = Clock(at("2026-12-01T08:00:00"))
    plain = reader(salesforce, clock).read()
    assert "CurrencyIsoCode" not in opportunity_soql()[-1]
    assert [a.currency for a in plain.activities if a.metric == "pipeline"] == [None]
    salesforce.put("Opportunity", "0061", at("2026-11-28T11:00:00"), CurrencyIsoCode="NOK")
    named = reader(salesforce, clock, mapping_raw={
        "salesforce": {"currency_field": "CurrencyIsoCode"}}).read()
    assert "CurrencyIsoCode" in opportunity_soql()[-1]
    assert [a.currency for a in named.activities if a.metric == "pipeline"] == ["NOK"]
