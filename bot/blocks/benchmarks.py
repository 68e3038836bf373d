"""An industry band as a short line beside a number: `industry 12–15 a month (MarketBetter
2026, vendor estimate)`. Pure; for /mykpis, /kpi team, the targets modal and the review."""

from __future__ import annotations

from bot.i18n import Translator
from bot.insights.benchmarks import Band


def band_value(band: Band, tr: Translator) -> str:
    if band.is_rate:
        return f"{tr.percent(band.low)}–{tr.percent(band.high)}"
    return tr.t(f"benchmark.per.{band.per}", low=tr.number(band.low), high=tr.number(band.high))


def source_text(band: Band, tr: Translator) -> str:
    """`<url|MarketBetter> 2026, vendor estimate`: the source a reader can open."""
    s = band.source
    return tr.t(f"benchmark.source.{s.kind}", publisher=f"<{s.url}|{s.publisher}>", year=s.year)


def benchmark_text(band: Band, tr: Translator) -> str:
    return tr.t("benchmark.band", value=band_value(band, tr), source=source_text(band, tr))
