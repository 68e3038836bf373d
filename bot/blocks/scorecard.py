"""The SDR's own scorecard message: `/mykpis`, its period buttons and the App Home summary."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from bot.blocks import ids
from bot.blocks.period_buttons import period_buttons
from bot.blocks.text import Block, actions, button, context, escape, header, section
from bot.i18n import Translator
from bot.kpi.metrics import RATES, Metric, Rate
from bot.kpi.pace import PaceStatus
from bot.kpi.periods import Period, PeriodChoice, PeriodKind
from bot.kpi.scorecard import MetricLine, Scorecard

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


def amount(metric: Metric, value: float, tr: Translator) -> str:
    """Money as money; counts whole, but averages of small counts keep one decimal (2.5
    meetings a week says more than 3)."""
    if metric.is_money:
        return tr.money(value)
    return tr.number(round(value) if abs(value) >= 10 else round(value, 1))


def rate_text(rate: Rate, value: float | None, tr: Translator) -> str:
    if value is None:
        return "–"
    return tr.money(value) if rate.is_money else tr.percent(value)


def metric_line_text(line: MetricLine, card: Scorecard, tr: Translator) -> str:
    name = tr.t(f"metric.{line.metric.value}")
    actual = amount(line.metric, line.actual, tr)
    first = f"*{name}*   *{actual}*"
    if line.target is not None and line.pace is not None:
        first += " " + tr.t("card.of_target", target=amount(line.metric, line.target.value, tr))
        attained = line.pace.attainment
        if attained is not None:
            first += f" · {tr.percent(attained)}"
        if card.in_progress or line.pace.status is PaceStatus.DONE:
            first += f"   {STATUS_EMOJI[line.pace.status]} {tr.t('pace.' + line.pace.status)}"
            if line.pace.status is PaceStatus.BEHIND and line.pace.needed_per_day is not None:
                needed = amount(line.metric, line.pace.needed_per_day, tr)
                first += " · " + tr.t("card.needed_per_day", amount=needed)
    details = []
    kind = card.period.kind.value  # each text per kind: Norwegian words decline by it
    if line.trend is not None:
        arrow = "▲" if line.trend >= 0 else "▼"
        label = "card.vs_previous_to_date" if card.in_progress else "card.vs_previous"
        details.append(f"{arrow} {tr.signed_percent(line.trend)} {tr.t(f'{label}.{kind}')}")
    elif line.previous == 0 and line.actual > 0:
        details.append(tr.t(f"card.first_in_a_while.{kind}"))
    if line.baseline is not None:
        details.append(tr.t(f"card.own_average.{kind}",
                            value=amount(line.metric, line.baseline, tr)))
    if line.team_average is not None and card.team_size > 1:
        details.append(tr.t("card.team_average", value=amount(line.metric, line.team_average, tr)))
    if line.target is not None and line.target.origin == "prorated":
        details.append(tr.t("card.prorated", kind=tr.t(f"kind.{line.target.source_kind.value}")))
    return first + ("\n" + " · ".join(details) if details else "")


def rates_section(
    rates: Mapping[Rate, float | None],
    others: Mapping[Rate, float | None],
    *,
    title: str,
    other_label: Callable[[str], str],
    tr: Translator,
    shown: Callable[[Rate], bool] = lambda rate: True,
) -> Block | None:
    """Quality and conversion as fields: each rate, and beside it another (the team's, the
    week before) through `other_label`. None when there is nothing to show."""
    fields = []
    for definition in RATES:
        value, other = rates.get(definition.rate), others.get(definition.rate)
        if (value is None and other is None) or not shown(definition.rate):
            continue
        text = f"*{tr.t('rate.' + definition.rate.value)}*\n{rate_text(definition.rate, value, tr)}"
        if other is not None:
            text += "  " + other_label(rate_text(definition.rate, other, tr))
        fields.append({"type": "mrkdwn", "text": text})
    if not fields:
        return None
    return {"type": "section", "text": {"type": "mrkdwn", "text": f"*{title}*"},
            "fields": fields[:10]}


def rates_block(card: Scorecard, tr: Translator) -> Block | None:
    team = card.team_rates if card.team_size > 1 else {}
    return rates_section(card.rates, team, title=tr.t("card.rates"),
                         other_label=lambda value: tr.t("card.team_rate", value=value), tr=tr)


def card_context(card: Scorecard, tr: Translator, team_name: str) -> str:
    """Team · how far the period has gone · where a new SDR is on the ramp."""
    if not card.in_progress:
        progress = tr.t("card.complete")
    elif card.period.kind is PeriodKind.DAY:
        progress = tr.t("card.today")
    else:
        progress = tr.t("card.progress", elapsed=card.elapsed_days, total=card.total_days)
    parts = [escape(team_name), progress]
    if card.ramp is not None:
        parts.append(tr.t("card.ramping", month=card.ramp.month, months=card.ramp.months,
                          share=tr.percent(card.ramp.factor)))
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
