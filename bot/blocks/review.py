"""`/kpi review @sdr [month]`: the 1:1 pack as blocks, and its trend chart. Pure functions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from statistics import median

from bot.blocks.benchmarks import benchmark_text
from bot.blocks.insights import NoteEffect, breakdown_blocks, note_lines, share_text
from bot.blocks.lines import line_sections
from bot.blocks.numbers import (
    amount,
    attainment,
    goal,
    other_money_note,
    shown,
    with_other_money,
)
from bot.blocks.text import Block, context, escape, header
from bot.i18n import Translator
from bot.insights.benchmarks import Band
from bot.insights.breakdown import INSIGHT_RATES, Breakdown, rates_of
from bot.insights.review import Standing, TargetGap
from bot.insights.stats import Verdict
from bot.kpi.baseline import OwnAverage
from bot.kpi.metrics import METRICS, RATES, Metric, Rate, ratio
from bot.kpi.periods import Period
from bot.trend_chart import MAX_SERIES, TrendChart

MESSAGE_BLOCKS = 50
POINTS = 3

Totals = Mapping[Metric, float]


@dataclass(frozen=True)
class ReviewData:
    sdr_id: str
    name: str | None
    month: Period
    months: tuple[Period, ...]  # oldest first, the month reviewed last
    in_progress: bool
    totals: Totals
    targets: Mapping[Metric, float]
    history: tuple[Totals, ...]  # one per month, oldest first
    team_median_of: Sequence[Totals]  # every SDR's totals for the month
    above: tuple[Standing, ...]
    below: tuple[Standing, ...]
    weakest: TargetGap | None
    sources: Breakdown
    notes: tuple[NoteEffect, ...]
    days_off: tuple[date, ...]
    bands: Mapping[str, Band]
    team_totals: Totals
    team_size: int
    own_average: OwnAverage | None = None  # the SDR's, over the complete months before
    # The SDR's money of the month in other currencies than the one measured: shown beside
    # it, counted toward nothing (bot/kpi/money).
    other_money: Mapping[str, float] = field(default_factory=dict)

    def who(self) -> str:
        return escape(self.name) if self.name else f"<@{self.sdr_id}>"


def standing_value(s: Standing, value: float, tr: Translator) -> str:
    if s.is_rate:
        return tr.percent(value)
    metric = Metric(s.key)
    return amount(metric, value, tr)


def standing_name(s: Standing, tr: Translator) -> str:
    return tr.t(f"rate.{s.key}") if s.is_rate else tr.t(f"metric.{s.key}")


def standing_line(s: Standing, tr: Translator) -> str:
    counts = f" ({tr.number(s.hits)}/{tr.number(s.base)})" if s.is_rate else ""
    return tr.t("review.standing", name=standing_name(s, tr),
                value=standing_value(s, s.value, tr) + counts,
                median=standing_value(s, s.median, tr), gap=tr.signed_percent(_shown_gap(s, tr)))


def _shown_gap(s: Standing, tr: Translator) -> float:
    """A count's or amount's gap from the numbers as printed (15 against a median printed 18
    is −17 %, not the −14 % of 17.5), as the scorecard's share of a target is."""
    if s.is_rate:
        return s.gap
    metric = Metric(s.key)
    value, median_ = shown(metric, s.value, tr), shown(metric, s.median, tr)
    return float((value - median_) / median_) if median_ else 0.0


def _month_lines(data: ReviewData, tr: Translator) -> list[str]:
    lines = [f"*{tr.t('review.against_targets')}*"]
    medians = {m: median([t.get(m, 0.0) for t in data.team_median_of]) if data.team_median_of
               else 0.0 for m in METRICS}
    for metric in METRICS:
        actual, target = data.totals.get(metric, 0.0), data.targets.get(metric, 0.0)
        others = data.other_money if metric.is_money else {}
        if not actual and not target and not medians[metric] and not others:
            continue
        printed = amount(metric, actual, tr)
        if others:
            printed = with_other_money(printed, others, tr)
        text = f"{tr.t(f'metric.{metric.value}')}: *{printed}*"
        if target > 0:  # printed as /mykpis prints them, the share from the printed numbers
            text += " " + tr.t("review.of_target", target=goal(metric, target, tr),
                               share=attainment(metric, actual, target, tr)
                               or tr.percent(actual / target))
        text += " · " + tr.t("review.team_median", value=amount(metric, medians[metric], tr))
        if (own := data.own_average) is not None:
            text += " · " + tr.t("review.own_average", count=own.count,
                                 value=amount(metric, own.of(metric), tr))
        band = data.bands.get(metric.value)
        if band is not None and band.per == "month":
            text += " · " + benchmark_text(band, tr)
        lines.append(text)
    if (note := other_money_note(data.other_money, tr)) is not None:
        lines.append(f"_{note}_")
    rates = rates_of(data.totals)
    for rate in INSIGHT_RATES:
        text = f"{tr.t(f'rate.{rate.value}')}: {share_text(rates[rate], tr)}"
        if (own_rate := _own_rate(data.own_average, rate)) is not None:
            text += " · " + tr.t("review.own_average", count=own_rate[1],
                                 value=tr.percent(own_rate[0]))
        band = data.bands.get(rate.value)
        if band is not None:
            text += " · " + benchmark_text(band, tr)
        lines.append(text)
    return lines


def _own_rate(own: OwnAverage | None, rate: Rate) -> tuple[float, int] | None:
    """The rate of the own average's totals (the months' counts pooled), and how many
    months; None without an average or a base."""
    if own is None:
        return None
    d = next(r for r in RATES if r.rate is rate)
    share = ratio(own.of(d.numerator), own.of(d.denominator))
    return (share, own.count) if share is not None else None


def _trend_lines(data: ReviewData, tr: Translator) -> list[str]:
    lines = [f"*{tr.t('review.trend')}* ({' → '.join(m.key for m in data.months)})"]
    for metric in METRICS:
        values = [h.get(metric, 0.0) for h in data.history]
        if any(values):
            lines.append(f"{tr.t(f'metric.{metric.value}')}: "
                         + " → ".join(amount(metric, v, tr) for v in values))
    for rate in INSIGHT_RATES:
        shares = [rates_of(h)[rate] for h in data.history]
        if any(p.base for p in shares):
            lines.append(f"{tr.t(f'rate.{rate.value}')}: "
                         + " → ".join(share_text(p, tr) for p in shares))
    return lines


def talking_points(data: ReviewData, tr: Translator) -> list[str]:
    """Up to three points, each a template filled from the numbers above it."""
    points: list[str] = []
    if data.weakest is not None:
        w = data.weakest
        points.append(tr.t("review.point.target", metric=tr.t(f"metric.{w.metric.value}"),
                           actual=amount(w.metric, w.actual, tr),
                           target=amount(w.metric, w.target, tr),
                           share=tr.percent(w.attainment)))
    for s in data.above[:1]:
        points.append(tr.t("review.point.strength", name=standing_name(s, tr),
                           value=standing_value(s, s.value, tr),
                           median=standing_value(s, s.median, tr)))
    for s in data.below[:1]:
        points.append(tr.t("review.point.weakness", name=standing_name(s, tr),
                           value=standing_value(s, s.value, tr),
                           median=standing_value(s, s.median, tr)))
    best = data.sources.best.get(Rate.CONVERSION)
    if best is not None:
        points.append(tr.t("review.point.source", source=escape(best.key),
                           share=share_text(best.proportion, tr),
                           rest=share_text(best.rest, tr)))
    for note in data.notes:
        for rate, c in note.comparisons.items():
            if c.verdict is Verdict.LIKELY_REAL:
                points.append(tr.t("review.point.note", text=escape(note.text),
                                   rate=tr.t(f"rate.{rate.value}"),
                                   before=share_text(c.before, tr),
                                   after=share_text(c.after, tr)))
    if not points:
        points.append(tr.t("review.point.no_data", month=data.month.key))
    return points[:POINTS]


def build_review_blocks(data: ReviewData, *, tr: Translator) -> list[Block]:
    progress = tr.t("review.in_progress") if data.in_progress else tr.t("review.complete")
    off = (tr.t("review.time_off", count=len(data.days_off),
                days=", ".join(tr.short_day(d) for d in data.days_off[:31]))
           if data.days_off else tr.t("review.no_time_off"))
    blocks: list[Block] = [
        header(tr.t("review.title", who=data.name or data.sdr_id, month=data.month.key)),
        context(progress, off, tr.t("review.team_size", count=data.team_size)),
    ]
    blocks += line_sections(_month_lines(data, tr))
    blocks += line_sections(_trend_lines(data, tr))
    compare = [f"*{tr.t('review.strengths')}*"]
    compare += [standing_line(s, tr) for s in data.above] or [tr.t("review.none")]
    compare += [f"*{tr.t('review.weaknesses')}*"]
    compare += [standing_line(s, tr) for s in data.below] or [tr.t("review.none")]
    blocks += line_sections(compare)
    blocks += breakdown_blocks(data.sources, title=tr.t("review.by_source"),
                               empty=tr.t("insights.no_sources"), tr=tr)
    title = f"*{tr.t('insights.notes')}*"
    blocks += line_sections([title, *note_lines(data.notes, {data.sdr_id: data.name or ""}
                                                 if data.name else {}, tr)]
                            if data.notes else [title, tr.t("insights.no_notes")])
    points = talking_points(data, tr)
    blocks += line_sections([f"*{tr.t('review.points')}*",
                             *(f"{i}. {p}" for i, p in enumerate(points, 1))])
    return blocks[:MESSAGE_BLOCKS]


def review_chart(data: ReviewData, *, tr: Translator) -> TrendChart:
    counted = [m for m in METRICS if not m.is_money and any(h.get(m) for h in data.history)]
    counted.sort(key=lambda m: -sum(h.get(m, 0.0) for h in data.history))
    name = data.name or data.sdr_id
    return TrendChart(
        title=tr.t("review.chart_title", who=escape(name), month=data.month.key),
        heading=tr.t("review.chart_title", who=name, month=data.month.key),
        periods=tuple(m.key for m in data.months),
        counts_title=tr.t("review.chart_counts"),
        counts=tuple((tr.t(f"metric.{m.value}"), tuple(h.get(m, 0.0) for h in data.history))
                     for m in counted[:MAX_SERIES]),
        rates_title=tr.t("review.chart_rates"),
        rates=tuple((tr.t(f"rate.{r.value}"),
                     tuple(None if (p := rates_of(h)[r]).share is None
                           else round(100 * p.share, 1) for h in data.history))
                    for r in INSIGHT_RATES))
