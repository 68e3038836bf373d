"""Issue 10's smaller things a new user hits: `/kpi team EMEA last week`, a time zone typed in
lower case, a pipeline target of a billion."""

from __future__ import annotations

import pytest

from bot.blocks import ids
from bot.blocks.settings_form import time_zone_named
from bot.console.harness import Harness
from bot.kpi.metrics import Metric
from bot.kpi.periods import PeriodKind, parse_period_choice
from bot.listeners.commands.team import split_period_and_team
from storage.db import Store
from tests.managers.conftest import Org
from tests.managers.test_targets_modal import _field, _open, _targets
from tests.scenario.support import text_of
from tests.team.test_team_command import MANAGER_A, blocks_of, two_teams


@pytest.mark.parametrize("text", ["last week Nordics", "Nordics last week", "Nordics  last week"])
def test_the_period_may_come_before_or_after_the_team(text: str) -> None:
    assert split_period_and_team(text) == (parse_period_choice("last week"), "Nordics")


def test_a_team_alone_is_this_week_and_words_that_are_no_period_stay_the_name() -> None:
    assert split_period_and_team("Nordics") == (parse_period_choice(""), "Nordics")
    assert split_period_and_team("Last Mile Team") == (parse_period_choice(""), "Last Mile Team")


async def test_kpi_team_with_the_period_last_answers_as_with_it_first(harness: Harness) -> None:
    two_teams(harness)
    first = text_of(blocks_of(await harness.command(MANAGER_A, "/kpi", "team last week Nordics")))
    last = text_of(blocks_of(await harness.command(MANAGER_A, "/kpi", "team Nordics last week")))
    assert first == last and "Nordics" in first


@pytest.mark.parametrize(("typed", "meant"), [
    ("europe/oslo", "Europe/Oslo"), (" Europe/Oslo ", "Europe/Oslo"),
    ("america/new york", "America/New_York"), ("UTC", "UTC"), ("Mars/Olympus", "Mars/Olympus"),
])
def test_a_time_zone_is_found_whatever_its_case(typed: str, meant: str) -> None:
    assert time_zone_named(typed) == meant


@pytest.mark.parametrize(("typed", "stored"), [("1,000,000,000", None), ("60m", None),
                                               ("40m", 40_000_000)])
async def test_a_weekly_pipeline_target_has_an_upper_bound(
        harness: Harness, org: Org, store: Store, typed: str, stored: float | None) -> None:
    view = await _open(harness, org.manager_a)
    answer = await harness.submit(org.manager_a, view, {
        ids.TARGETS_SDRS_BLOCK: [org.sdr_a], ids.TARGETS_KIND_BLOCK: PeriodKind.WEEK.value,
        ids.TARGETS_FROM_BLOCK: "2026-11-23", _field(Metric.PIPELINE): typed,
    })
    assert answer is not None
    if stored is None:
        assert answer["response_action"] == "errors"
        assert _field(Metric.PIPELINE) in answer["errors"]
        assert _targets(store) == []
    else:
        assert answer["response_action"] == "update"
        assert [(t.metric, t.value) for t in _targets(store)] == [("pipeline", stored)]
