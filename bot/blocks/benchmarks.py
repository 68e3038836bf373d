"""An industry band as a short line beside a number: `industry 12–15 a month (MarketBetter
2026, vendor estimate)`. Pure; for /mykpis, /kpi team, the targets modal and the review."""

from __future__ import annotations

from collections.abc import Mapping

from bot.blocks.text import Block, context
from bot.i18n import Translator
from bot.insights.benchmarks import Band
from bot.kpi.metrics import RATES, Metric, ratio
from bot.kpi.periods import PeriodKind


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


def team_benchmark_block(bands: Mapping[str, Band], *, totals: Mapping[Metric, float],
                         sdr_count: int, kind: PeriodKind, tr: Translator) -> Block | None:
    """The team's rates, and for a month its average per SDR, beside each industry band (a
    count band is per its own period, so it is shown only for a period of that kind)."""
    parts: list[str] = []
    for key, band in bands.items():
        if band.is_rate:
            d = next(r for r in RATES if r.rate.value == key)
            share = ratio(totals.get(d.numerator, 0.0), totals.get(d.denominator, 0.0))
            value = tr.percent(share) if share is not None else "–"
            parts.append(tr.t("benchmark.team_line", name=tr.t(f"rate.{key}"), value=value,
                              band=benchmark_text(band, tr)))
        elif band.per == kind.value and sdr_count:
            average = totals.get(Metric(key), 0.0) / sdr_count
            parts.append(tr.t("benchmark.team_average_line", name=tr.t(f"metric.{key}"),
                              value=tr.number(round(average, 1)),
                              band=benchmark_text(band, tr)))
    return context(tr.t("benchmark.team_title") + " " + " · ".join(parts)) if parts else None


def benchmark_plain(band: Band, tr: Translator) -> str:
    """The band for plain_text fields (the targets modal's hints): no link markup."""
    s = band.source
    return tr.t("benchmark.band", value=band_value(band, tr),
                source=tr.t(f"benchmark.source.{s.kind}", publisher=s.publisher, year=s.year))
