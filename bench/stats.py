"""Percentiles and the lines the benchmark prints."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], pct: float) -> float:
    """The nearest-rank percentile: the smallest value with pct % of values at or below it."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def verdict(ok: bool) -> str:
    return "MEETS" if ok else "MISSES"


def line(what: str, measured: str, bar: str = "", ok: bool | None = None) -> str:
    """One result line: what, the number, and (when there is one) the bar and the verdict."""
    text = f"  {what:<52} {measured:>22}"
    if bar:
        text += f"   bar {bar}"
    if ok is not None:
        text += f"   {verdict(ok)}"
    return text
