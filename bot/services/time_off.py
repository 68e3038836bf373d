"""`/kpi off <date>[..<date>] [@sdr]`, `/kpi off list [@sdr]`, `/kpi off cancel <dates> [@sdr]`.

SDRs mark their own days; managers mark their SDRs' (authorised here on every request). Only
the team's working days are stored: the rest are not working days anyway. Pace, targets and
nudges read the same table (storage.models.TimeOff).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.blocks.text import escape
from bot.i18n import Translator
from bot.kpi.periods import is_working_day, local_today
from bot.services.access import Access
from bot.services.insight_scope import resolve_scope, split_mention
from bot.services.teams import team_workdays, viewer
from storage import insights, people
from storage.models import Team
from storage.session import Session

MAX_DAYS = 62  # one command marks at most about two months
MAX_AHEAD = 366
MAX_BACK = 92  # correcting a past month or so; older history belongs to an import
LIST_BACK = 30  # `/kpi off list` shows the last month and everything ahead
_RANGE = re.compile(r"^(\S+?)(?:\.\.|–|—)(\S+)$")


@dataclass(frozen=True)
class TimeOffAnswer:
    tr: Translator
    problem: str | None = None
    text: str = ""
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Who:
    user_id: str
    team: Team


def _whom(session: Session, access: Access, tr: Translator, sdr_id: str | None
          ) -> _Who | str:
    if sdr_id is None or sdr_id == access.user_id:
        who = viewer(session=session, user_id=access.user_id)
        return _Who(access.user_id, who.team)
    scope = resolve_scope(session, access, tr, team_name=None, sdr_id=sdr_id)
    if isinstance(scope, str):
        return scope if access.is_manager else tr.t("off.only_own")
    return _Who(sdr_id, scope.team)


def _day(word: str, today: date) -> date | None:
    words = {"today": 0, "tomorrow": 1, "i dag": 0, "idag": 0, "i morgen": 1, "imorgen": 1}
    if word.lower() in words:
        return today + timedelta(days=words[word.lower()])
    try:
        return date.fromisoformat(word)
    except ValueError:
        return None


def parse_days(text: str, *, today: date, tr: Translator) -> tuple[date, date] | str:
    """`2026-12-21`, `2026-12-21..2026-12-31`, `today`, `tomorrow`: a first and last day, or
    the problem to answer with."""
    text = " ".join(text.split())
    match = _RANGE.match(text)
    parts = [match.group(1), match.group(2)] if match else [text]
    days = [_day(p, today) for p in parts]
    if not text or any(d is None for d in days):
        return tr.t("off.bad_date", text=text[:40])
    first, last = days[0], days[-1]
    assert first is not None and last is not None
    if last < first:
        return tr.t("off.backwards", first=first.isoformat(), last=last.isoformat())
    if (last - first).days + 1 > MAX_DAYS:
        return tr.t("off.too_long", limit=MAX_DAYS)
    if (last - today).days > MAX_AHEAD or (today - first).days > MAX_BACK:
        return tr.t("off.out_of_range", ahead=MAX_AHEAD, back=MAX_BACK)
    return first, last


def _working_days(team: Team, first: date, last: date) -> list[date]:
    workdays = team_workdays(team)
    count = (last - first).days + 1
    return [d for d in (first + timedelta(days=i) for i in range(count))
            if is_working_day(d, workdays=workdays)]


def _mention(user_id: str, access: Access, tr: Translator) -> str:
    return tr.t("off.you") if user_id == access.user_id else f"<@{user_id}>"


def time_off_for(session: Session, access: Access, *, args: str, now: datetime
                 ) -> TimeOffAnswer:
    tr = viewer(session=session, user_id=access.user_id).tr
    sdr_id, rest, mentions = split_mention(args)
    if mentions > 1:
        return TimeOffAnswer(tr, problem=tr.t("insights.one_sdr"))
    word, _, dates = rest.partition(" ")
    action = word.lower()
    if action in ("list", "liste"):
        return _list(session, access, tr, sdr_id=sdr_id, now=now)
    cancel = action in ("cancel", "avbryt")
    if not cancel:
        dates = rest
    who = _whom(session, access, tr, sdr_id)
    if isinstance(who, str):
        return TimeOffAnswer(tr, problem=who)
    today = local_today(who.team.timezone, now)
    span = parse_days(dates, today=today, tr=tr)
    if isinstance(span, str):
        return TimeOffAnswer(tr, problem=span)
    days = _working_days(who.team, *span)
    if not days:
        return TimeOffAnswer(tr, problem=tr.t("off.no_working_days"))
    whom = _mention(who.user_id, access, tr)
    if cancel:
        gone = insights.cancel_time_off(session=session, user_id=who.user_id, days=days,
                                        actor_id=access.user_id)
        return TimeOffAnswer(tr, text=tr.t("off.cancelled", count=len(gone), who=whom,
                                           first=tr.day(span[0]), last=tr.day(span[1])))
    added = insights.add_time_off(session=session, user_id=who.user_id, days=days,
                                  actor_id=access.user_id)
    return TimeOffAnswer(tr, text=tr.t("off.saved", count=len(days), new=len(added), who=whom,
                                       first=tr.day(span[0]), last=tr.day(span[1])))


def _list(session: Session, access: Access, tr: Translator, *, sdr_id: str | None,
          now: datetime) -> TimeOffAnswer:
    if sdr_id is None and access.is_manager:
        scope = resolve_scope(session, access, tr, team_name=None, sdr_id=None)
        if isinstance(scope, str):
            return TimeOffAnswer(tr, problem=scope)
        team, user_ids = scope.team, scope.user_ids
    else:
        who = _whom(session, access, tr, sdr_id)
        if isinstance(who, str):
            return TimeOffAnswer(tr, problem=who)
        team, user_ids = who.team, [who.user_id]
    today = local_today(team.timezone, now)
    # bounded: days can only be marked up to MAX_AHEAD days ahead
    rows = insights.time_off_from(session=session, user_ids=user_ids,
                                  since=today - timedelta(days=LIST_BACK),
                                  until=today + timedelta(days=MAX_AHEAD + 1))
    if not rows:
        return TimeOffAnswer(tr, text=tr.t("off.none"))
    names = people.names(session=session, user_ids=sorted({u for u, _ in rows}))
    by_user: dict[str, list[date]] = {}
    for user_id, day in rows:
        by_user.setdefault(user_id, []).append(day)
    lines = tuple(f"{escape(names[u]) if u in names else f'<@{u}>'}: "
                  f"{', '.join(_spans(days, team, tr))}" for u, days in by_user.items())
    return TimeOffAnswer(tr, text=tr.t("off.list_title"), lines=lines)


def _spans(days: list[date], team: Team, tr: Translator) -> list[str]:
    """Days off with only non-working days between them as one span: Dec 21 – Jan 1."""
    workdays = team_workdays(team)
    spans: list[tuple[date, date]] = []
    for day in sorted(days):
        if spans and not any(is_working_day(spans[-1][1] + timedelta(days=i), workdays=workdays)
                             for i in range(1, (day - spans[-1][1]).days)):
            spans[-1] = (spans[-1][0], day)
        else:
            spans.append((day, day))
    return [tr.day(a) if a == b else f"{tr.day(a)} – {tr.day(b)}" for a, b in spans]
