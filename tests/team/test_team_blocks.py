"""The team scorecard builder on its own: any team size fits, the cap decides the ranking, and
`/kpi team` words split into a period and a team name."""

from __future__ import annotations

import re
from datetime import date

import pytest
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.blocks.team_scorecard import (
    MODAL_BLOCKS,
    TeamPage,
    build_team_scorecard_blocks,
    build_team_scorecard_modal,
    chunk_lines,
    key_metrics,
)
from bot.i18n import Translator
from bot.kpi.metrics import METRICS, Metric
from bot.kpi.periods import PeriodChoice, PeriodKind, period_containing
from bot.kpi.team import TeamScorecard, build_team_scorecard
from bot.listeners.commands.team import split_period_and_team
from tests.scenario.support import text_of
from tests.slack_contract import check_blocks, check_view

WEEK = period_containing(date(2026, 11, 23), PeriodKind.WEEK)


def card_of(size: int) -> TeamScorecard:
    users = [f"U{index:05d}" for index in range(size)]
    return build_team_scorecard(
        period=WEEK,
        sdr_ids=users,
        totals={u: {m: float(i + 1) * (1000 if m.is_money else 1) for m in METRICS}
                for i, u in enumerate(users)},
        targets={u: {m: 50_000.0 if m.is_money else 50.0 for m in METRICS} for u in users},
        previous_totals={u: {Metric.CALLS: 10.0} for u in users},
        previous_targets={u: {Metric.CALLS: 50.0} for u in users},
    )


def page_of(card: TeamScorecard, *, name_length: int = 120, teams: int = 1) -> TeamPage:
    return TeamPage(
        team_id=1, team_name="Nordics " * 30, choice=PeriodChoice(PeriodKind.WEEK),
        in_progress=True, elapsed_days=4, total_days=5,
        names={r.user_id: ("*Ø" + r.user_id + "_")[:name_length].ljust(name_length, "x")
               for r in card.rows},
        other_teams=[(i + 1, f"Team {i}") for i in range(teams)],
    )


@pytest.mark.parametrize("size", [0, 1, 60, 500, 1000])
def test_any_team_fits_a_message(size: int) -> None:
    card = card_of(size)
    blocks = build_team_scorecard_blocks(card, page=page_of(card, teams=150),
                                         tr=Translator("nb-NO", "NOK"))
    check_blocks(blocks)  # slack_sdk's models: every limit, <= 50 blocks
    for parsed in Block.parse_all(blocks):
        parsed.to_dict()
    text = text_of(blocks)
    shown = len(re.findall(r"^(?::\w+_medal:|\d+\.) \*", text, flags=re.MULTILINE))
    left_out = re.search(r"…og (\d+) til", text)  # counted, in the reader's language
    assert shown + (int(left_out.group(1)) if left_out else 0) == size
    assert (left_out is not None) == (size == 1000)


def test_sixty_sdrs_with_long_names_fit_without_cutting_anyone() -> None:
    card = card_of(60)
    blocks = build_team_scorecard_blocks(card, page=page_of(card), tr=Translator())
    check_blocks(blocks)
    text = text_of(blocks)
    assert "more:" not in text
    for row in card.rows:
        assert row.user_id in text


def test_a_modal_holds_a_bigger_team_than_a_message() -> None:
    card = card_of(1000)
    tr = Translator()
    page = page_of(card)
    message = build_team_scorecard_blocks(card, page=page, tr=tr)
    modal = build_team_scorecard_modal(
        blocks=build_team_scorecard_blocks(card, page=page, tr=tr, max_blocks=MODAL_BLOCKS),
        tr=tr)
    check_view(modal)
    View(**modal).to_dict()
    assert len(modal["blocks"]) > len(message)
    assert text_of(modal["blocks"]).count(" *") > text_of(message).count(" *")


def test_ranking_caps_each_metric_at_150_percent() -> None:
    card = build_team_scorecard(
        period=WEEK,
        sdr_ids=["UVANITY", "USTEADY"],
        totals={"UVANITY": {Metric.CALLS: 1000.0, Metric.MEETINGS_BOOKED: 1.0},
                "USTEADY": {Metric.CALLS: 120.0, Metric.MEETINGS_BOOKED: 12.0}},
        targets={u: {Metric.CALLS: 100.0, Metric.MEETINGS_BOOKED: 10.0}
                 for u in ("UVANITY", "USTEADY")},
        previous_totals={}, previous_targets={},
    )
    assert [r.user_id for r in card.rows] == ["USTEADY", "UVANITY"]
    assert card.rows[1].attainment == pytest.approx((1.5 + 0.1) / 2)
    blocks = build_team_scorecard_blocks(card, page=page_of(card), tr=Translator())
    text = text_of(blocks)
    assert text.index("USTEADY") < text.index("UVANITY")


def test_key_numbers_prefer_targeted_outcomes() -> None:
    card = build_team_scorecard(
        period=WEEK, sdr_ids=["U1"],
        totals={"U1": {m: 5.0 for m in METRICS}},
        targets={"U1": {Metric.CALLS: 100.0, Metric.EMAILS: 50.0}},
        previous_totals={}, previous_targets={},
    )
    assert key_metrics(card) == (Metric.CALLS, Metric.EMAILS, Metric.MEETINGS_BOOKED,
                                 Metric.QUALIFIED_LEADS)


def test_chunks_stay_under_the_limit_and_keep_every_line() -> None:
    lines = [f"line {i} " + "x" * (i % 300) for i in range(200)]
    chunks = chunk_lines(lines, limit=3000)
    assert all(len(c) <= 3000 for c in chunks)
    assert "\n".join(chunks).split("\n") == lines


@pytest.mark.parametrize(
    ("words", "kind", "back", "team"),
    [
        ("", PeriodKind.WEEK, 0, ""),
        ("last week", PeriodKind.WEEK, 1, ""),
        ("last week Nordics", PeriodKind.WEEK, 1, "Nordics"),
        ("month  Sales  Oslo", PeriodKind.MONTH, 0, "Sales Oslo"),
        ("Nordics", PeriodKind.WEEK, 0, "Nordics"),
        ("forrige uke Norden", PeriodKind.WEEK, 1, "Norden"),
        ("i dag", PeriodKind.DAY, 0, ""),
        ("fortnight", PeriodKind.WEEK, 0, "fortnight"),
    ],
)
def test_period_words_then_a_team_name(words: str, kind: PeriodKind, back: int, team: str
                                       ) -> None:
    choice, name = split_period_and_team(words)
    assert (choice.kind, choice.back, name) == (kind, back, team)
