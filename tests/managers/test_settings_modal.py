"""/kpi settings: admins create and edit teams, managers edit their own, every field checked."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from bot.blocks import ids
from bot.console.harness import Harness
from storage.db import Store
from storage.models import Member, Team
from tests.managers.conftest import Org
from tests.slack_contract import check_view


def _answers(rev: int, **overrides: Any) -> dict[str, Any]:
    base = {
        ids.SETTINGS_NAME_BLOCK: "EMEA", ids.SETTINGS_TZ_BLOCK: "Europe/Oslo",
        ids.SETTINGS_CURRENCY_BLOCK: "NOK", ids.SETTINGS_MANAGERS_BLOCK: ["U0NEWMGR"],
        ids.SETTINGS_MEMBERS_BLOCK: ["U0NEW1", "U0NEW2"],
        ids.SETTINGS_WORKDAYS_BLOCK: ["0", "1", "2", "3"],
        ids.SETTINGS_SCORECARD_DAY_BLOCK: "4", ids.SETTINGS_SCORECARD_TIME_BLOCK: "15:30",
        ids.SETTINGS_NUDGES_BLOCK: "tue 13:00, thu 09:30",
        ids.SETTINGS_LEADERBOARD_BLOCK: "3", ids.SETTINGS_STRETCH_BLOCK: "15",
        ids.SETTINGS_CHANNEL_BLOCK: "C0EMEA",
    }
    base.update(overrides)
    return {f"{key}:{rev}": value for key, value in base.items()}


async def _open(harness: Harness, user: str) -> dict[str, Any]:
    await harness.command(user, "/kpi", "settings")
    [call] = await harness.slack.wait_for("views.open")
    harness.slack.clear()
    view: dict[str, Any] = call.args["view"]
    check_view(view)
    return view


async def test_admin_creates_a_team(harness: Harness, org: Org, store: Store) -> None:
    view = await _open(harness, org.admin)
    # Picking "new team" redraws the modal empty, with a new revision of the field ids.
    await harness.click(org.admin, {"action_id": ids.SETTINGS_PICK_ACTION, "type":
                                    "static_select"}, view={
        **view, "id": "VSET", "hash": "h1",
        "state": {"values": {ids.SETTINGS_PICK_BLOCK: {ids.SETTINGS_PICK_ACTION: {
            "type": "static_select", "selected_option": {"value": "0"}}}}}})
    [update] = await harness.slack.wait_for("views.update")
    new_view = update.args["view"]
    check_view(new_view)
    answer = await harness.submit(org.admin, {**new_view, "state": {}}, {
        ids.SETTINGS_PICK_BLOCK: "0", **_answers(1)})
    assert answer is not None and answer["response_action"] == "update", answer

    def read(session: Any) -> tuple[Team, set[tuple[str, str]]]:
        team = session.exec(select(Team).where(Team.name == "EMEA")).one()
        members = {(m.user_id, m.role) for m in session.exec(
            select(Member).where(Member.team_id == team.id)).all()}
        return team, members

    team, members = store.run_sync(read)
    assert (team.timezone, team.currency, team.workdays, team.scorecard_weekday,
            team.scorecard_time, team.nudge_schedule, team.channel_id) == (
        "Europe/Oslo", "NOK", "0,1,2,3", 4, "15:30", "1@13:00,3@09:30", "C0EMEA")
    assert members == {("U0NEWMGR", "manager"), ("U0NEW1", "sdr"), ("U0NEW2", "sdr")}


async def test_every_bad_field_is_named_and_nothing_changes(harness: Harness, org: Org,
                                                            store: Store) -> None:
    view = await _open(harness, org.manager_a)
    answer = await harness.submit(org.manager_a, view, _answers(
        0, **{ids.SETTINGS_NAME_BLOCK: "Nordics", ids.SETTINGS_TZ_BLOCK: "Mars/Olympus",
              ids.SETTINGS_WORKDAYS_BLOCK: [], ids.SETTINGS_NUDGES_BLOCK: "someday 25:00",
              ids.SETTINGS_LEADERBOARD_BLOCK: "500",
              ids.SETTINGS_MEMBERS_BLOCK: [org.sdr_b]}))
    assert answer is not None and answer["response_action"] == "errors"
    assert {key.split(":")[0] for key in answer["errors"]} == {
        ids.SETTINGS_NAME_BLOCK, ids.SETTINGS_TZ_BLOCK, ids.SETTINGS_WORKDAYS_BLOCK,
        ids.SETTINGS_NUDGES_BLOCK, ids.SETTINGS_LEADERBOARD_BLOCK,
        ids.SETTINGS_MEMBERS_BLOCK}  # team B's SDR: what the database says, named at once
    # With the other fields right, moving team B's SDR is refused to a manager.
    answer = await harness.submit(org.manager_a, view, _answers(
        0, **{ids.SETTINGS_MEMBERS_BLOCK: [org.sdr_a, org.sdr_b],
              ids.SETTINGS_MANAGERS_BLOCK: [org.manager_a]}))
    assert answer is not None and answer["response_action"] == "errors"
    assert "another team" in str(answer["errors"])

    def teams(session: Any) -> set[str]:
        return {t.name for t in session.exec(select(Team)).all()}
    assert store.run_sync(teams) == {"Default team", "Nordics"}


async def test_settings_modal_stays_within_limits_for_many_teams(harness: Harness, org: Org,
                                                                 store: Store) -> None:
    def many(session: Any) -> None:
        for n in range(150):
            session.add(Team(name=f"Team {n:03d} " + "x" * 70))
        session.commit()
    store.run_sync(many)
    check_view(await _open(harness, org.admin))
