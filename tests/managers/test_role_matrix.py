"""Every manager and admin action, for every role: command, button and modal submission.

A submission forged by someone without the right changes nothing, whatever its
private_metadata or callback_id says.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlmodel import select

from bot.blocks import ids
from bot.blocks.settings_modal import SettingsForm, build_settings_modal
from bot.blocks.targets_modal import TargetsForm, build_targets_modal
from bot.console.harness import Harness
from bot.i18n import Translator
from bot.kpi.periods import PeriodKind
from storage.db import Store
from storage.models import Member, Target, Team
from tests.managers.conftest import Org

ROLES = ("sdr", "manager_a", "manager_b", "admin")
MAY_MANAGE_A = {"manager_a", "admin"}


def _user(org: Org, role: str) -> str:
    return {"sdr": org.sdr_a, "manager_a": org.manager_a, "manager_b": org.manager_b,
            "admin": org.admin}[role]


def _targets_view(org: Org) -> dict[str, Any]:
    """The targets modal for team A as Slack would hand it back, whoever submits it."""
    form = TargetsForm(team_id=org.team_a, team_name="Default team", teams=[], user_ids=[],
                       include_default=False, kind=PeriodKind.WEEK,
                       effective_from=__import__("datetime").date(2026, 11, 23), values={})
    return build_targets_modal(form, tr=Translator())


def _settings_view(org: Org) -> dict[str, Any]:
    form = SettingsForm(team_id=org.team_a, teams=[], can_create=False, name="Default team",
                        channel_id="C0TEAM", timezone="Europe/Oslo", currency="USD",
                        managers=[org.manager_a], members=[org.sdr_a, org.sdr_a2],
                        workdays=frozenset(range(5)), scorecard_weekday=0,
                        scorecard_time="09:00", nudges=[], leaderboard_size=5, stretch_pct=10)
    return build_settings_modal(form, tr=Translator())


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("subcommand", ["targets", "settings"])
async def test_commands_open_modals_only_for_managers(harness: Harness, org: Org, role: str,
                                                      subcommand: str) -> None:
    answer = await harness.command(_user(org, role), "/kpi", subcommand)
    if role == "sdr":
        assert answer is not None and "Only" in answer["text"]
        assert harness.slack.of("views.open") == []
    else:
        [call] = await harness.slack.wait_for("views.open")
        assert call.args["view"]["callback_id"] in (ids.TARGETS_MODAL, ids.SETTINGS_MODAL)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action_id", [ids.OPEN_TARGETS_MODAL, ids.OPEN_SETTINGS_MODAL])
async def test_buttons_open_modals_only_for_managers(harness: Harness, org: Org, role: str,
                                                     action_id: str) -> None:
    home = {"id": "VHOME", "type": "home", "blocks": [], "hash": "h"}
    await harness.click(_user(org, role), {"action_id": action_id}, view=home)
    if role == "sdr":
        await harness.app_settled()
        assert harness.slack.of("views.open") == []
    else:
        await harness.slack.wait_for("views.open")


def _all(store: Store, model: type) -> list[Any]:
    def read(session: Any) -> list[Any]:
        return list(session.exec(select(model)).all())
    return store.run_sync(read)


@pytest.mark.parametrize("role", ROLES)
async def test_forged_targets_submission_changes_nothing_without_the_right(
        harness: Harness, org: Org, store: Store, role: str) -> None:
    view = _targets_view(org)
    answer = await harness.submit(_user(org, role), view, {
        ids.TARGETS_SDRS_BLOCK: [org.sdr_a], ids.TARGETS_KIND_BLOCK: "week",
        ids.TARGETS_FROM_BLOCK: "2026-11-23", f"{ids.TARGET_FIELD_PREFIX}calls:0": "100"})
    assert answer is not None
    if role in MAY_MANAGE_A:
        assert answer["response_action"] == "update"
        assert [(t.user_id, t.value) for t in _all(store, Target)] == [(org.sdr_a, 100)]
    else:
        assert answer["response_action"] == "errors"
        assert _all(store, Target) == []
        assert harness.slack.of("chat.postMessage") == []


async def test_manager_cannot_set_targets_for_another_teams_sdr(harness: Harness, org: Org,
                                                                store: Store) -> None:
    # Team A's modal naming team B's SDR, then the metadata forged to say team B.
    view = _targets_view(org)
    for metadata in (view["private_metadata"],
                     json.dumps({"team_id": org.team_b, "rev": 0})):
        answer = await harness.submit(org.manager_a, {**view, "private_metadata": metadata}, {
            ids.TARGETS_SDRS_BLOCK: [org.sdr_b], ids.TARGETS_KIND_BLOCK: "week",
            ids.TARGETS_FROM_BLOCK: "2026-11-23", f"{ids.TARGET_FIELD_PREFIX}calls:0": "100"})
        assert answer is not None and answer["response_action"] == "errors"
    assert _all(store, Target) == []


@pytest.mark.parametrize("role", ROLES)
async def test_forged_settings_submission_changes_nothing_without_the_right(
        harness: Harness, org: Org, store: Store, role: str) -> None:
    view = _settings_view(org)
    answer = await harness.submit(_user(org, role), view, {
        f"{ids.SETTINGS_NAME_BLOCK}:0": "Renamed", f"{ids.SETTINGS_TZ_BLOCK}:0": "Europe/Oslo",
        f"{ids.SETTINGS_CURRENCY_BLOCK}:0": "NOK",
        f"{ids.SETTINGS_MANAGERS_BLOCK}:0": [org.manager_a],
        f"{ids.SETTINGS_MEMBERS_BLOCK}:0": [org.sdr_a],
        f"{ids.SETTINGS_WORKDAYS_BLOCK}:0": ["0", "1", "2", "3", "4"],
        f"{ids.SETTINGS_SCORECARD_DAY_BLOCK}:0": "0",
        f"{ids.SETTINGS_SCORECARD_TIME_BLOCK}:0": "09:00",
        f"{ids.SETTINGS_LEADERBOARD_BLOCK}:0": "5", f"{ids.SETTINGS_STRETCH_BLOCK}:0": "10",
    })
    assert answer is not None
    names = {t.name for t in _all(store, Team)}
    members = {(m.user_id, m.role) for m in _all(store, Member) if m.team_id == org.team_a}
    if role in MAY_MANAGE_A:
        assert answer["response_action"] == "update"
        assert "Renamed" in names and (org.sdr_a2, "sdr") not in members
    else:
        assert answer["response_action"] == "errors"
        assert names == {"Default team", "Nordics"}
        assert (org.sdr_a2, "sdr") in members


@pytest.mark.parametrize("role", ROLES)
async def test_team_scorecard_command_and_button_only_for_managers(harness: Harness, org: Org,
                                                                  role: str) -> None:
    answer = await harness.command(_user(org, role), "/kpi", "team")
    home = {"id": "VHOME", "type": "home", "blocks": [], "hash": "h"}
    await harness.click(_user(org, role), {"action_id": ids.SHOW_TEAM_SCORECARD}, view=home)
    await harness.app_settled()
    assert answer is not None
    shown = str(answer.get("blocks")) + str([c.args for c in harness.slack.of("views.open")])
    sdr_names = (org.sdr_a.title(), org.sdr_a2.title(), org.sdr_b.title())
    if role == "sdr":  # a polite refusal, and no one's numbers
        assert not any(name in shown for name in sdr_names)
        assert ids.TEAM_PERIOD not in shown
    else:
        assert ids.TEAM_PERIOD in str(answer["blocks"])
        [modal] = harness.slack.of("views.open")
        assert ids.TEAM_PERIOD in str(modal.args["view"])
        # manager B sees their own team only, never team A's SDRs
        assert (org.sdr_a.title() in shown) is (role != "manager_b")
        assert (org.sdr_b.title() in shown) is (role == "manager_b")
