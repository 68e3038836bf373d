"""`/kpi team` through the real app: who sees which team, how the leaderboard ranks, and a team
of 60 SDRs inside Block Kit's limits."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlencode

import pytest
from slack_sdk.models.blocks import Block

from bot.blocks import ids
from bot.console.harness import Harness
from bot.kpi.metrics import METRICS, Metric
from tests.scenario.support import find_button, text_of
from tests.slack_contract import check_blocks
from tests.team.seed import LAST_MONDAY, MONDAY, activity, member, targets, team

MANAGER_A, MANAGER_B, ADMIN, SDR = "U0MGR1", "U0MGR2", "U0ADMIN", "U0ANNA"
C, MB, QL, P = Metric.CALLS, Metric.MEETINGS_BOOKED, Metric.QUALIFIED_LEADS, Metric.PIPELINE


def two_teams(harness: Harness) -> tuple[int, int]:
    """Nordics (Anna, Ole; managed by U0MGR1) and Benelux (Bea; managed by U0MGR2)."""
    store = harness.deps.store
    a, b = team(store, "Nordics"), team(store, "Benelux")
    member(store, a, MANAGER_A, role="manager", name="Maja Manager")
    member(store, a, SDR, name="Anna Berg")
    member(store, a, "U0OLE", name="Ole Nord")
    member(store, b, MANAGER_B, role="manager", name="Bram Boss")
    member(store, b, "U0BEA", name="Bea Janssen")
    targets(store, a, {C: 100, MB: 10})
    targets(store, b, {C: 80, MB: 8})
    activity(store, SDR, MONDAY, {C: 120, MB: 12})
    activity(store, "U0OLE", MONDAY, {C: 1000, MB: 1})
    activity(store, "U0BEA", MONDAY, {C: 777, MB: 7})
    return a, b


async def pick(harness: Harness, user_id: str, option: dict[str, Any]) -> None:
    """Choose `option` in the team select, as Slack sends it (the harness builds buttons)."""
    body = harness.requests.block_action(user_id=user_id, action={"action_id": ids.TEAM_PICK})
    payload = json.loads(parse_qs(body)["payload"][0])
    payload["actions"][0].update(type="static_select", selected_option=option,
                                 block_id=ids.TEAM_PICK_BLOCK)
    status, _ = await harness.dispatch(urlencode({"payload": json.dumps(payload)}))
    assert status == 200


def blocks_of(answer: dict[str, Any] | None) -> list[dict[str, Any]]:
    assert answer is not None and answer.get("response_type") == "ephemeral"
    blocks: list[dict[str, Any]] = answer["blocks"]
    return blocks


# --- ranking ------------------------------------------------------------------------------------


async def test_a_steady_120_percent_beats_one_inflated_metric(harness: Harness) -> None:
    two_teams(harness)
    text = text_of(blocks_of(await harness.command(MANAGER_A, "/kpi", "team")))
    # Ole: calls 1000 % (capped at 150 %) and meetings 10 % -> 80 %; Anna: 120 % on both
    assert ":first_place_medal: *Anna Berg*  *120%*" in text
    assert ":second_place_medal: *Ole Nord*  *80%*" in text
    assert text.index("Anna Berg") < text.index("Ole Nord")


async def test_totals_against_targets_quality_and_pipeline(harness: Harness) -> None:
    store = harness.deps.store
    a, _ = two_teams(harness)
    targets(store, a, {QL: 3, P: 20_000})
    activity(store, SDR, MONDAY, {Metric.LEADS: 10, QL: 4, Metric.OPPORTUNITIES: 2, P: 30_000})
    text = text_of(blocks_of(await harness.command(MANAGER_A, "/kpi", "team")))
    assert "Team scorecard: Nordics · Week 48" in text
    assert "*Calls*\n*1,120* of 200 · 560%" in text  # the team's sum of its SDRs' targets
    assert "*Pipeline value*  *$30,000* of $40,000 · 75%" in text
    assert "from 2 opportunities" in text and "avg $15,000" in text
    assert "*Lead quality*\n40%" in text and "*Lead → opportunity*\n20%" in text
    assert ":trophy: Top: Anna Berg" in text


# --- who sees what ------------------------------------------------------------------------------


@pytest.mark.parametrize("words", ["team", "team last week", "team week Nordics",
                                   "team week Benelux"])
async def test_an_sdr_is_told_politely_and_sees_no_team(harness: Harness, words: str) -> None:
    two_teams(harness)
    answer = await harness.command(SDR, "/kpi", words)
    text = text_of(blocks_of(answer)) + answer["text"]  # type: ignore[index]
    assert "Only managers can see team scorecards" in text
    for secret in ("Nordics", "Benelux", "Ole", "Bea", "1,000", "777", "Leaderboard"):
        assert secret not in text


async def test_a_manager_sees_their_own_team_only(harness: Harness) -> None:
    two_teams(harness)
    text = text_of(blocks_of(await harness.command(MANAGER_A, "/kpi", "team")))
    assert "Nordics" in text and "Anna Berg" in text
    assert "Benelux" not in text and "Bea" not in text and "777" not in text
    asked = await harness.command(MANAGER_A, "/kpi", "team week Benelux")
    text = text_of(blocks_of(asked))
    assert "You manage no team called `Benelux`" in text and "`Nordics`" in text
    assert "Bea" not in text and "777" not in text and "Leaderboard" not in text


async def test_a_forged_button_for_another_team_shows_nothing(harness: Harness) -> None:
    _, b = two_teams(harness)
    await harness.click(MANAGER_A, {"action_id": f"{ids.TEAM_PERIOD}:week",
                                    "value": f"week|{b}"})
    [call] = await harness.slack.wait_for("response_url")
    text = text_of(call.args["blocks"])
    assert "only see the scorecards of teams you manage" in text
    assert "Benelux" not in text and "Bea" not in text and "777" not in text


async def test_an_admin_may_see_any_team_by_name(harness: Harness) -> None:
    two_teams(harness)
    first = text_of(blocks_of(await harness.command(ADMIN, "/kpi", "team")))
    assert "Default team" in first  # the default team comes first
    assert "You manage 3 teams" in first and "/kpi team week Benelux" in first
    text = text_of(blocks_of(await harness.command(ADMIN, "/kpi", "team last week benelux")))
    assert "Team scorecard: Benelux · Week 47" in text and "Anna" not in text


async def test_a_manager_of_two_teams_picks_by_name_or_select(harness: Harness) -> None:
    store = harness.deps.store
    _, b = two_teams(harness)
    member(store, b, MANAGER_A, role="manager")
    activity(store, "U0BEA", LAST_MONDAY, {C: 55})
    blocks = blocks_of(await harness.command(MANAGER_A, "/kpi", "team"))
    assert "Benelux" in text_of(blocks[:1])  # first by name, none of them being the default
    picker = next(b for b in blocks if b.get("block_id") == ids.TEAM_PICK_BLOCK)
    options = picker["elements"][0]["options"]
    assert [o["text"]["text"] for o in options] == ["Benelux", "Nordics"]
    text = text_of(blocks_of(await harness.command(MANAGER_A, "/kpi",
                                                   "team last week Nordics")))
    assert "Team scorecard: Nordics · Week 47" in text
    # the select's option, as Slack sends it back, redraws the message in place
    await pick(harness, MANAGER_A, options[1])
    [call] = await harness.slack.wait_for("response_url")
    assert call.args["replace_original"] is True
    assert "Team scorecard: Nordics · Week 48" in text_of(call.args["blocks"])


async def test_period_buttons_switch_the_period(harness: Harness) -> None:
    a, _ = two_teams(harness)
    activity(harness.deps.store, SDR, LAST_MONDAY, {C: 42})
    blocks = blocks_of(await harness.command(MANAGER_A, "/kpi", "team"))
    button = find_button(blocks, action_id=f"{ids.TEAM_PERIOD}:last week")
    assert button["value"] == f"last week|{a}"
    await harness.click(MANAGER_A, button)
    [call] = await harness.slack.wait_for("response_url")
    text = text_of(call.args["blocks"])
    assert "Week 47" in text and "*Calls*\n*42* of 200" in text


async def test_unknown_words_say_which_periods_and_teams_there_are(harness: Harness) -> None:
    two_teams(harness)
    text = text_of(blocks_of(await harness.command(MANAGER_A, "/kpi", "team fortnight")))
    assert "`fortnight`" in text and "`last week`" in text and "`Nordics`" in text


async def test_help_lists_the_team_scorecard(harness: Harness) -> None:
    text = text_of(blocks_of(await harness.command(SDR, "/kpi", "help")))
    assert "/kpi team [today|week|last week|month|quarter] [team]" in text


# --- sixty SDRs ---------------------------------------------------------------------------------


async def test_sixty_sdrs_fit_one_message_and_everyone_is_on_it(harness: Harness) -> None:
    store = harness.deps.store
    a = team(store, "Nordics")
    member(store, a, MANAGER_A, role="manager")
    targets(store, a, {m: 10_000 if m.is_money else 50 for m in METRICS})
    names = []
    for index in range(60):
        user_id = f"U0SDR{index:03d}"
        # long names, and names with mrkdwn's special characters, still fit
        name = f"<Rep {index:02d}> & " + "Longname" * (14 if index % 7 == 0 else 1)
        names.append(name)
        member(store, a, user_id, name=name[:120])
        activity(store, user_id, MONDAY,
                 {m: (index + 1) * (1_000 if m.is_money else 1) for m in METRICS})
        if index % 5 == 0:
            targets(store, a, {C: 10 + index}, user_id=user_id)
    answer = await harness.command(MANAGER_A, "/kpi", "team")
    blocks = blocks_of(answer)
    check_blocks(blocks)  # <= 50 blocks, each through slack_sdk's validators
    assert len(blocks) <= 50
    for parsed in Block.parse_all(blocks):
        parsed.to_dict()
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section" and "text" in b]
    assert all(len(text) <= 3000 for text in sections)
    text = text_of(blocks)
    for index in range(60):
        assert f"&lt;Rep {index:02d}&gt; &amp; Longname" in text  # escaped, never markup
    assert "more:" not in text  # nobody was left out
    lines = [line for line in text.split("\n") if "&lt;Rep" in line and "%*" in line]
    assert len(lines) == 60
