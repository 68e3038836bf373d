"""`/kpi note <text> [date] [team:<name>|@sdr]`: a manager records a change to measure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from bot.blocks.text import escape
from bot.i18n import Translator
from bot.kpi.logparse import ParseError, parse_day
from bot.kpi.periods import local_today
from bot.kpi.words import all_words
from bot.services.access import Access
from bot.services.insight_scope import resolve_scope, split_mention
from bot.services.teams import viewer
from storage import insights
from storage.session import Session

MAX_NOTE = 300
_TEAM = re.compile(r"(?:^|\s)team\s*:\s*(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class NoteAnswer:
    tr: Translator
    problem: str | None = None
    text: str = ""


@dataclass(frozen=True)
class NoteWords:
    text: str
    date_word: str | None
    team_name: str | None
    sdr_id: str | None
    mentions: int


def split_note(args: str) -> NoteWords:
    """The note's text, and the date, team and SDR at its end."""
    sdr_id, rest, mentions = split_mention(args)
    team_name = None
    if match := _TEAM.search(rest):
        team_name = match.group(1).strip() or None
        rest = rest[: match.start()].strip()
    text, date_word = _trailing_date(" ".join(rest.split()))
    return NoteWords(text, date_word, team_name, sdr_id, mentions)


def _trailing_date(text: str) -> tuple[str, str | None]:
    """`new script 2026-11-02` or `new script yesterday` (`i går`): the text and the date."""
    phrases = sorted((p for p, _ in all_words().days_back), key=len, reverse=True)
    lowered = text.lower()
    for phrase in [r"\d{4}-\d{2}-\d{2}", *map(re.escape, phrases)]:
        if match := re.search(rf"\s({phrase})$", lowered):
            return text[: match.start()].strip(), text[match.start(1):]
    return text, None


def note_for(session: Session, access: Access, *, args: str, now: datetime) -> NoteAnswer:
    tr = viewer(session=session, user_id=access.user_id).tr
    words = split_note(args)
    if words.mentions > 1:
        return NoteAnswer(tr, problem=tr.t("insights.one_sdr"))
    if words.team_name and words.sdr_id:
        return NoteAnswer(tr, problem=tr.t("note.team_or_sdr"))
    if not words.text:
        return NoteAnswer(tr, problem=tr.t("note.empty"))
    if len(words.text) > MAX_NOTE:
        return NoteAnswer(tr, problem=tr.t("note.too_long", limit=MAX_NOTE))
    scope = resolve_scope(session, access, tr, team_name=words.team_name, sdr_id=words.sdr_id)
    if isinstance(scope, str):
        return NoteAnswer(tr, problem=scope)
    today = local_today(scope.team.timezone, now)
    day = today
    if words.date_word is not None:
        try:
            day = parse_day(words.date_word, today=today)
        except ParseError as exc:
            params = {k: escape(v) if isinstance(v, str) else v for k, v in exc.params.items()}
            return NoteAnswer(tr, problem=tr.problem("parse." + exc.code, params))
    insights.add_note(session=session, team_id=scope.team_id, user_id=scope.sdr_id, day=day,
                      text=words.text, actor_id=access.user_id)
    who = f"<@{scope.sdr_id}>" if scope.sdr_id else escape(scope.team.name)
    return NoteAnswer(tr, text=tr.t("note.saved", day=tr.day(day), text=escape(words.text),
                                    who=who))
