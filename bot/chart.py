"""The weekly scorecard chart: rendered here with Pillow (bot/bar_canvas.py), never by a service.

`weekly_chart` turns a team scorecard into the numbers to plot (pure, easy to test);
`render_png` draws them. The PNG carries those numbers in its Description text chunk too, so
what the picture shows can be checked without reading pixels.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

from PIL import Image, ImageDraw
from PIL.PngImagePlugin import PngInfo

from bot.bar_canvas import INK, Bars, Panel, draw_legend, draw_panel, font, text_width
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
    """The chart as PNG bytes; CPU-bound, so callers run it in a worker thread.

    Drawn with Pillow (bot/bar_canvas.py), the light path of issue 14: the picture matplotlib
    drew in about 0.15 s (most of it building and measuring tick artists) in a tenth of that.
    Text is drawn literally, so a `$` in a name needs no escaping."""
    image = Image.new("RGB", (WIDTH_PX, HEIGHT_PX), "white")
    draw = ImageDraw.Draw(image)
    draw.text((WIDTH_PX / 2, 8), chart.heading, fill=INK, font=font(13, bold=True), anchor="mt")
    people = [name[:24] for name in chart.people]
    metrics, people_panel = _layout(chart.labels, people)
    unit = chart.percent_sign if chart.as_percent else ""
    height = 0.38
    draw_panel(draw, metrics, title=chart.metrics_title, labels=chart.labels,
               series=(Bars(chart.this_week, THIS_WEEK, height / 2),
                       Bars(chart.week_before, WEEK_BEFORE, -height / 2)),
               thickness=height, target=100.0 if chart.as_percent else None,
               values=[_value(v, chart.as_percent, unit) for v in chart.this_week],
               target_color=TARGET)
    if chart.labels:
        draw_legend(draw, centre=(metrics.left + metrics.right) / 2, top=metrics.bottom + 34,
                    entries=((chart.legend[0], THIS_WEEK), (chart.legend[1], WEEK_BEFORE)))
    if people_panel is not None:
        draw_panel(draw, people_panel, title=chart.people_title, labels=people,
                   series=(Bars(chart.attainment, THIS_WEEK),), thickness=0.6, target=100.0,
                   values=[_value(v, True, chart.percent_sign) for v in chart.attainment],
                   target_color=TARGET)
    info = PngInfo()
    info.add_text("Title", chart.heading)
    info.add_text("Software", "kpibot")
    info.add_text("Description", json.dumps(asdict(chart), ensure_ascii=False))
    buffer = io.BytesIO()
    # a few flat colours compress well at any level; the fastest keeps the file small enough
    image.save(buffer, format="PNG", pnginfo=info, compress_level=1)
    return buffer.getvalue()


def _value(value: float, as_percent: bool, unit: str) -> str:
    return f"{value:.0f}{unit}" if as_percent else f"{value:g}"


WIDTH_PX, HEIGHT_PX = int(WIDTH_IN * DPI), int(HEIGHT_IN * DPI)
_TOP = 62.0  # the heading and a panel title above the panels
_BOTTOM = 62.0  # tick labels and the legend below them
_EDGE = 12.0  # the image's left margin
_LABEL_ROOM = 4.0 + 4.0 + 6.0  # tick, gap, and air left of a tick label
_VALUE_ROOM = 44.0  # right of a panel: the printed value of its longest bar ("130 %")


def _layout(labels: Sequence[str], people: Sequence[str]) -> tuple[Panel, Panel | None]:
    """Each panel right of its widest label; the metrics and the people share what is left
    3:2, as matplotlib's constrained layout placed them."""
    def room(texts: Sequence[str]) -> float:
        return max((text_width(t, 10) for t in texts), default=0.0) + _LABEL_ROOM

    top, bottom = _TOP, HEIGHT_PX - _BOTTOM
    metrics_left = _EDGE + room(labels)
    if not people:
        return Panel(metrics_left, top, WIDTH_PX - _VALUE_ROOM, bottom), None
    people_room = room(people)
    free = WIDTH_PX - metrics_left - people_room - 2 * _VALUE_ROOM
    metrics_right = metrics_left + free * 3 / 5
    people_left = metrics_right + _VALUE_ROOM + people_room
    return (Panel(metrics_left, top, metrics_right, bottom),
            Panel(people_left, top, WIDTH_PX - _VALUE_ROOM, bottom))


def alt_text(chart: WeeklyChart) -> str:
    """What the chart shows, in words, for screen readers (Slack takes up to 1000 characters)."""
    unit = chart.percent_sign if chart.as_percent else ""
    parts = [f"{label} {now:g}{unit} ({before:g}{unit})" for label, now, before
             in zip(chart.labels, chart.this_week, chart.week_before, strict=True)]
    text = f"{chart.title}. {chart.metrics_title}: " + "; ".join(parts)
    return text[:1000]
