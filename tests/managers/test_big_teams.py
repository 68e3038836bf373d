"""Team settings for big organisations, through the real app: a team of 150 SDRs saved
unchanged keeps all 150, SDRs are added and removed without touching the others, a team past
the 100th is found by searching, and nobody saves a team into having no manager by accident."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from bot.blocks import ids
from bot.blocks.settings_modal import (
    SETTINGS_ADD_SDRS_BLOCK,
    SETTINGS_REMOVE_SDRS_BLOCK,
)
from bot.console.harness import Harness
from bot.i18n import Translator
from bot.services.demo_data import DEMO_MANAGER_ID, create_demo_data, demo_sdr_ids
from storage import people
from storage.db import Store
from storage.models import Member, Team
from tests.managers.conftest import Org
from tests.slack_contract import check_view
from tests.suggestions import block_suggestion

ADMIN = "U0ADMIN"
TR = Translator()


def _demo(store: Store, sdrs: int) -> int:
    """`kpibot demo-data --sdrs N` into the default team; its id."""
    store.run_sync(create_demo_data, sdrs=sdrs, weeks=1, today=date(2026, 11, 27),
                   beside_real_data=True)
    team = store.run_sync(people.default_team)
    assert team is not None and team.id is not None
    return team.id


def _roles(store: Store, team_id: int) -> dict[str, str]:
    def read(session: Session) -> dict[str, str]:
        return {m.user_id: m.role for m in session.exec(
            select(Member).where(Member.team_id == team_id)).all()}
    return store.run_sync(read)


def _sdrs(store: Store, team_id: int) -> set[str]:
    return {u for u, role in _roles(store, team_id).items() if role == "sdr"}


def _inputs(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["block_id"].split(":")[0]: b for b in view["blocks"] if b["type"] == "input"}


def as_shown(view: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The answers a user who changes nothing (but `changes`, by block id prefix) submits."""
    answers: dict[str, Any] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        prefix = block["block_id"].split(":")[0]
        if prefix in changes:
            answers[block["block_id"]] = changes[prefix]
        elif "initial_users" in element:
            answers[block["block_id"]] = element["initial_users"]
        elif "initial_options" in element:
            answers[block["block_id"]] = [o["value"] for o in element["initial_options"]]
        elif "initial_option" in element:
            answers[block["block_id"]] = element["initial_option"]["value"]
        else:
            answers[block["block_id"]] = (element.get("initial_value")
                                          or element.get("initial_time")
                                          or element.get("initial_conversation"))
    return answers


async def open_settings(harness: Harness, user: str) -> dict[str, Any]:
    harness.slack.clear()
    await harness.command(user, "/kpi", "settings")
    [call] = await harness.slack.wait_for("views.open")
    view: dict[str, Any] = call.args["view"]
    check_view(view)  # slack_sdk's models: within Block Kit's limits
    return view


async def test_a_150_sdr_team_saved_unchanged_keeps_all_150(harness: Harness, store: Store
                                                            ) -> None:
    team_id = _demo(store, 150)
    before = _sdrs(store, team_id)
    assert len(before) == 150
    for user in (ADMIN, DEMO_MANAGER_ID):
        view = await open_settings(harness, user)
        fields = _inputs(view)
        assert ids.SETTINGS_MEMBERS_BLOCK not in fields  # no list that shows only some
        assert {SETTINGS_ADD_SDRS_BLOCK, SETTINGS_REMOVE_SDRS_BLOCK} <= set(fields)
        assert "150 SDRs" in str(view["blocks"])
        answer = await harness.submit(user, view, as_shown(view))
        assert answer is not None and answer["response_action"] == "update", answer
        assert _sdrs(store, team_id) == before
    assert _roles(store, team_id)[DEMO_MANAGER_ID] == "manager"


async def test_sdrs_are_added_and_removed_in_a_big_team_and_nobody_else_moves(
        harness: Harness, store: Store) -> None:
    team_id = _demo(store, 150)
    sdrs = demo_sdr_ids(150)
    view = await open_settings(harness, DEMO_MANAGER_ID)
    answer = await harness.submit(DEMO_MANAGER_ID, view, as_shown(view, **{
        SETTINGS_ADD_SDRS_BLOCK: ["U0NEWSDR1", "U0NEWSDR2"],
        SETTINGS_REMOVE_SDRS_BLOCK: [sdrs[0], sdrs[120], sdrs[149]]}))
    assert answer is not None and answer["response_action"] == "update", answer
    assert _sdrs(store, team_id) == (set(sdrs) - {sdrs[0], sdrs[120], sdrs[149]}
                                     | {"U0NEWSDR1", "U0NEWSDR2"})


async def test_bad_people_changes_in_a_big_team_are_named_and_change_nothing(
        harness: Harness, store: Store, org: Org) -> None:
    team_id = _demo(store, 150)
    before = _roles(store, team_id)
    sdrs = demo_sdr_ids(150)
    view = await open_settings(harness, DEMO_MANAGER_ID)
    cases = [
        ({SETTINGS_REMOVE_SDRS_BLOCK: ["U0NOBODY"]}, SETTINGS_REMOVE_SDRS_BLOCK,
         "not an SDR of this team"),
        ({SETTINGS_ADD_SDRS_BLOCK: [sdrs[3]], SETTINGS_REMOVE_SDRS_BLOCK: [sdrs[3]]},
         SETTINGS_REMOVE_SDRS_BLOCK, "both added and removed"),
        ({SETTINGS_ADD_SDRS_BLOCK: [org.sdr_b]}, SETTINGS_ADD_SDRS_BLOCK, "another team"),
        ({SETTINGS_ADD_SDRS_BLOCK: [DEMO_MANAGER_ID]}, SETTINGS_ADD_SDRS_BLOCK,
         "both as manager and as SDR"),
        ({SETTINGS_ADD_SDRS_BLOCK: [f"U0X{n:05d}" for n in range(101)]},
         SETTINGS_ADD_SDRS_BLOCK, "at most 100"),
    ]
    for changes, block, said in cases:
        answer = await harness.submit(DEMO_MANAGER_ID, view, as_shown(view, **changes))
        assert answer is not None and answer["response_action"] == "errors", changes
        [text] = [v for k, v in answer["errors"].items()
                           if k.split(":")[0] == block]
        assert said in text, (changes, answer)
    assert _roles(store, team_id) == before


async def test_a_team_of_100_gets_add_and_remove(harness: Harness, store: Store) -> None:
    _demo(store, 100)  # a full list could take nobody more (Slack's 100 a picker)
    fields = _inputs(await open_settings(harness, ADMIN))
    assert SETTINGS_ADD_SDRS_BLOCK in fields and ids.SETTINGS_MEMBERS_BLOCK not in fields


async def test_a_team_that_fits_is_listed_and_unpicking_removes_only_that_one(
        harness: Harness, store: Store) -> None:
    team_id = _demo(store, 99)
    sdrs = demo_sdr_ids(99)
    view = await open_settings(harness, ADMIN)
    listed = _inputs(view)[ids.SETTINGS_MEMBERS_BLOCK]["element"]["initial_users"]
    assert sorted(listed) == sorted(sdrs)
    assert SETTINGS_ADD_SDRS_BLOCK not in _inputs(view)
    answer = await harness.submit(ADMIN, view, as_shown(view))
    assert answer is not None and answer["response_action"] == "update", answer
    assert _sdrs(store, team_id) == set(sdrs)
    answer = await harness.submit(ADMIN, view, as_shown(view, **{
        ids.SETTINGS_MEMBERS_BLOCK: [u for u in listed if u != sdrs[7]]}))
    assert answer is not None and answer["response_action"] == "update", answer
    assert _sdrs(store, team_id) == set(sdrs) - {sdrs[7]}


async def test_an_sdr_who_joined_after_the_modal_opened_stays(harness: Harness, org: Org,
                                                             store: Store) -> None:
    view = await open_settings(harness, org.manager_a)

    def join(session: Session) -> None:  # e.g. an import, while the modal is open
        people.ensure_sdr(session=session, user_id="U0LATECOMER")
    store.run_sync(join)
    answer = await harness.submit(org.manager_a, view, as_shown(view))
    assert answer is not None and answer["response_action"] == "update", answer
    assert _sdrs(store, org.team_a) == {org.sdr_a, org.sdr_a2, "U0LATECOMER"}


# --- the team picker past 100 teams -----------------------------------------------------------


def _many_teams(store: Store, count: int) -> dict[str, int]:
    def add(session: Session) -> dict[str, int]:
        for n in range(count):
            session.add(Team(name=f"Region {n:03d}"))
        session.commit()
        return {t.name: t.id for t in session.exec(
            select(Team).where(col(Team.name).startswith("Region"))).all()
            if t.id is not None}
    return store.run_sync(add)


async def _suggest(harness: Harness, user: str, query: str) -> dict[str, Any]:
    body = block_suggestion(user_id=user, action_id=ids.SETTINGS_PICK_ACTION,
                            block_id=ids.SETTINGS_PICK_BLOCK, value=query)
    status, answer = await harness.dispatch(body)
    assert status == 200 and answer is not None
    return answer


async def test_an_admin_finds_and_edits_the_150th_team(harness: Harness, store: Store,
                                                       org: Org) -> None:
    teams = _many_teams(store, 150)
    view = await open_settings(harness, org.admin)
    picker = _inputs(view)[ids.SETTINGS_PICK_BLOCK]["element"]
    assert picker["type"] == "external_select"
    everything = await _suggest(harness, org.admin, "")
    assert len(everything["options"]) == 100  # Slack's most; typing narrows it
    found = await _suggest(harness, org.admin, "region 149")
    assert [o["value"] for o in found["options"]] == ["0", str(teams["Region 149"])]
    # Picking it redraws the modal for that team; saving it renames that team.
    await harness.click(org.admin, {"action_id": ids.SETTINGS_PICK_ACTION,
                                    "type": "external_select"}, view={
        **view, "id": "VSET", "hash": "h1", "state": {"values": {ids.SETTINGS_PICK_BLOCK: {
            ids.SETTINGS_PICK_ACTION: {"type": "external_select",
                                       "selected_option": found["options"][1]}}}}})
    [update] = await harness.slack.wait_for("views.update")
    redrawn = update.args["view"]
    check_view(redrawn)
    assert "Region 149" in str(_inputs(redrawn)[ids.SETTINGS_NAME_BLOCK])
    answer = await harness.submit(org.admin, redrawn, as_shown(redrawn, **{
        ids.SETTINGS_NAME_BLOCK: "Region 149 North"}))
    assert answer is not None and answer["response_action"] == "update", answer
    renamed = store.run_sync(people.find_team, name_or_id=str(teams["Region 149"]))
    assert renamed is not None and renamed.name == "Region 149 North"


async def test_team_search_offers_only_teams_the_user_may_change(harness: Harness, store: Store,
                                                                org: Org) -> None:
    _many_teams(store, 120)
    assert await _suggest(harness, org.sdr_a, "") == {"options": []}
    mine = await _suggest(harness, org.manager_b, "")
    assert [o["value"] for o in mine["options"]] == [str(org.team_b)]
    assert await _suggest(harness, org.manager_b, "Region") == {"options": []}


# --- managers, and the confirmation --------------------------------------------------------


async def test_a_manager_cannot_leave_their_team_without_managers(harness: Harness, org: Org,
                                                                   store: Store) -> None:
    before = _roles(store, org.team_a)
    view = await open_settings(harness, org.manager_a)
    answer = await harness.submit(org.manager_a, view, as_shown(view, **{
        ids.SETTINGS_MANAGERS_BLOCK: []}))
    assert answer is not None and answer["response_action"] == "errors", answer
    [(block, text)] = answer["errors"].items()
    assert block.split(":")[0] == ids.SETTINGS_MANAGERS_BLOCK
    assert text == TR.t("settings.no_managers")
    assert _roles(store, org.team_a) == before
    # Handing the team to another manager is fine.
    answer = await harness.submit(org.manager_a, view, as_shown(view, **{
        ids.SETTINGS_MANAGERS_BLOCK: ["U0NEXTMGR"]}))
    assert answer is not None and answer["response_action"] == "update", answer
    assert _roles(store, org.team_a)["U0NEXTMGR"] == "manager"
    assert org.manager_a not in _roles(store, org.team_a)


async def test_an_admin_may_save_a_team_without_managers_and_is_told(harness: Harness, org: Org,
                                                                     store: Store) -> None:
    view = await open_settings(harness, org.admin)
    answer = await harness.submit(org.admin, view, as_shown(view, **{
        ids.SETTINGS_MANAGERS_BLOCK: []}))
    assert answer is not None and answer["response_action"] == "update", answer
    confirmation = answer["view"]
    check_view(confirmation)
    assert confirmation["title"]["text"] == TR.t("settings.title")
    assert TR.t("settings.saved_no_managers") in str(confirmation["blocks"])
    assert "manager" not in _roles(store, org.team_a).values()


async def test_the_confirmation_is_titled_team_settings(harness: Harness, org: Org) -> None:
    view = await open_settings(harness, org.manager_a)
    answer = await harness.submit(org.manager_a, view, as_shown(view))
    assert answer is not None and answer["response_action"] == "update", answer
    assert answer["view"]["title"]["text"] == TR.t("settings.title") == "Team settings"
    assert TR.t("targets.title") not in str(answer["view"])
    assert TR.t("settings.saved_no_managers") not in str(answer["view"])
