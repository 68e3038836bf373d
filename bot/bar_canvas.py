"""Horizontal bar panels drawn straight onto a Pillow image: the light drawing path of the weekly
chart (bot/chart.py).

matplotlib drew the same picture in about 0.15 s, most of it building and measuring tick and
text artists; a Monday with a thousand teams drew for minutes. Here a panel is a few rectangles,
lines and texts, with fonts loaded once per process (matplotlib's own DejaVu Sans, so the
picture reads as before), in about a tenth of the time.
"""

from __future__ import annotations

import importlib.util
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import ImageDraw, ImageFont

INK = "#262626"
POINTS_TO_PIXELS = 100 / 72  # text sizes are given in points, as matplotlib took them, at 100 dpi
TICK = 4  # tick mark length, pixels
GAP = 4  # between a tick mark and its label


@cache
def font(points: float, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    """DejaVu Sans as shipped inside matplotlib (found without importing it), loaded once."""
    spec = importlib.util.find_spec("matplotlib")
    assert spec is not None and spec.submodule_search_locations is not None
    folder = Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(folder / name), round(points * POINTS_TO_PIXELS))


def text_width(text: str, points: float, *, bold: bool = False) -> float:
    return font(points, bold=bold).getlength(text)


def nice_ticks(low: float, high: float, most: int = 7) -> list[float]:
    """Round tick values covering [low, high]: steps of 1, 2, 2.5 or 5 times a power of ten."""
    span = high - low
    if span <= 0:
        return [low]
    raw = span / (most - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(s * power for s in (1, 2, 2.5, 5, 10) if s * power >= raw)
    first = math.ceil(low / step - 1e-9) * step
    count = math.floor((high - first) / step + 1e-9) + 1
    return [round(first + i * step, 10) for i in range(count)]


@dataclass(frozen=True)
class Bars:
    """One series of bars, drawn at `offset` (in bar rows) from each row's centre."""

    values: Sequence[float]
    color: str
    offset: float = 0.0


@dataclass(frozen=True)
class Panel:
    """A box of the image, in pixels: left, top, right, bottom of the plotting area."""

    left: float
    top: float
    right: float
    bottom: float


def draw_panel(draw: ImageDraw.ImageDraw, panel: Panel, *, title: str, labels: Sequence[str],
               series: Sequence[Bars], thickness: float, values: Sequence[str],
               target: float | None, target_color: str) -> None:
    """Horizontal bars, first label on top: axis lines left and below, round ticks below, the
    printed value right of each row's first bar, and a dashed line at `target`."""
    every = [v for s in series for v in s.values] + ([target] if target is not None else [])
    low, high = min([0.0, *every]), max([0.0, *every])
    high = high + 0.05 * (high - low) if high > low else 1.0  # matplotlib's 5 % margin
    low = low - 0.05 * (high - low) if low < 0 else 0.0
    ticks = nice_ticks(low, high)
    width = panel.right - panel.left

    def x(value: float) -> float:
        return panel.left + (value - low) / (high - low) * width

    rows = len(labels)
    row_height = (panel.bottom - panel.top) / max(rows, 1)

    def y(row: int, offset: float = 0.0) -> float:  # row 0 on top
        return panel.top + (row + 0.5 - offset) * row_height

    draw.text(((panel.left + panel.right) / 2, panel.top - 6), title, fill=INK, font=font(10),
              anchor="md")
    for row, label in enumerate(labels):
        centre = y(row)
        draw.line([(panel.left - TICK, centre), (panel.left, centre)], fill=INK)
        draw.text((panel.left - TICK - GAP, centre), label, fill=INK, font=font(10), anchor="rm")
        for bars in series:
            value = bars.values[row]
            middle = y(row, bars.offset)
            half = thickness * row_height / 2
            draw.rectangle([(min(x(0), x(value)), middle - half),
                            (max(x(0), x(value)), middle + half)], fill=bars.color)
        first = series[0]
        draw.text((x(max(first.values[row], 0.0)) + 3, y(row, first.offset)), values[row],
                  fill=INK, font=font(8), anchor="lm")
    if target is not None:
        _dashed(draw, x(target), panel.top, panel.bottom, target_color)
    for tick in ticks:
        draw.line([(x(tick), panel.bottom), (x(tick), panel.bottom + TICK)], fill=INK)
        draw.text((x(tick), panel.bottom + TICK + GAP), f"{tick:g}", fill=INK, font=font(10),
                  anchor="mt")
    draw.line([(panel.left, panel.top), (panel.left, panel.bottom)], fill=INK)
    draw.line([(panel.left, panel.bottom), (panel.right, panel.bottom)], fill=INK)


def draw_legend(draw: ImageDraw.ImageDraw, *, centre: float, top: float,
                entries: Sequence[tuple[str, str]]) -> None:
    """Colour swatches and their labels in one row, centred under a panel."""
    swatch, space = 18.0, 24.0
    widths = [swatch + 6 + text_width(label, 8) for label, _ in entries]
    left = centre - (sum(widths) + space * (len(entries) - 1)) / 2
    for (label, color), width in zip(entries, widths, strict=True):
        draw.rectangle([(left, top), (left + swatch, top + 7)], fill=color)
        draw.text((left + swatch + 6, top + 3.5), label, fill=INK, font=font(8), anchor="lm")
        left += width + space


def _dashed(draw: ImageDraw.ImageDraw, at: float, top: float, bottom: float, color: str) -> None:
    dash, blank = 4.0, 2.5
    start = top
    while start < bottom:
        draw.line([(at, start), (at, min(start + dash, bottom))], fill=color)
        start += dash + blank
