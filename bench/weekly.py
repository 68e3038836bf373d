"""Weekly scorecards for every team, computed as the scheduler computes them (no Slack).

"Computed" is the database work and the message (bot.services.weekly_posts.prepare, then the
Block Kit builder); the chart PNGs are timed on their own, since matplotlib's drawing is a
different cost from the numbers.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlmodel import col, select

from bench.dataset import NOW
from bot.blocks.weekly_scorecard import build_weekly_scorecard_blocks
from bot.chart import render_png, weekly_chart
from bot.i18n import Translator
from bot.services.weekly_posts import Prepared, prepare
from storage.db import Store
from storage.models import Team


@dataclass(frozen=True)
class WeeklyResult:
    teams: int
    computed_s: float
    charts_s: float
    blocks: int  # the most blocks any team's message had
    charts_cpu_s: float = 0.0  # the charts' CPU time: what a shared machine's load leaves alone
    computed_cpu_s: float = 0.0  # the computation's, its database threads included

    @property
    def chart_ms(self) -> float:
        return 1000 * self.charts_s / self.teams if self.teams else 0.0

    @property
    def chart_cpu_ms(self) -> float:
        return 1000 * self.charts_cpu_s / self.teams if self.teams else 0.0


def _team_ids(store: Store) -> list[int]:
    with store.session() as session:
        ids = session.exec(select(Team.id).where(~col(Team.is_default))).all()
    return [i for i in ids if i is not None]


def measure_weekly(store: Store) -> WeeklyResult:
    team_ids = _team_ids(store)
    started, cpu = time.perf_counter(), time.process_time()
    prepared: list[tuple[Prepared, Translator]] = []
    most_blocks = 0
    for team_id in team_ids:
        p = store.run_sync(prepare, team_id=team_id, week=None, now=NOW, default_channel=None)
        assert p is not None
        tr = Translator(p.locale, p.currency)
        blocks = build_weekly_scorecard_blocks(card=p.card, team_name=p.team_name,
                                               names=p.names,
                                               leaderboard_size=p.leaderboard_size, tr=tr)
        most_blocks = max(most_blocks, len(blocks))
        prepared.append((p, tr))
    computed, computed_cpu = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    for p, tr in prepared:
        render_png(weekly_chart(card=p.card, team_name=p.team_name, names=p.names,
                                leaderboard_size=p.leaderboard_size, tr=tr))
    return WeeklyResult(len(team_ids), computed, time.perf_counter() - started, most_blocks,
                        charts_cpu_s=time.process_time() - cpu, computed_cpu_s=computed_cpu)
