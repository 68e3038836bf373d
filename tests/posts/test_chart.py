"""The chart: a real PNG, of the size we draw, showing the week's numbers."""

from __future__ import annotations

import io
import json
import struct

from PIL import Image, PngImagePlugin

from bot.chart import DPI, HEIGHT_IN, WIDTH_IN, render_png, weekly_chart
from bot.i18n import Translator
from bot.kpi.metrics import Metric
from bot.kpi.periods import week_from_key
from bot.kpi.team import TeamScorecard, build_team_scorecard

WEEK = week_from_key("2026-W48")
SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _card(calls: dict[str, float]) -> TeamScorecard:
    sdrs = sorted(calls)
    targets = {u: {Metric.CALLS: 100.0, Metric.MEETINGS_BOOKED: 5.0} for u in sdrs}
    totals = {u: {Metric.CALLS: c, Metric.MEETINGS_BOOKED: 4.0} for u, c in calls.items()}
    previous = {u: {Metric.CALLS: 50.0, Metric.MEETINGS_BOOKED: 5.0} for u in sdrs}
    return build_team_scorecard(period=WEEK, sdr_ids=sdrs, totals=totals, targets=targets,
                                previous_totals=previous, previous_targets=targets)


def _chart(calls: dict[str, float]):  # type: ignore[no-untyped-def]
    return weekly_chart(card=_card(calls), team_name="Oslo", names={"U1": "Ada", "U2": "Bo"},
                        leaderboard_size=5, tr=Translator("en-US"))


def test_the_chart_plots_the_weeks_numbers() -> None:
    chart = _chart({"U1": 120.0, "U2": 60.0})
    assert chart.labels == ("Calls", "Meetings booked")
    # team totals as percent of the summed targets: 180 of 200 calls, 8 of 10 meetings
    assert chart.this_week == (90.0, 80.0)
    assert chart.week_before == (50.0, 100.0)
    assert chart.people == ("Ada", "Bo")  # the public top N, best first
    assert chart.attainment == (100.0, 70.0)  # (120 % capped avg with 80 %) and (60 %, 80 %)
    assert "Week 48" in chart.title


def test_the_png_is_real_and_carries_what_it_shows() -> None:
    chart = _chart({"U1": 120.0, "U2": 60.0})
    png = render_png(chart)
    assert png.startswith(SIGNATURE)
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk comes first
    assert (width, height) == (int(WIDTH_IN * DPI), int(HEIGHT_IN * DPI))
    image = Image.open(io.BytesIO(png))
    assert isinstance(image, PngImagePlugin.PngImageFile)
    image.load()  # decodes every pixel: a truncated or corrupt file fails here
    assert image.size == (width, height)
    assert len(image.getcolors(maxcolors=1 << 16) or []) > 10  # drawn, not blank
    shown = json.loads(image.info["Description"])
    assert shown["this_week"] == [90.0, 80.0] and shown["people"] == ["Ada", "Bo"]


def test_other_numbers_draw_another_picture() -> None:
    one = render_png(_chart({"U1": 120.0, "U2": 60.0}))
    other = render_png(_chart({"U1": 20.0, "U2": 160.0}))
    pixels = [Image.open(io.BytesIO(png)).convert("RGB").tobytes() for png in (one, other)]
    assert pixels[0] != pixels[1]


def test_without_targets_the_chart_shows_totals() -> None:
    card = build_team_scorecard(period=WEEK, sdr_ids=["U1"], totals={"U1": {Metric.CALLS: 42}},
                                targets={}, previous_totals={"U1": {Metric.CALLS: 40}},
                                previous_targets={})
    chart = weekly_chart(card=card, team_name="T", names={}, leaderboard_size=5,
                         tr=Translator("nb-NO"))
    assert (chart.as_percent, chart.labels, chart.this_week, chart.people) == (
        False, ("Samtaler ringt",), (42,), ())
    assert render_png(chart).startswith(SIGNATURE)
