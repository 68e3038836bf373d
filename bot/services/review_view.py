"""`/kpi review @sdr [month]`: a manager's 1:1 pack for one of their SDRs."""

from __future__ import annotations

import re
from datetime import date, datetime

from bot.blocks.review import ReviewData, build_review_blocks, review_chart
from bot.i18n import Translator
from bot.insights.benchmarks import bands_for
from bot.insights.breakdown import breakdown, rate_metrics
from bot.insights.review import standings, strengths_and_weaknesses, weakest_target
from bot.kpi.baseline import OwnAverage, baseline_periods, counted_from, own_average
from bot.kpi.money import other_amounts
from bot.kpi.periods import (
    Period,
    PeriodKind,
    local_today,
    parse_period_choice,
    period_containing,
)
from bot.services.access import Access
from bot.services.insight_scope import resolve_scope, split_mention
from bot.services.insights_view import ChartAnswer, note_effects
from bot.services.team_scorecard import team_scorecard
from bot.services.teams import viewer
from storage import activity, insights, people
from storage.session import Session

MONTHS = 3
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _month(words: str, today: date) -> date | None:
    """The first day of the month asked for: `month`, `last month`, `2026-10`; None if not."""
    if match := _MONTH.match(words.strip()):
        year, month = int(match.group(1)), int(match.group(2))
        return date(year, month, 1) if 1 <= month <= 12 and year > 2000 else None
    choice = parse_period_choice(words or "month")
    if choice is None or choice.kind is not PeriodKind.MONTH:
        return None
    return choice.resolve(today).start


def _own_average(session: Session, *, sdr_id: str, month: Period, currency: str
                 ) -> OwnAverage | None:
    """The SDR's own average of the month reviewed, as their scorecard has it (SPEC: the
    complete months before it, counted from their first activity or start date); money in
    the month's currency only, as the scorecard counts it."""
    origin = counted_from(
        activity.first_activity(session=session, user_ids=[sdr_id]).get(sdr_id),
        people.start_dates(session=session, user_ids=[sdr_id]).get(sdr_id))
    counted = baseline_periods(month, origin=origin)
    totals = activity.sum_parts(session=session,
                                parts=[([sdr_id], (p.start, p.end)) for p in counted],
                                currency=currency)
    return own_average(totals, PeriodKind.MONTH)


def review_for(session: Session, access: Access, *, args: str, now: datetime) -> ChartAnswer:
    tr = viewer(session=session, user_id=access.user_id).tr
    sdr_id, rest, mentions = split_mention(args)
    if sdr_id is None or mentions > 1:
        return ChartAnswer(tr, problem=tr.t("review.name_one"))
    scope = resolve_scope(session, access, tr, team_name=None, sdr_id=sdr_id)
    if isinstance(scope, str):
        return ChartAnswer(tr, problem=scope)
    team = scope.team
    tr = Translator(tr.locale, team.currency)
    today = local_today(team.timezone, now)
    first = _month(rest, today)
    if first is None:
        return ChartAnswer(tr, problem=tr.t("review.bad_month", text=rest[:40]))
    if first > today:
        return ChartAnswer(tr, problem=tr.t("review.future_month"))
    month = period_containing(first, PeriodKind.MONTH)
    months = [month.shifted(-i) for i in range(MONTHS - 1, -1, -1)]
    cards = [team_scorecard(session=session, team=team, period=m, today=today) for m in months]
    current = cards[-1]
    tr = Translator(tr.locale, current.currency)  # the currency in force for that month
    row = next((r for r in current.card.rows if r.user_id == sdr_id), None)
    totals = dict(row.totals) if row else {}
    target_values = {m: float(v) for m, v in row.targets.items()} if row else {}
    team_rows = [r.totals for r in current.card.rows]
    above, below = strengths_and_weaknesses(standings(totals, team_rows))
    history = [dict(next((r.totals for r in c.card.rows if r.user_id == sdr_id), {}))
               for c in cards]
    sources = breakdown((r.tag, r.metric, r.total) for r in insights.tagged_totals(
        session=session, user_ids=[sdr_id], start=months[0].start, end=month.end, tag="source",
        metrics=rate_metrics()))
    notes = note_effects(session, scope, today=today, since=months[0].start)
    days_off = sorted(people.days_off(session=session, user_id=sdr_id, start=month.start,
                                      end=month.end))
    names = people.names(session=session, user_ids=[sdr_id])
    data = ReviewData(
        sdr_id=sdr_id, name=names.get(sdr_id), month=month, months=tuple(months),
        in_progress=month.contains(today), totals=totals, targets=target_values,
        history=tuple(history), team_median_of=team_rows, above=tuple(above),
        below=tuple(below), weakest=weakest_target(totals, target_values), sources=sources,
        notes=tuple(notes), days_off=tuple(days_off), bands=bands_for(team.motion),
        team_totals=current.card.totals, team_size=len(current.card.rows),
        own_average=_own_average(session, sdr_id=sdr_id, month=month,
                                 currency=current.currency),
        other_money=other_amounts(activity.money_parts(
            session=session, parts=[([sdr_id], (month.start, month.end))])[0], current.currency))
    blocks = build_review_blocks(data, tr=tr)
    chart = review_chart(data, tr=tr)
    return ChartAnswer(tr, blocks=tuple(blocks), chart=chart,
                        text=tr.t("review.plain", who=f"<@{sdr_id}>", month=month.key),
                        filename=f"review-{sdr_id.lower()}-{month.key}.png")


