"""Readers built from the environment, as `kpibot sync` and the scheduled job will build them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.crm.errors import CrmAuthError, CrmError, CrmMappingError
from bot.crm.reading import ReadOptions
from bot.crm.settings import CrmSettings
from bot.crm.sources import OBJECT_TYPES, open_reader
from tests.crm.fake_hubspot import FakeHubSpot
from tests.crm.fake_salesforce import FakeSalesforce

OSLO = ZoneInfo("Europe/Oslo")
OPTIONS = ReadOptions(now=lambda: datetime(2026, 12, 1, 8, tzinfo=UTC))


@pytest.fixture
def hubspot() -> Iterator[FakeHubSpot]:
    fake = FakeHubSpot()
    fake.add_owner("101", "ada@example.com")
    fake.put("calls", "1", datetime(2026, 11, 27, 10, tzinfo=UTC),
             hs_timestamp="2026-11-27T10:00:00Z", hubspot_owner_id="101",
             hs_call_disposition="Spoke")
    with fake.start():
        yield fake


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env from the developer's checkout
    for name in list(CrmSettings.model_fields):
        monkeypatch.delenv(name.upper(), raising=False)


def test_hubspot_from_the_environment_with_a_mapping_file(
        hubspot: FakeHubSpot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert hubspot.server is not None
    mapping = tmp_path / "crm.toml"
    mapping.write_text('[hubspot]\nconnected_dispositions = ["Spoke"]\n')
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", hubspot.token)
    monkeypatch.setenv("HUBSPOT_API_URL", hubspot.server.url)
    monkeypatch.setenv("CRM_MAPPING_FILE", str(mapping))
    settings = CrmSettings()
    assert hubspot.token not in repr(settings)
    result = open_reader("hubspot", settings, tz=OSLO, options=OPTIONS).read()
    assert sorted(a.metric for a in result.activities if not a.deleted) == [
        "calls", "conversations"]


def test_hubspot_needs_its_token(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(CrmError, match="HUBSPOT_ACCESS_TOKEN"):
        open_reader("hubspot", CrmSettings(), tz=OSLO)


def test_a_token_without_scopes_names_the_variable(
        hubspot: FakeHubSpot, monkeypatch: pytest.MonkeyPatch) -> None:
    assert hubspot.server is not None
    hubspot.scopes_missing = True
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", hubspot.token)
    monkeypatch.setenv("HUBSPOT_API_URL", hubspot.server.url)
    with pytest.raises(CrmAuthError, match=r"HUBSPOT_ACCESS_TOKEN.*lacks a scope"):
        open_reader("hubspot", CrmSettings(), tz=OSLO, options=OPTIONS).read()


def test_a_bad_mapping_file_stops_before_any_request(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    mapping = tmp_path / "crm.toml"
    mapping.write_text('[hubspot]\nconnected = ["x"]\n')
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", "pat")
    monkeypatch.setenv("CRM_MAPPING_FILE", str(mapping))
    with pytest.raises(CrmMappingError, match="unknown key 'connected'"):
        open_reader("hubspot", CrmSettings(), tz=OSLO)


def test_salesforce_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeSalesforce()
    fake.add_user("005A", "ada@example.com")
    fake.put("Opportunity", "0061", datetime(2026, 11, 28, 11, tzinfo=UTC), OwnerId="005A",
             Amount=5000.0)
    monkeypatch.setenv("SALESFORCE_INSTANCE_URL", "https://acme.my.salesforce.com")
    monkeypatch.setenv("SALESFORCE_CLIENT_ID", fake.client_id)
    monkeypatch.setenv("SALESFORCE_CLIENT_SECRET", fake.client_secret)
    settings = CrmSettings()
    assert settings.salesforce_configured and not settings.hubspot_configured
    with fake.start():
        result = open_reader("salesforce", settings, tz=OSLO, options=OPTIONS,
                             session=fake.session()).read()
    assert {(a.metric, a.quantity) for a in result.activities} == {
        ("opportunities", 1.0), ("pipeline", 5000.0)}
    assert set(result.cursor.positions) == {"opportunity"}
    assert OBJECT_TYPES["salesforce"] == ("task", "event", "lead", "opportunity")
