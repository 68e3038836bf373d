"""A metric added through the registry alone (its table row and one entry per catalogue) shows
up everywhere metrics do: /mykpis, /kpi team, the weekly post, the log and targets modals."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from slack_sdk.models.blocks import Block

from bot import i18n
from bot.blocks import ids
from bot.config import Settings
from bot.console.harness import Harness
from bot.console.local_slack import LocalSlack
from bot.i18n import Translator
from bot.kpi.metrics import METRICS, Group, Metric, MetricSpec, Unit, registered
from bot.services.weekly_posts import PostStatus, post_weekly_scorecards
from storage.db import Store
from tests.conftest import Clock
from tests.posts.seed import POST_TIME, make_posting
from tests.scenario.support import open_log_modal, text_of
from tests.team.seed import MONDAY, activity, member, targets, team

SDR, MANAGER = "U0SDR1", "U0MGR1"
DEMOS = MetricSpec("video_demos", Unit.COUNT, Group.OUTCOME, team_rank=5, hint="vdemos",
                   aliases=("video demo", "video demos", "vdemo", "vdemos"))
NAMES = {"en": ("Video demos", "Vdemos"), "nb": ("Videodemoer", "Vdemo")}


@pytest.fixture
def demos(monkeypatch: pytest.MonkeyPatch) -> Iterator[Metric]:
    """The 11th metric: a table row and its names in each catalogue, nothing else."""
    for language, (name, short) in NAMES.items():
        monkeypatch.setitem(i18n.catalogue(language), f"metric.{DEMOS.key}", name)
        monkeypatch.setitem(i18n.catalogue(language), f"team.short.{DEMOS.key}", short)
    with registered(DEMOS) as metric:
        yield metric


def every_metric(store: Store, demos: Metric) -> int:
    """The default team: one SDR with activity on all eleven metrics, targets on some."""
    team_id = team(store, "Nordics", default=True)
    member(store, team_id, SDR, name="Anna Berg")
    member(store, team_id, MANAGER, role="manager", name="Maja Manager")
    activity(store, SDR, MONDAY, {m: 3_000.0 if m.is_money else 3.0 for m in METRICS})
    targets(store, team_id, {demos: 5, Metric.CALLS: 10})
    return team_id


def test_the_table_places_it_among_the_outcomes(demos: Metric) -> None:
    assert len(METRICS) == 11
    assert METRICS.index(demos) == METRICS.index(Metric.PIPELINE) - 1
    assert Metric("video_demos") is demos and not demos.is_money
    for language in NAMES:
        assert Translator(language).t("metric.video_demos") == NAMES[language][0]


async def test_logged_and_shown_in_mykpis(harness: Harness, demos: Metric) -> None:
    every_metric(harness.deps.store, demos)
    answer = await harness.command(SDR, "/kpi", "log 2 video demos")
    assert answer is not None and "Video demos" in text_of(answer.get("blocks"))
    card = await harness.command(SDR, "/mykpis")
    assert card is not None
    text = text_of(card["blocks"])
    assert "*Video demos*   *5* of 5" in text  # 3 seeded + 2 logged, against its target
    assert "*Pipeline value*" in text


async def test_shown_on_kpi_team_lines_and_totals(harness: Harness, demos: Metric) -> None:
    every_metric(harness.deps.store, demos)
    answer = await harness.command(MANAGER, "/kpi", "team")
    assert answer is not None
    blocks: list[dict[str, Any]] = answer["blocks"]
    text = text_of(blocks)
    assert "Vdemos 3" in text  # the leaderboard line: its team rank puts it first
    assert "*Video demos*\n*3* of 5" in text
    assert "*Pipeline value*" in text
    for block in blocks:
        assert len(block.get("fields", [])) <= 10
        Block.parse(block)


async def test_in_the_weekly_post_with_pipeline_still_there(
        store: Store, slack: LocalSlack, settings: Settings, clock: Clock, demos: Metric
) -> None:
    team_id = every_metric(store, demos)

    def channel(session: Any) -> None:
        from storage.models import Team
        row = session.get(Team, team_id)
        row.channel_id = "C0TEAM"
        session.add(row)
        session.commit()

    store.run_sync(channel)
    clock.current = POST_TIME
    [outcome] = await post_weekly_scorecards(make_posting(store, slack.api_url, settings, clock))
    assert outcome.status is PostStatus.POSTED
    message = slack.of("chat.postMessage")[0]
    blocks: list[dict[str, Any]] = message.args["blocks"]
    totals = [b for b in blocks[:blocks.index({"type": "divider"})] if "fields" in b]
    shown = [f["text"].split("\n")[0] for b in totals for f in b["fields"]]
    assert "*Video demos*" in shown and "*Pipeline value*" in shown
    assert all(len(b["fields"]) <= 10 for b in totals) and len(shown) == 11
    for block in blocks:
        Block.parse(block)


async def test_in_the_log_modal_and_stored(harness: Harness, demos: Metric) -> None:
    every_metric(harness.deps.store, demos)
    view = await open_log_modal(harness)
    block_ids = [b.get("block_id") for b in view["blocks"]]
    assert ids.LOG_METRIC_PREFIX + "video_demos" in block_ids
    assert "Video demos" in text_of(view["blocks"])
    harness.slack.clear()
    await harness.submit(SDR, view, {ids.LOG_METRIC_PREFIX + "video_demos": "4",
                                     ids.LOG_DATE_BLOCK: date(2026, 11, 27).isoformat()})
    card = await harness.command(SDR, "/mykpis")
    assert card is not None and "*Video demos*   *7* of 5" in text_of(card["blocks"])


async def test_in_the_targets_modal(harness: Harness, demos: Metric) -> None:
    every_metric(harness.deps.store, demos)
    await harness.command(MANAGER, "/kpi", "targets")
    [call] = await harness.slack.wait_for("views.open")
    view: dict[str, Any] = call.args["view"]
    fields = [b.get("block_id", "") for b in view["blocks"]]
    assert any(f.startswith(f"{ids.TARGET_FIELD_PREFIX}video_demos:") for f in fields)
    assert "Video demos" in text_of(view["blocks"])


async def test_in_kpi_help(harness: Harness, demos: Metric) -> None:
    answer = await harness.command(SDR, "/kpi", "help")
    assert answer is not None
    assert "video demos (vdemos), pipeline." in text_of(answer["blocks"])


def test_norwegian_names_in_the_team_view(demos: Metric) -> None:
    assert Translator("nb-NO").t("team.short.video_demos") == "Vdemo"
