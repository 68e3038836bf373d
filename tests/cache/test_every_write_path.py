"""Issue 14, must-show 2: the scorecard cache (bot/services/scorecard_cache.py) never shows
numbers older than the data. Every way data changes is made once, after `/mykpis` has been
answered from the cache, and `/mykpis` and `/kpi team` through the real app then show the new
numbers. Remove the version bump (storage/versions.py) and these fail."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr

from bot.blocks import ids
from bot.console.harness import Harness
from bot.console.local_slack import SlackUser
from bot.http_server import build_web_app
from bot.ingest.csv_import import ImportOptions, run_import
from bot.ingest.mapping import SPEC_COLUMNS
from bot.ingest.users import UserDirectory
from bot.kpi.metrics import Metric
from bot.services.demo_data import create_demo_data, demo_sdr_ids
from bot.services.profiles import set_locale
from storage.db import Store
from tests.conftest import NOW, Clock
from tests.crm.fake_hubspot import FakeHubSpot
from tests.crm.sync_support import ADA, ADA_EMAIL, add_people, at, hubspot_settings, sync
from tests.managers.conftest import Org
from tests.scenario.support import text_of


@dataclass(frozen=True)
class World:
    harness: Harness
    org: Org
    clock: Clock
    tmp_path: Path

    @property
    def store(self) -> Store:
        return self.harness.deps.store


async def _say(harness: Harness, user: str, command: str, text: str = "") -> str:
    answer = await harness.command(user, command, text)
    assert answer is not None and answer.get("blocks"), (command, text, answer)
    return text_of(answer["blocks"])


async def _view(harness: Harness, user: str, text: str) -> dict[str, Any]:
    harness.slack.clear()
    await harness.command(user, "/kpi", text)
    [opened] = await harness.slack.wait_for("views.open")
    view: dict[str, Any] = opened.args["view"]
    harness.slack.clear()
    return view


# --- the ways data changes --------------------------------------------------------------


async def log_command(w: World) -> None:
    await _say(w.harness, w.org.sdr_a, "/kpi", "log 7 calls")


async def undo_command(w: World) -> None:
    await _say(w.harness, w.org.sdr_a, "/kpi", "undo")


async def log_modal(w: World) -> None:
    view = await _view(w.harness, w.org.sdr_a, "log")
    await w.harness.submit(w.org.sdr_a, view, {ids.LOG_DATE_BLOCK: "2026-11-27",
                                                ids.LOG_METRIC_PREFIX + "calls": "12"})


async def csv_import(w: World) -> None:
    path = w.tmp_path / "calls.csv"
    path.write_text("date,user,metric,quantity,value,source,technique,note,external_id\n"
                    f"2026-11-26,{w.org.sdr_a},calls,30,,,,,crm-30\n", encoding="utf-8")
    options = ImportOptions(path=path, mapping=SPEC_COLUMNS)
    report = await asyncio.to_thread(run_import, w.store, UserDirectory(w.store, None),
                                     options, now=NOW)
    assert report.ok and report.rows_read == 1, report


async def webhook_ingest(w: World) -> None:
    web_app = build_web_app(w.harness.app, w.store, ingest_token=SecretStr("tok"))
    client: TestClient[Any, Any] = TestClient(TestServer(web_app, host="127.0.0.1"))
    await client.start_server()
    try:
        response = await client.post(
            "/ingest/activities", headers={"Authorization": "Bearer tok"},
            json=[{"date": "2026-11-26", "user": w.org.sdr_a, "metric": "calls",
                   "quantity": 25, "external_id": "hook-1"}])
        assert response.status == 200, await response.text()
    finally:
        await client.close()


async def crm_sync(w: World) -> None:
    fake = FakeHubSpot()
    fake.add_owner("101", ADA_EMAIL)
    fake.put("calls", "1", at("2026-11-25T10:01:00"), hs_timestamp="2026-11-25T10:00:00.000Z",
             hubspot_owner_id="101", hs_call_disposition="f240bbac-87c9-4f6e-bf70-924b57d47db7")
    with fake.start():
        report = await sync(w.store, w.harness.slack, hubspot_settings(fake), w.clock)
    assert report.rows_changed, report


async def targets_modal(w: World) -> None:
    view = await _view(w.harness, w.org.manager_a, "targets")
    answer = await w.harness.submit(w.org.manager_a, view, {
        ids.TARGETS_SDRS_BLOCK: [w.org.sdr_a], ids.TARGETS_KIND_BLOCK: "week",
        ids.TARGETS_FROM_BLOCK: "2026-11-23",
        f"{ids.TARGET_FIELD_PREFIX}{Metric.CALLS.value}:0": "200"})
    assert answer is not None and answer["response_action"] == "update", answer


async def _settings(w: World, answers: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    view = await _view(w.harness, w.org.admin, "settings")  # opens on the default team
    answer = await w.harness.submit(w.org.admin, view, answers(view))
    assert answer is not None and answer["response_action"] == "update", answer


def _block(view: dict[str, Any], prefix: str) -> str:
    return str(next(b["block_id"] for b in view["blocks"]
                    if b.get("block_id", "").startswith(prefix)))


async def settings_currency(w: World) -> None:
    await _settings(w, lambda view: {_block(view, ids.SETTINGS_CURRENCY_BLOCK): "EUR"})


async def team_move(w: World) -> None:
    await _settings(w, lambda view: {_block(view, ids.SETTINGS_MEMBERS_BLOCK): [
        w.org.sdr_a, w.org.sdr_a2, w.org.sdr_b]})


async def time_off(w: World) -> None:
    await _say(w.harness, w.org.sdr_a, "/kpi", "off 2026-11-26")


async def locale(w: World) -> None:
    await w.store.run(set_locale, user_id=w.org.sdr_a, locale="nb-NO")


async def profile_from_slack(w: World) -> None:
    """A day on, the profile is asked again after an answer (bot/listeners/profiles.py); the
    cached message must not survive the new locale, even on the same day as it is read."""
    w.harness.slack.add_user(SlackUser(w.org.sdr_a, "a", "Ada Norsk", "a@example.com",
                                       locale="nb-NO"))
    w.harness.deps.profiles_checked[w.org.sdr_a] = w.clock() - timedelta(days=2)
    await _say(w.harness, w.org.sdr_a, "/mykpis", "quarter")  # a different cache entry
    await w.harness.app_settled()


async def demo_seeding(w: World) -> None:
    today = NOW.date()
    await w.store.run(create_demo_data, sdrs=2, weeks=2, today=today, beside_real_data=True)


@dataclass(frozen=True)
class Change:
    name: str
    make: Callable[[World], Awaitable[None]]
    user: Callable[[Org], str]  # whose /mykpis shows it
    before: str  # on that /mykpis before the change, and no more after it
    after: str  # on it after the change
    team_changes: bool = True  # /kpi team (the manager of the default team) shows it too


NOTHING = "Nothing logged for this week yet"


def _sdr_a(org: Org) -> str:
    return org.sdr_a


CHANGES = [
    Change("/kpi log", log_command, _sdr_a, "*Calls*   *5*", "*Calls*   *12*"),
    Change("/kpi undo", undo_command, _sdr_a, "*Calls*   *5*", NOTHING),
    Change("the log modal", log_modal, _sdr_a, "*Calls*   *5*", "*Calls*   *17*"),
    Change("kpibot import", csv_import, _sdr_a, "*Calls*   *5*", "*Calls*   *35*"),
    Change("POST /ingest/activities", webhook_ingest, _sdr_a, "*Calls*   *5*",
           "*Calls*   *30*"),
    Change("CRM sync", crm_sync, lambda org: ADA, NOTHING, "*Calls*   *1*"),
    Change("targets modal", targets_modal, _sdr_a, "*Calls*   *5*\n",
           "*Calls*   *5* of 200", team_changes=False),
    # the dollars logged before stay dollars (issue 9): the week is now measured in euros
    Change("settings: currency", settings_currency, _sdr_a, "*$15,000*", "*€0 + $15,000*"),
    Change("settings: a team move", team_move, lambda org: org.sdr_b, "Nordics",
           "Default team"),
    Change("time off", time_off, _sdr_a, "of 5 working days", "of 4 working days",
           team_changes=False),
    Change("locale (console, set_locale)", locale, _sdr_a, "*Calls*", "*Anrop*",
           team_changes=False),
    Change("profile from Slack (users.info)", profile_from_slack, _sdr_a, "*Calls*",
           "*Anrop*", team_changes=False),
    Change("demo seeding", demo_seeding, lambda org: demo_sdr_ids(1)[0], NOTHING,
           "*Calls*"),
]


@pytest.fixture
def world(harness: Harness, org: Org, clock: Clock, tmp_path: Path) -> World:
    return World(harness, org, clock, tmp_path)


@pytest.mark.parametrize("change", CHANGES, ids=[c.name for c in CHANGES])
async def test_a_change_shows_at_once_on_mykpis_and_kpi_team(world: World, change: Change
                                                               ) -> None:
    harness, org = world.harness, world.org
    add_people(world.store, harness.slack)  # Ada, for the CRM sync
    await _say(harness, org.sdr_a, "/kpi", "log 5 calls 1 opportunity worth 15k")
    await harness.app_settled()
    user = change.user(org)
    cache = harness.deps.scorecards
    first = await _say(harness, user, "/mykpis")
    hits = cache.hits
    cached = await _say(harness, user, "/mykpis")
    assert cache.hits == hits + 1, "the second /mykpis is answered from the cache"
    assert cached == first and change.before in first, first
    team_before = await _say(harness, org.manager_a, "/kpi", "team")

    await change.make(world)

    after = await _say(harness, user, "/mykpis")
    assert change.after in after, after
    assert change.before not in after or change.before in change.after, after
    team_after = await _say(harness, org.manager_a, "/kpi", "team")
    if change.team_changes:
        assert team_after != team_before
