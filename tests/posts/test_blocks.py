"""Block Kit of the weekly scorecard (60 SDRs, every metric) and of every kind of nudge."""

from __future__ import annotations

import json
from datetime import date

import pytest
from slack_sdk.models.blocks import Block

from bot.blocks.nudge import build_nudge_blocks, nudge_fallback_text
from bot.blocks.text import escape
from bot.blocks.weekly_scorecard import (
    build_channel_failure_blocks,
    build_weekly_scorecard_blocks,
)
from bot.console.local_slack import LocalSlack
from bot.i18n import Translator
from bot.kpi.metrics import METRICS, Metric
from bot.kpi.nudge import Nudge, NudgeKind, decide_nudge
from bot.kpi.periods import MONDAY_TO_FRIDAY, week_from_key
from bot.kpi.team import TeamScorecard, build_team_scorecard
from bot.services.posting import Posting
from bot.services.weekly_posts import PostStatus, post_weekly_scorecards
from storage.db import Store
from tests.posts.seed import add_team
from tests.slack_contract import check_blocks

WEEK = week_from_key("2026-W48")
LOCALES = ["en-US", "nb-NO"]


def _validated(blocks: list[dict[str, object]]) -> str:
    """slack_sdk's models accept every block unchanged, within a message's 50 blocks."""
    check_blocks(blocks)
    assert [b.to_dict() for b in Block.parse_all(blocks)] == blocks
    return json.dumps(blocks, ensure_ascii=False)


def _sixty_sdrs() -> tuple[TeamScorecard, dict[str, str]]:
    sdrs = [f"U0BIG{i:03d}" for i in range(60)]
    every_metric = {m: 10.0 + i for i, m in enumerate(METRICS)}
    totals = {u: {m: v * (1 + n % 7) for m, v in every_metric.items()}
              for n, u in enumerate(sdrs)}
    previous = {u: {m: v * (1 + n % 5) for m, v in every_metric.items()}
                for n, u in enumerate(sdrs)}
    targets = {u: {m: 40.0 for m in METRICS} for u in sdrs}
    card = build_team_scorecard(period=WEEK, sdr_ids=sdrs, totals=totals, targets=targets,
                                previous_totals=previous, previous_targets=targets)
    # long names with mrkdwn and mention characters: escaped, clipped, never breaking limits
    names = {u: f"<!channel> *{u}* " + "Åsmund Øvrebø-Lindqvist " * 8 for u in sdrs}
    return card, names


@pytest.mark.parametrize("locale", LOCALES)
def test_the_sixty_sdr_scorecard_passes_slack_sdk_validation(locale: str) -> None:
    card, names = _sixty_sdrs()
    tr = Translator(locale, "NOK")
    blocks = build_weekly_scorecard_blocks(card=card, team_name="Sales <EMEA> & co " * 10,
                                           names=names, leaderboard_size=50, tr=tr)
    text = _validated(blocks)
    assert len(blocks) <= 15  # a fixed handful, however big the team
    shown = [u for u in names if escape(f"*{u}*") in text]  # their marks made inert
    assert len(shown) == 10  # the public leaderboard stops at ten, whatever is asked
    assert "<!channel>" not in text  # names cannot ping a channel


@pytest.mark.parametrize("locale", LOCALES)
def test_an_empty_week_and_the_failure_dm_pass_validation(locale: str) -> None:
    tr = Translator(locale)
    empty = build_team_scorecard(period=WEEK, sdr_ids=[], totals={}, targets={},
                                 previous_totals={}, previous_targets={})
    _validated(build_weekly_scorecard_blocks(card=empty, team_name="T", names={},
                                             leaderboard_size=5, tr=tr))
    for error in ("channel_not_found", "not_in_channel", "is_archived"):
        _validated(build_channel_failure_blocks(team_name="T", channel_id="C0X", error=error,
                                                period=WEEK, tr=tr))


def _every_nudge() -> list[tuple[str, Nudge]]:
    """Behind on every metric, behind with some met, only met: each day of the week."""
    cases: list[tuple[str, Nudge]] = []
    all_targets = {m: 50.0 if not m.is_money else 100_000.0 for m in METRICS}
    for offset in range(5):
        today = date.fromordinal(WEEK.start.toordinal() + offset)
        for name, totals in (
            ("behind everywhere", {}),
            ("behind and met", {Metric.CALLS: 80.0, Metric.MEETINGS_BOOKED: 60.0}),
            ("only met", {m: 999_999.0 for m in METRICS}),
        ):
            nudge = decide_nudge(period=WEEK, today=today, totals=totals, targets=all_targets,
                                 workdays=MONDAY_TO_FRIDAY)
            if nudge is not None:
                cases.append((f"{name}, day {offset}", nudge))
    return cases


@pytest.mark.parametrize("locale", LOCALES)
def test_every_nudge_passes_slack_sdk_validation(locale: str) -> None:
    tr = Translator(locale, "NOK")
    cases = _every_nudge()
    kinds = {nudge.kind for _, nudge in cases}
    assert kinds == {NudgeKind.BEHIND, NudgeKind.CONGRATS}
    for name, nudge in cases:
        blocks = build_nudge_blocks(nudge=nudge, tr=tr)
        text = _validated(blocks)
        assert nudge_fallback_text(nudge=nudge, tr=tr), name
        assert "/kpi nudges off" in text, name


async def test_a_sixty_sdr_team_posts_through_slack(posting: Posting, store: Store,
                                                    slack: LocalSlack) -> None:
    add_team(store, name="Default team", channel="C0TEAM", sdrs=60, prefix="B", default=True)
    [outcome] = await post_weekly_scorecards(posting)
    assert outcome.status is PostStatus.POSTED
    [post] = slack.of("chat.postMessage")
    _validated(post.args["blocks"])  # the slack_contract fixture checks the call itself too


def test_totals_split_into_sections_of_ten_fields() -> None:
    from bot.blocks.team_parts import field_sections

    blocks = field_sections("*Totals*", [f"field {i}" for i in range(23)])
    assert [len(b["fields"]) for b in blocks] == [10, 10, 3]
    assert blocks[0]["text"]["text"] == "*Totals*" and "text" not in blocks[1]
    for block in blocks:
        Block.parse(block)
    assert field_sections("*Totals*", []) == []
