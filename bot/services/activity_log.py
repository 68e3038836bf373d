"""Logging activity and undoing it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

from bot.i18n import language_of
from bot.ingest.record import RecordError, log_records
from bot.kpi.logparse import LogRequest, ParseError, Reader, parse_log
from bot.kpi.metrics import Metric
from bot.kpi.periods import Period, PeriodKind, local_today, period_containing
from bot.services.teams import viewer
from bot.services.weekly_posts import SCORECARD
from storage import activity, people, posts
from storage.models import Team
from storage.session import Session

# Where an entry was typed in Slack (Activity.origin): the ones `/kpi undo` takes back.
SLASH = "slash"  # /kpi log 25 calls
MODAL = "modal"  # the log modal, from /kpi log or a button
HOME = "home"  # the log form on the App Home
TYPED_IN_SLACK = (SLASH, MODAL, HOME)


@dataclass(frozen=True)
class Logged:
    entry_id: str
    request: LogRequest
    today: date
    team: Team
    # the week of the log when its scorecard is already in the team channel: the post stays
    # as it was, so the SDR is told the change shows in /mykpis, not there
    posted_week: Period | None = None


def today_for(session: Session, *, user_id: str, now: datetime) -> date:
    """The user's today, in their team's time zone."""
    return local_today(viewer(session=session, user_id=user_id).team.timezone, now)


def log_text(
    session: Session, *, user_id: str, text: str, origin: str, now: datetime
) -> Logged:
    """Parse and store `/kpi log` text; ParseError leaves the database untouched."""
    who = viewer(session=session, user_id=user_id)
    today = local_today(who.team.timezone, now)
    # numbers as the user's language writes them; a typed currency checked against the team's
    reader = Reader(language=language_of(who.person.locale if who.person else None),
                    currency=who.team.currency)
    request = parse_log(text, today=today, reader=reader)
    return log_request(session=session, user_id=user_id, request=request, origin=origin,
                       today=today)


def log_request(
    session: Session, *, user_id: str, request: LogRequest, origin: str, today: date
) -> Logged:
    """Store a parsed log (slash command or modal) once it passes the rules every way in
    passes (bot/ingest/record.py); ParseError("refused") with the import's reason otherwise,
    and nothing stored."""
    try:
        log_records(request, user_id=user_id, today=today)
    except RecordError as exc:
        raise ParseError("refused", reason=str(exc)) from None
    _, team = people.ensure_sdr(session=session, user_id=user_id, since=today)
    entry_id = activity.insert_entry(
        session=session, user_id=user_id, day=request.day, quantities=request.quantities,
        source=request.source, note=request.note, origin=origin, actor_id=user_id,
        technique=request.technique, currency=team.currency,
    )
    week = period_containing(request.day, PeriodKind.WEEK)
    posted = team.id is not None and week.end <= today and posts.was_posted(
        session, team_id=team.id, kind=SCORECARD, period_key=week.key)
    return Logged(entry_id, request, today, team, week if posted else None)


@dataclass(frozen=True)
class Undone:
    day: date
    quantities: Mapping[Metric, float]


class NothingToUndo(Enum):
    NEVER_LOGGED = "never_logged"  # nothing typed in Slack, ever
    ALL_UNDONE = "all_undone"  # every entry typed in Slack is undone already


def undo_last(session: Session, *, user_id: str, now: datetime) -> Undone | NothingToUndo:
    """Take back the SDR's own last entry typed in Slack. Imported, webhook, synced and demo
    rows are never undone here: they are corrected where they came from, and undoing one
    after an import would quietly drop a record the CRM still holds."""
    rows = activity.undo_last_entry(session=session, user_id=user_id, actor_id=user_id, now=now,
                                    origins=TYPED_IN_SLACK)
    if rows:
        return Undone(rows[0].day, {Metric(r.metric): r.quantity for r in rows})
    if activity.has_entries(session=session, user_id=user_id, origins=TYPED_IN_SLACK):
        return NothingToUndo.ALL_UNDONE
    return NothingToUndo.NEVER_LOGGED
