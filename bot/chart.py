"""The weekly scorecard chart: rendered here with matplotlib's Agg backend, never by a service.

`weekly_chart` turns a team scorecard into the numbers to plot (pure, easy to test);
`render_png` draws them. The PNG carries those numbers in its Description text chunk too, so
what the picture shows can be checked without reading pixels.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass

from bot.blocks.numbers import shown as printed
from bot.blocks.numbers import shown_goal
from bot.blocks.scorecard import period_label
from bot.blocks.text import escape
from bot.blocks.weekly_scorecard import leaderboard
from bot.i18n import Translator
from bot.kpi.metrics import CHART_METRICS, Metric
from bot.kpi.rounding import percent_of, whole_percent
from bot.kpi.team import TeamScorecard

WIDTH_IN, HEIGHT_IN, DPI = 10.0, 4.5, 100  # 1000 x 450 pixels
THIS_WEEK, WEEK_BEFORE, TARGET = "#2b6cb0", "#a0aec0", "#c53030"


@dataclass(frozen=True)
class WeeklyChart:
    title: str  # for Slack (the file's title, the alt text): the team's name escaped
    heading: str  # drawn on the picture: the name as the team wrote it
    metrics_title: str
    labels: tuple[str, ...]
    this_week: tuple[float, ...]  # percent of target, or totals when nothing is targeted
    week_before: tuple[float, ...]
    as_percent: bool
    legend: tuple[str, str]
    people_title: str
    people: tuple[str, ...]  # the public top N, as the message shows them
    attainment: tuple[float, ...]  # percent
    percent_sign: str = "%"  # as the reader's locale writes it after a number ("\u00a0%" in nb)


def weekly_chart(*, card: TeamScorecard, team_name: str, names: Mapping[str, str],
                 leaderboard_size: int, tr: Translator) -> WeeklyChart:
    """Targeted metrics as percent of the week's target (the week before against the same
    target, so the bars compare); with no targets at all, plain totals of the metrics the table
    puts on the chart (money would dwarf the counts on one axis). Every number is the one the
    message prints (the same rounding, from the same printed numbers)."""
    targeted = [m for m in card.metrics if card.targets.get(m, 0.0) > 0]
    as_percent = bool(targeted)
    charted = targeted or [m for m in card.metrics if m in CHART_METRICS]

    def scaled(values: Mapping[Metric, float], metric: Metric) -> float:
        value = printed(metric, values.get(metric, 0.0), tr)
        if not as_percent:
            return float(value)
        return float(percent_of(value, shown_goal(metric, card.targets[metric], tr)) or 0)

    top = leaderboard(card, leaderboard_size)
    period = period_label(card.period, tr)
    return WeeklyChart(
        title=tr.t("weekly.chart_title", team=escape(team_name), period=period),
        heading=tr.t("weekly.chart_title", team=team_name, period=period),
        metrics_title=tr.t("weekly.chart_percent" if as_percent else "weekly.chart_totals"),
        labels=tuple(tr.t(f"metric.{m.value}") for m in charted),
        this_week=tuple(scaled(card.totals, m) for m in charted),
        week_before=tuple(scaled(card.previous_totals, m) for m in charted),
        as_percent=as_percent,
        legend=(tr.t("weekly.chart_this_week"), tr.t("weekly.chart_week_before")),
        people_title=tr.t("weekly.chart_people"),
        people=tuple(names.get(r.user_id) or r.user_id for r in top),
        attainment=tuple(float(whole_percent(r.attainment or 0)) for r in top),
        percent_sign=tr.percent(0).removeprefix(tr.number(0)),
    )


def render_png(chart: WeeklyChart) -> bytes:
    """The chart as PNG bytes; CPU-bound, so callers run it in a worker thread."""
    # Imported here: matplotlib takes a while to load and only the weekly post needs it.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    if chart.people:
        metrics_ax, people_ax = figure.subplots(1, 2, width_ratios=[3, 2])
    else:
        metrics_ax, people_ax = figure.subplots(1, 1), None
    figure.suptitle(_drawn(chart.heading), fontsize=13, fontweight="bold")

    rows = list(range(len(chart.labels)))[::-1]  # first metric on top
    height = 0.38
    metrics_ax.barh([r + height / 2 for r in rows], chart.this_week, height, color=THIS_WEEK,
                    label=chart.legend[0])
    metrics_ax.barh([r - height / 2 for r in rows], chart.week_before, height,
                    color=WEEK_BEFORE, label=chart.legend[1])
    metrics_ax.set_yticks(rows, chart.labels)
    metrics_ax.set_title(chart.metrics_title, fontsize=10)
    if chart.as_percent:
        metrics_ax.axvline(100, color=TARGET, linewidth=1, linestyle="--")
    for row, value in zip(rows, chart.this_week, strict=True):
        label = f" {value:.0f}{chart.percent_sign}" if chart.as_percent else f" {value:g}"
        metrics_ax.text(value, row + height / 2, label, va="center", fontsize=8)
    if chart.labels:
        metrics_ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncols=2,
                          fontsize=8, frameon=False)
    metrics_ax.spines[["top", "right"]].set_visible(False)

    if people_ax is not None:
        spots = list(range(len(chart.people)))[::-1]
        people_ax.barh(spots, chart.attainment, 0.6, color=THIS_WEEK)
        people_ax.set_yticks(spots, [_drawn(name[:24]) for name in chart.people])
        people_ax.axvline(100, color=TARGET, linewidth=1, linestyle="--")
        people_ax.set_title(chart.people_title, fontsize=10)
        people_ax.spines[["top", "right"]].set_visible(False)
        for spot, value in zip(spots, chart.attainment, strict=True):
            people_ax.text(value, spot, f" {value:.0f}{chart.percent_sign}", va="center",
                           fontsize=8)

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={
        "Title": chart.heading, "Software": "kpibot",
        "Description": json.dumps(asdict(chart), ensure_ascii=False),
    })
    return buffer.getvalue()


def _drawn(text: str) -> str:
    """User text as matplotlib draws it literally: a pair of `$` would start its math mode."""
    return text.replace("$", r"\$")


def alt_text(chart: WeeklyChart) -> str:
    """What the chart shows, in words, for screen readers (Slack takes up to 1000 characters)."""
    unit = chart.percent_sign if chart.as_percent else ""
    parts = [f"{label} {now:g}{unit} ({before:g}{unit})" for label, now, before
             in zip(chart.labels, chart.this_week, chart.week_before, strict=True)]
    text = f"{chart.title}. {chart.metrics_title}: " + "; ".join(parts)
    return text[:1000]
