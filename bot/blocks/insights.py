"""`/kpi insights`: rates by source, technique and SDR with their counts and intervals, the
standouts a test supports, and the before/after of noted changes. Pure functions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from babel.numbers import format_decimal

from bot.blocks.lines import line_sections
from bot.blocks.team_parts import display_name
from bot.blocks.text import Block, context, escape, header, section
from bot.i18n import Translator
from bot.insights.breakdown import INSIGHT_RATES, Breakdown, Group, base_metric, rates_of
from bot.insights.stats import Comparison, Proportion, Standout, Verdict
from bot.insights.weekly import Finding
from bot.kpi.metrics import Metric, Rate
from bot.trend_chart import TrendChart

MESSAGE_BLOCKS = 50
MAX_GROUPS = 25  # sources or techniques listed; the rest are counted in one line
# the counts of the trend chart: the funnel from meetings to opportunities
TREND_METRICS = (Metric.MEETINGS_BOOKED, Metric.MEETINGS_HELD, Metric.LEADS,
                 Metric.QUALIFIED_LEADS, Metric.OPPORTUNITIES)


@dataclass(frozen=True)
class InsightsPage:
    team_name: str
    sdr_id: str | None
    start: date
    last_day: date
    default_weeks: int | None  # the window when no period was asked for

    def scope_text(self, names: Mapping[str, str]) -> str:
        if self.sdr_id is not None:
            return display_name(self.sdr_id, names)
        return escape(self.team_name)


@dataclass(frozen=True)
class SdrRates:
    user_id: str
    rates: dict[Rate, Proportion]


@dataclass(frozen=True)
class NoteEffect:
    day: date
    text: str
    user_id: str | None  # None: the whole team
    comparisons: dict[Rate, Comparison]
    complete: bool  # the weeks after are as many as the weeks before


def p_text(p: float, tr: Translator) -> str:
    if p < 0.001:
        return "< " + format_decimal(0.001, format="0.000", locale=tr.locale)
    return format_decimal(p, format="0.000", locale=tr.locale)


def share_text(p: Proportion, tr: Translator) -> str:
    """`12 % (6/50, 5–24 %)`: the share, the counts behind it, and the 95 % interval."""
    counts = f"{tr.number(p.hits)}/{tr.number(p.base)}"
    if p.share is None:
        return tr.t("insights.no_base", counts=counts)
    if p.low is None or p.high is None:  # more hits than base: flagged, no interval
        return tr.t("insights.inconsistent", share=tr.percent(p.share), counts=counts)
    return tr.t("insights.share", share=tr.percent(p.share), counts=counts,
                low=tr.percent(p.low), high=tr.percent(p.high))


def rates_line(rates: Mapping[Rate, Proportion], tr: Translator) -> str:
    return " · ".join(f"{tr.t(f'rate.{r.value}')} {share_text(rates[r], tr)}"
                      for r in INSIGHT_RATES if r in rates)


def _group_name(group: Group, tr: Translator) -> str:
    return f"`{escape(group.key)}`" if group.key is not None else tr.t("insights.untagged")


def standout_text(kind: str, rate: Rate, s: Standout, tr: Translator) -> str:
    return tr.t(f"insights.{kind}", rate=tr.t(f"rate.{rate.value}"), tag=escape(s.key),
                share=share_text(s.proportion, tr), rest=share_text(s.rest, tr),
                test=tr.t(f"insights.test.{s.test.value}"), p=p_text(s.p_value, tr))


def breakdown_blocks(b: Breakdown, *, title: str, empty: str, tr: Translator) -> list[Block]:
    if not b.tagged:
        return [section(f"*{title}*\n{empty}")]
    shown = b.groups[:MAX_GROUPS]
    lines = [f"*{title}*"]
    lines += [f"{_group_name(g, tr)}: {rates_line(g.rates, tr)}" for g in shown]
    if len(b.groups) > len(shown):
        lines.append(tr.t("insights.more_groups", count=len(b.groups) - len(shown)))
    blocks = line_sections(lines)
    claims = [standout_text("best", r, s, tr) for r, s in b.best.items()]
    claims += [standout_text("worst", r, s, tr) for r, s in b.worst.items()]
    blocks.append(context(*(claims or [tr.t("insights.no_standout")])))
    return blocks


def effect_text(rate: Rate, c: Comparison, tr: Translator) -> str:
    params: dict[str, object] = {
        "rate": tr.t(f"rate.{rate.value}"), "before": share_text(c.before, tr),
        "after": share_text(c.after, tr)}
    if c.verdict is Verdict.NO_DATA or c.test is None or c.p_value is None:
        return tr.t("effect.no_data", **params)
    params |= {"test": tr.t(f"insights.test.{c.test.value}"), "p": p_text(c.p_value, tr)}
    if c.verdict is Verdict.NEED_MORE:
        params |= {"more": tr.number(c.more_needed or 0),
                   "base": tr.t(f"insights.base.{base_metric(rate).value}")}
    return tr.t(f"effect.{c.verdict.value}", **params)


def note_lines(notes: Sequence[NoteEffect], names: Mapping[str, str], tr: Translator
               ) -> list[str]:
    lines: list[str] = []
    for note in notes:
        who = display_name(note.user_id, names) if note.user_id else tr.t("insights.whole_team")
        lines.append(tr.t("insights.note", day=tr.day(note.day), text=escape(note.text), who=who))
        lines += [f"  • {effect_text(r, c, tr)}" for r, c in note.comparisons.items()]
        if not note.complete:
            lines.append(f"  _{tr.t('effect.partial')}_")
    return lines


def build_insights_blocks(*, page: InsightsPage, by_source: Breakdown, by_technique: Breakdown,
                          sdrs: Sequence[SdrRates], notes: Sequence[NoteEffect],
                          names: Mapping[str, str], tr: Translator) -> list[Block]:
    window = (tr.t("insights.default_window", weeks=page.default_weeks)
              if page.default_weeks else "")
    blocks: list[Block] = [
        header(tr.t("insights.title", scope=page.team_name if page.sdr_id is None
                    else names.get(page.sdr_id, page.sdr_id))),
        context(tr.t("insights.window", start=tr.day(page.start), end=tr.day(page.last_day),
                     window=window), tr.t("insights.how")),
    ]
    blocks += breakdown_blocks(by_source, title=tr.t("insights.by_source"),
                               empty=tr.t("insights.no_sources"), tr=tr)
    blocks += breakdown_blocks(by_technique, title=tr.t("insights.by_technique"),
                               empty=tr.t("insights.no_techniques"), tr=tr)
    if sdrs:
        blocks += line_sections([f"*{tr.t('insights.by_sdr')}*"] + [
            f"{display_name(s.user_id, names)}: {rates_line(s.rates, tr)}" for s in sdrs])
    title = f"*{tr.t('insights.notes')}*"
    blocks += line_sections([title, *note_lines(notes, names, tr)] if notes
                            else [title, tr.t("insights.no_notes")])
    return blocks[:MESSAGE_BLOCKS]


def finding_text(finding: Finding, tr: Translator) -> str:
    c = finding.comparison
    params: dict[str, object] = {
        "rate": tr.t(f"rate.{finding.rate.value}"), "before": share_text(c.before, tr),
        "after": share_text(c.after, tr), "p": p_text(finding.p_value, tr),
        "test": tr.t(f"insights.test.{c.test.value}") if c.test else ""}
    if finding.source is not None:
        return tr.t("weekly.finding_source", source=escape(finding.source), **params)
    return tr.t("weekly.finding_note", text=escape(finding.note_text or ""),
                day=tr.day(finding.note_day) if finding.note_day else "", **params)


def finding_block(finding: Finding | None, tr: Translator) -> Block | None:
    return None if finding is None else section(finding_text(finding, tr))


def trend_chart(*, name: str, weeks: Sequence[date], totals: Sequence[Mapping[Metric, float]],
                tr: Translator) -> TrendChart:
    """The weekly trend of the key counts and rates (the weeks given, oldest first)."""
    counted = [m for m in TREND_METRICS if any(t.get(m) for t in totals)]
    return TrendChart(
        title=tr.t("insights.chart_title", scope=escape(name), weeks=len(weeks)),
        heading=tr.t("insights.chart_title", scope=name, weeks=len(weeks)),
        periods=tuple(tr.short_day(w) for w in weeks),
        counts_title=tr.t("insights.chart_counts"),
        counts=tuple((tr.t(f"metric.{m.value}"), tuple(t.get(m, 0.0) for t in totals))
                     for m in counted),
        rates_title=tr.t("review.chart_rates"),
        rates=tuple((tr.t(f"rate.{r.value}"),
                     tuple(None if (p := rates_of(t)[r]).share is None
                           else round(100 * p.share, 1) for t in totals))
                    for r in INSIGHT_RATES))
