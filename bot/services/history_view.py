"""`/kpi history @sdr`: a manager reads who changed what in an SDR's data, newest first."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.i18n import Translator
from bot.kpi.metrics import METRICS
from bot.services.access import Access, manageable_teams
from bot.services.teams import viewer
from bot.slack_ids import is_user_id
from storage import imports, people
from storage.models import AuditEvent
from storage.session import Session

HISTORY_LIMIT = 20
_METRIC_KEYS = {m.value for m in METRICS}
_MENTION = re.compile(r"^<@([UW][A-Z0-9]{2,30})(?:\|[^>]*)?>$")


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    text: str


@dataclass(frozen=True)
class HistoryAnswer:
    tr: Translator
    problem: str | None = None
    user_id: str = ""
    lines: tuple[HistoryLine, ...] = ()
    timezone: str = "UTC"


def history_for(session: Session, access: Access, *, who_text: str,
                limit: int = HISTORY_LIMIT) -> HistoryAnswer:
    tr = viewer(session=session, user_id=access.user_id).tr
    if not access.is_manager:
        return HistoryAnswer(tr, problem=tr.t("history.only_managers"))
    teams = manageable_teams(session=session, access=access)
    sdrs = {u for t in teams if t.id is not None
            for u in people.team_sdr_ids(session=session, team_id=t.id)}
    user_id = _who(who_text.strip(), sdrs, people.names(session=session, user_ids=sorted(sdrs)))
    if user_id is None:
        return HistoryAnswer(tr, problem=tr.t("history.usage"))
    if user_id not in sdrs:
        return HistoryAnswer(tr, problem=tr.t("history.not_yours"))
    events = list(imports.audit_rows(session, since=None, subject_user=user_id, limit=limit))
    return HistoryAnswer(tr, user_id=user_id, timezone=teams[0].timezone,
                         lines=tuple(HistoryLine(e.at, describe(e, tr)) for e in events))


def _who(text: str, sdrs: set[str], names: dict[str, str]) -> str | None:
    """A mention, a user ID, or an SDR's name (`@Anna Berg`: slash commands send names as
    typed unless they escape them)."""
    if match := _MENTION.match(text):
        return match.group(1)
    if is_user_id(text):
        return text
    wanted = text.removeprefix("@").casefold().strip()
    if not wanted:
        return None
    found = [u for u in sdrs if names.get(u, "").casefold() == wanted]
    return found[0] if len(found) == 1 else None


def describe(event: AuditEvent, tr: Translator) -> str:
    """One event as a line a manager reads."""
    try:
        detail = json.loads(event.detail or "{}")
    except ValueError:
        detail = {}
    who = f"<@{event.actor_id}>" if is_user_id(event.actor_id) else f"`{event.actor_id}`"
    quantities = detail.get("quantities") if isinstance(detail, dict) else None
    what = ", ".join(f"{tr.number(q)} {tr.t('metric.' + m) if m in _METRIC_KEYS else m}"
                     for m, q in (quantities or {}).items())
    if event.action == "activity.log":
        return tr.t("history.logged", who=who, what=what, day=detail.get("day", ""))
    if event.action == "activity.undo":
        return tr.t("history.undone", who=who, what=what)
    if event.action == "activity.import":
        return tr.t("history.imported", who=who, file=detail.get("file", ""),
                    rows=detail.get("rows", 0))
    if event.action == "activity.ingest":
        return tr.t("history.webhook", who=who, rows=detail.get("rows", 0))
    return tr.t("history.other", who=who, action=event.action, subject=event.subject)


def local_time(at: datetime, timezone: str) -> str:
    moment = at if at.tzinfo else at.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")
