"""`kpibot sync`: the summary, a refused token in one line, and a sync killed with SIGKILL."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session

from bot.cli import main
from bot.config import Settings
from bot.crm.mapping import HUBSPOT_CONNECTED
from storage.db import Store
from storage.models import Member, Person, Team
from tests.crm.fake_http import Request, Response
from tests.crm.fake_hubspot import FakeHubSpot
from tests.crm.sync_support import ADA, ADA_EMAIL, BO, BO_EMAIL, at, crm_rows

ROOT = Path(__file__).resolve().parents[2]


class StallingHubSpot(FakeHubSpot):
    """Holds one kind of request until released, so a test can kill the client mid-sync."""

    def __init__(self) -> None:
        super().__init__()
        self.stall_on: str | None = None
        self.reached = threading.Event()
        self.release = threading.Event()

    def handle(self, request: Request) -> Response:
        if self.stall_on is not None and self.stall_on in request.path \
                and "archived" in request.query:
            self.reached.set()
            self.release.wait(30)
        return super().handle(request)


@pytest.fixture
def hubspot() -> Iterator[StallingHubSpot]:
    fake = StallingHubSpot()
    fake.add_owner("101", ADA_EMAIL)
    fake.add_owner("202", BO_EMAIL)
    fake.add_owner("303", "carl@example.com")
    fake.put("calls", "1", at("2026-11-22T23:31:00"), hs_timestamp="2026-11-22T23:30:00.000Z",
             hubspot_owner_id="101", hs_call_disposition=HUBSPOT_CONNECTED)
    fake.put("calls", "2", at("2026-11-25T10:01:00"), hs_timestamp="2026-11-25T10:00:00.000Z",
             hubspot_owner_id="202", hs_call_disposition="x")
    fake.put("calls", "3", at("2026-11-25T11:01:00"), hs_timestamp="2026-11-25T11:00:00.000Z",
             hubspot_owner_id="303", hs_call_disposition="x")
    fake.put("deals", "41", at("2026-11-24T10:00:00"), createdate="2026-11-24T10:00:00.000Z",
             amount="5000", hubspot_owner_id="101")
    with fake.start():
        yield fake
    fake.release.set()


@pytest.fixture
def env(store: Store, hubspot: StallingHubSpot, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> dict[str, str]:
    """The command's environment: the test's database, the fake HubSpot, no Slack (the people
    are known by e-mail already, as after their first /mykpis)."""
    def people(session: Session) -> None:
        team = Team(name="East", timezone="America/New_York")
        session.add(team)
        session.add(Person(user_id=ADA, email=ADA_EMAIL))
        session.add(Person(user_id=BO, email=BO_EMAIL))
        session.flush()
        assert team.id is not None
        session.add(Member(team_id=team.id, user_id=BO, role="sdr"))
        session.commit()
    store.run_sync(people)
    assert hubspot.server is not None
    monkeypatch.chdir(tmp_path)  # no .env from the checkout
    for name in [*Settings.model_fields, "kpi_defaults_file"]:
        monkeypatch.delenv(name.upper(), raising=False)
    values = {"DATABASE_URL": store.engine.url.render_as_string(hide_password=False),
              "HUBSPOT_ACCESS_TOKEN": hubspot.token, "HUBSPOT_API_URL": hubspot.server.url,
              "KPI_TIMEZONE": "Europe/Oslo"}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def test_the_summary_names_unmatched_owners(env: dict[str, str],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sync", "hubspot"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("hubspot: 4 record(s) read, 5 row(s) changed, 1 owner(s) "
                             "unmatched, 0 error(s)")
    assert "carl@example.com" in out[1]


def test_a_dry_run_says_so(env: dict[str, str], store: Store,
                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sync", "hubspot", "--dry-run"]) == 0
    assert "dry run, nothing stored" in capsys.readouterr().out
    assert crm_rows(store) == {}


def test_since_reads_again_from_that_day(env: dict[str, str], store: Store,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sync", "hubspot"]) == 0
    assert main(["sync", "hubspot", "--since", "2026-11-25"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2].startswith("hubspot: 2 record(s) read, 0 row(s) changed")


@pytest.mark.parametrize("status", ["wrong", "no scopes"])
def test_a_refused_token_is_one_line_naming_the_variable(
        env: dict[str, str], hubspot: StallingHubSpot, status: str,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    if status == "wrong":
        monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", "pat-na1-revoked")
    else:
        hubspot.scopes_missing = True
    assert main(["sync", "hubspot"]) == 1
    captured = capsys.readouterr()
    [line] = captured.err.splitlines()
    assert line.startswith("kpibot: HUBSPOT_ACCESS_TOKEN was refused by the CRM")
    assert captured.out == ""


def test_an_unconfigured_crm_is_named(env: dict[str, str], monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sync", "salesforce"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert "SALESFORCE_INSTANCE_URL" in line


def _command(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "bot", "sync", "hubspot"], cwd=env["CWD"],
                            env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


async def test_a_sync_killed_with_sigkill_resumes_with_nothing_lost_or_twice(
        env: dict[str, str], hubspot: StallingHubSpot, store: Store, tmp_path: Path) -> None:
    env["CWD"] = str(tmp_path)
    first = _command(env)
    assert await asyncio.to_thread(first.wait, 60) == 0
    synced = crm_rows(store)
    assert len(synced) == 5

    # The CRM changes; the next sync is killed while it reads the last list of all.
    hubspot.put("deals", "41", at("2026-11-30T06:00:00"), amount="8000")
    hubspot.archive("calls", "1", at("2026-11-30T06:00:00"))
    hubspot.put("calls", "7", at("2026-11-30T06:00:00"), hs_timestamp="2026-11-29T10:00:00Z",
                hubspot_owner_id="202", hs_call_disposition="x")
    hubspot.stall_on = "/deals"
    killed = _command(env)
    assert await asyncio.to_thread(hubspot.reached.wait, 60)
    os.kill(killed.pid, signal.SIGKILL)
    assert await asyncio.to_thread(killed.wait, 30) == -signal.SIGKILL
    assert crm_rows(store) == synced  # nothing of the killed run
    hubspot.stall_on = None
    hubspot.release.set()

    again = _command(env)
    assert await asyncio.to_thread(again.wait, 60) == 0
    rows = crm_rows(store)
    assert rows == {
        "hubspot:call:2:calls": (BO, "2026-11-25", 1.0),
        "hubspot:call:7:calls": (BO, "2026-11-29", 1.0),
        "hubspot:deal:41:opportunities": (ADA, "2026-11-24", 1.0),
        "hubspot:deal:41:pipeline": (ADA, "2026-11-24", 8000.0),
    }
