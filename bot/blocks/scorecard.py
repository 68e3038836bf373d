"""The SDR's own scorecard message: `/mykpis`, its period buttons and the App Home summary."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from bot.blocks import ids
from bot.blocks.benchmarks import benchmark_text
from bot.blocks.numbers import (
    amount,
    attainment,
    change_text,
    goal,
    left_out_note,
    other_money_note,
    rate_text,
    with_other_money,
)
from bot.blocks.period_buttons import period_buttons
from bot.blocks.text import Block, actions, button, context, escape, header, section
from bot.i18n import Translator
from bot.kpi.benchmarks import Band
from bot.kpi.metrics import RATES, Rate
from bot.kpi.pace import PaceStatus
from bot.kpi.periods import Period, PeriodChoice, PeriodKind
from bot.kpi.scorecard import MetricLine, Scorecard
from bot.kpi.targets import Owner, ResolvedTarget

STATUS_EMOJI = {
    PaceStatus.AHEAD: ":large_green_circle:",
    PaceStatus.ON_TRACK: ":large_blue_circle:",
    PaceStatus.BEHIND: ":large_orange_circle:",
    PaceStatus.DONE: ":white_check_mark:",
}


def period_label(period: Period, tr: Translator) -> str:
    start, last = tr.short_day(period.start), tr.short_day(period.last_day)
    if period.kind is PeriodKind.DAY:
        return tr.day(period.start)
    if period.kind is PeriodKind.WEEK:
        week = period.start.isocalendar()[1]
        return tr.t("period.week", number=week, start=start, end=last)
    if period.kind is PeriodKind.MONTH:
        return tr.month(period.start)
    quarter = (period.start.month - 1) // 3 + 1
    return tr.t("period.quarter", number=quarter, year=period.start.year)


def target_source(target: ResolvedTarget, tr: Translator) -> str:
    """Which target applies (SPEC's order): "pro-rated from your month target"."""
    whose = "own" if target.owner is Owner.OWN else "team"
    if target.prorated:
        return tr.t(f"card.source.{whose}_prorated", kind=tr.t(f"kind.{target.source_kind.value}"))
    return tr.t(f"card.source.{whose}")


def metric_line_text(line: MetricLine, card: Scorecard, tr: Translator) -> str:
    name = tr.t(f"metric.{line.metric.value}")
    actual = amount(line.metric, line.actual, tr)
    others = card.other_money if line.metric.is_money else {}
    if others:
        actual = with_other_money(actual, others, tr)
    first = f"*{name}*   *{actual}*"
    if line.target is not None and line.pace is not None:
        first += " " + tr.t("card.of_target", target=goal(line.metric, line.target.exact, tr))
        attained = attainment(line.metric, line.actual, line.target.exact, tr)
        if attained is not None:
            first += f" · {attained}"
        if card.in_progress or line.pace.status is PaceStatus.DONE:
            first += f"   {STATUS_EMOJI[line.pace.status]} {tr.t('pace.' + line.pace.status)}"
            if line.pace.status is PaceStatus.BEHIND and line.pace.needed_per_day is not None:
                needed = amount(line.metric, line.pace.needed_per_day, tr)
                first += " · " + tr.t("card.needed_per_day", amount=needed)
    details = []
    trend = change_text(line.change, line.metric, card.basis, card.period.kind, tr)
    if trend:
        details.append(trend)
    own = line.own_average if card.own_average_count else None
    if own is not None:
        details.append(tr.t(f"card.own_average.{card.period.kind.value}",
                            count=card.own_average_count, value=amount(line.metric, own, tr)))
    if line.team_average is not None and card.team_size > 1:
        details.append(tr.t("card.team_average", value=amount(line.metric, line.team_average, tr)))
    if line.band is not None:
        details.append(benchmark_text(line.band, tr))
    if line.target is not None:
        details.append(target_source(line.target, tr))
    if (note := other_money_note(others, tr)) is not None:
        details.append(note)
    if line.metric.is_money and (trend or own is not None) and \
            (note := left_out_note(card.earlier_other_currencies, tr)) is not None:
        details.append(note)
    return first + ("\n" + " · ".join(details) if details else "")


def rates_section(
    rates: Mapping[Rate, float | None],
    others: Mapping[Rate, float | None],
    *,
    title: str,
    other_label: Callable[[str], str],
    tr: Translator,
    shown: Callable[[Rate], bool] = lambda rate: True,
    bands: Mapping[Rate, Band] | None = None,
) -> Block | None:
    """Quality and conversion as fields: each rate, and beside it another (the team's, the
    week before) through `other_label`, then its industry band. None when there is nothing
    to show."""
    fields = []
    for definition in RATES:
        value, other = rates.get(definition.rate), others.get(definition.rate)
        if (value is None and other is None) or not shown(definition.rate):
            continue
        text = f"*{tr.t('rate.' + definition.rate.value)}*\n{rate_text(definition.rate, value, tr)}"
        if other is not None:
            text += "  " + other_label(rate_text(definition.rate, other, tr))
        band = (bands or {}).get(definition.rate)
        if band is not None:
            text += "\n" + benchmark_text(band, tr)
        fields.append({"type": "mrkdwn", "text": text})
    if not fields:
        return None
    return {"type": "section", "text": {"type": "mrkdwn", "text": f"*{title}*"},
            "fields": fields[:10]}


def rates_block(card: Scorecard, tr: Translator) -> Block | None:
    team = card.team_rates if card.team_size > 1 else {}
    return rates_section(card.rates, team, title=tr.t("card.rates"),
                         other_label=lambda value: tr.t("card.team_rate", value=value), tr=tr,
                         bands=card.rate_bands)


def card_context(card: Scorecard, tr: Translator, team_name: str) -> str:
    """Team · how far the period has gone · where a new SDR is on the ramp."""
    if not card.in_progress:
        progress = tr.t("card.complete")
    elif card.period.kind is PeriodKind.DAY:
        progress = tr.t("card.today")
    else:
        progress = tr.t("card.progress", elapsed=card.elapsed_days, total=card.total_days)
    parts = [escape(team_name), progress]
    if card.manager_only:
        parts.append(tr.t("card.not_measured"))
    if card.ramp is not None:
        parts.append(tr.t("card.ramping", month=card.ramp.month, months=card.ramp.months,
                          share=tr.percent(card.ramp.factor)))
    if card.availability is not None:
        parts.append(tr.t("card.time_off", count=card.availability.total,
                          available=card.availability.available))
    return " · ".join(parts)


def build_scorecard_blocks(
    card: Scorecard, *, choice: PeriodChoice, tr: Translator, team_name: str
) -> list[Block]:
    blocks: list[Block] = [
        header(tr.t("card.title", period=period_label(card.period, tr))),
    ]
    blocks.append(context(card_context(card, tr, team_name)))
    if card.is_empty:
        blocks.append(section(tr.t(f"card.empty.{card.period.kind.value}")))
    for line in card.lines:
        blocks.append(section(metric_line_text(line, card, tr)))
    rates = rates_block(card, tr)
    if rates is not None:
        blocks.append(rates)
    blocks.append(actions(*period_buttons(choice, tr, action_id=ids.SCORECARD_PERIOD)))
    blocks.append(actions(button(tr.t("button.log_activity"), action_id=ids.OPEN_LOG_MODAL,
                                 style="primary")))
    return blocks


def scorecard_fallback_text(card: Scorecard, tr: Translator) -> str:
    """The notification and screen-reader text of a scorecard message."""
    return tr.t("card.title", period=period_label(card.period, tr))
