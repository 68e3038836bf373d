"""Industry bands per team motion, read from benchmarks.json beside this module.

The file is data a maintainer can check and change: each band names its source (publisher,
title, address, year, and whether it is a vendor's estimate or a survey).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from bot.kpi.benchmarks import Band, Source
from bot.kpi.metrics import METRICS, Rate

DATA_FILE = Path(__file__).resolve().parent / "benchmarks.json"
MOTIONS = ("outbound", "inbound", "enterprise")
DEFAULT_MOTION = "outbound"
PERS = ("day", "week", "month", "quarter")

__all__ = ["DATA_FILE", "DEFAULT_MOTION", "MOTIONS", "Band", "Source", "bands_for", "load"]


def _band(row: dict[str, object], sources: dict[str, Source], motion: str) -> Band:
    key, per = str(row["key"]), row.get("per")
    rates = {r.value for r in Rate}
    metrics = {m.value for m in METRICS}
    if key not in rates | metrics:
        raise ValueError(f"{motion}: {key!r} is neither a metric nor a rate")
    if (key in rates) != (per is None) or (per is not None and per not in PERS):
        raise ValueError(f"{motion}: {key!r} needs 'per' (one of {PERS}) for a count, "
                         "none for a rate")
    low, high = float(str(row["low"])), float(str(row["high"]))
    if not 0 <= low <= high or (key in rates and high > 1):
        raise ValueError(f"{motion}: {key!r} band {low}-{high} is not a band")
    source = sources.get(str(row["source"]))
    if source is None:
        raise ValueError(f"{motion}: {key!r} names no known source")
    return Band(key, low, high, None if per is None else str(per), source, str(row["note"]))


def load(path: Path = DATA_FILE) -> dict[str, dict[str, Band]]:
    """Every motion's bands by key; ValueError naming what is wrong in the file."""
    data = json.loads(path.read_text("utf-8"))
    sources = {key: Source(key, str(s["publisher"]), str(s["title"]), str(s["url"]),
                           int(s["year"]), str(s["kind"]))
               for key, s in data["sources"].items()}
    for s in sources.values():
        if s.kind not in ("vendor", "survey") or not s.url.startswith("https://"):
            raise ValueError(f"source {s.key!r}: kind vendor or survey, an https address")
    result = {motion: {b.key: b for b in (_band(row, sources, motion) for row in rows)}
              for motion, rows in data["motions"].items()}
    if set(result) != set(MOTIONS):
        raise ValueError(f"motions must be {MOTIONS}")
    return result


@cache
def bands_for(motion: str) -> dict[str, Band]:
    """The bands of a team's motion (an unknown motion reads as the default)."""
    bands = load()
    return bands.get(motion, bands[DEFAULT_MOTION])
