"""`/kpi insights [period] [team|@sdr]`: rates by source and technique, and noted changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.blocks.insights import (
    InsightsPage,
    NoteEffect,
    SdrRates,
    build_insights_blocks,
    trend_chart,
)
from bot.blocks.text import Block
from bot.i18n import Translator
from bot.insights.breakdown import breakdown, rate_metrics, rates_of
from bot.insights.effects import effect, windows
from bot.kpi.metrics import Metric
from bot.kpi.periods import PeriodChoice, local_today, parse_period_choice
from bot.services.access import Access
from bot.services.insight_scope import Scope, resolve_scope, split_mention
from bot.services.teams import viewer
from bot.trend_chart import TrendChart
from storage import activity, insights, people
from storage.session import Session

DEFAULT_WEEKS = 12
MAX_PERIOD_WORDS = 2
MAX_NOTES = 5  # the newest noted changes whose effect is shown


@dataclass(frozen=True)
class Window:
    start: date
    end: date  # exclusive
    choice: PeriodChoice | None  # None: the default, the last DEFAULT_WEEKS weeks


def parse_window_words(text: str) -> tuple[PeriodChoice | None, str]:
    """Leading period words (`last month`), and the rest (a team name)."""
    words = text.split()
    for count in range(min(MAX_PERIOD_WORDS, len(words)), 0, -1):
        choice = parse_period_choice(" ".join(words[:count]))
        if choice is not None:
            return choice, " ".join(words[count:])
    return None, " ".join(words)


def window_for(choice: PeriodChoice | None, today: date) -> Window:
    if choice is None:
        monday = today - timedelta(days=today.weekday())
        return Window(monday - timedelta(weeks=DEFAULT_WEEKS - 1), today + timedelta(days=1),
                      None)
    period = choice.resolve(today)
    return Window(period.start, min(period.end, today + timedelta(days=1)), choice)


@dataclass(frozen=True)
class ChartAnswer:
    """What `/kpi insights` and `/kpi review` answer: a problem, or blocks with a chart for
    the requester's DM."""

    tr: Translator
    problem: str | None = None
    blocks: tuple[Block, ...] = ()
    text: str = ""
    chart: TrendChart | None = None
    filename: str = ""


def note_effects(session: Session, scope: Scope, *, today: date, since: date
                 ) -> list[NoteEffect]:
    """The newest noted changes of the scope, each with its before/after test."""
    found = insights.notes(session=session, team_id=scope.team_id, since=since,
                           until=today + timedelta(days=1), user_id=scope.sdr_id,
                           limit=MAX_NOTES)
    result: list[NoteEffect] = []
    for note in found:
        users = [note.user_id] if note.user_id else scope.user_ids
        w = windows(note.day, today=today)
        before, after = activity.sum_parts(session=session,
                                           parts=[(users, w.before), (users, w.after)],
                                           currency=scope.team.currency)
        result.append(NoteEffect(day=note.day, text=note.text, user_id=note.user_id,
                                 comparisons=effect(before, after), complete=w.complete))
    return result


def insights_for(session: Session, access: Access, *, args: str, now: datetime
                 ) -> ChartAnswer:
    tr = viewer(session=session, user_id=access.user_id).tr
    sdr_id, rest, mentions = split_mention(args)
    if mentions > 1:
        return ChartAnswer(tr, problem=tr.t("insights.one_sdr"))
    choice, team_name = parse_window_words(rest)
    scope = resolve_scope(session, access, tr, team_name=team_name or None, sdr_id=sdr_id)
    if isinstance(scope, str):
        return ChartAnswer(tr, problem=scope)
    tr = Translator(tr.locale, scope.team.currency)
    today = local_today(scope.team.timezone, now)
    window = window_for(choice, today)
    metrics = rate_metrics()
    rows = {tag: insights.tagged_totals(session=session, user_ids=scope.user_ids,
                                        start=window.start, end=window.end, tag=tag,
                                        metrics=metrics) for tag in insights.TAGS}
    by_source = breakdown((r.tag, r.metric, r.total) for r in rows["source"])
    by_technique = breakdown((r.tag, r.metric, r.total) for r in rows["technique"])
    per_user: dict[str, dict[Metric, float]] = {u: {} for u in scope.user_ids}
    for r in rows["source"]:
        totals = per_user.setdefault(r.user_id, {})
        totals[r.metric] = totals.get(r.metric, 0.0) + r.total
    names = people.names(session=session, user_ids=scope.user_ids)
    sdrs = [SdrRates(user_id=u, rates=rates_of(per_user[u])) for u in scope.user_ids]
    page = InsightsPage(team_name=scope.team.name, sdr_id=scope.sdr_id, start=window.start,
                        last_day=window.end - timedelta(days=1),
                        default_weeks=DEFAULT_WEEKS if window.choice is None else None)
    notes = note_effects(session, scope, today=today, since=window.start)
    blocks = build_insights_blocks(page=page, by_source=by_source, by_technique=by_technique,
                                   sdrs=sdrs if scope.sdr_id is None else [], notes=notes,
                                   names=names, tr=tr)
    weeks = [(w, w + timedelta(weeks=1)) for w in
             (today - timedelta(days=today.weekday()) - timedelta(weeks=DEFAULT_WEEKS - 1 - i)
              for i in range(DEFAULT_WEEKS))]
    weekly = activity.sum_parts(session=session, parts=[(scope.user_ids, w) for w in weeks],
                                currency=scope.team.currency)
    name = names.get(scope.sdr_id, scope.sdr_id) if scope.sdr_id else scope.team.name
    chart = trend_chart(name=name, weeks=[w for w, _ in weeks], totals=weekly, tr=tr)
    return ChartAnswer(tr, blocks=tuple(blocks), text=tr.t(
        "insights.plain", scope=page.scope_text(names)), chart=chart,
        filename=f"insights-{(scope.sdr_id or str(scope.team_id)).lower()}-{today}.png")
