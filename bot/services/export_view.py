"""`/kpi export [period] [team]`: whose activity a user may export, as an import-format CSV.

Managers and admins export their teams (one by name, or all they manage); everyone else only
their own numbers. Authorised here, from the database and the admin list, on every request.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from bot.blocks.text import escape
from bot.i18n import Translator
from bot.kpi.periods import PeriodChoice, local_today
from bot.services.access import Access, manageable_teams
from bot.services.activity_export import write_activity_csv
from bot.services.teams import viewer
from storage import people
from storage.session import Session


@dataclass(frozen=True)
class ExportAnswer:
    tr: Translator
    problem: str | None = None
    filename: str = ""
    content: str = ""
    rows: int = 0
    scope: str = ""  # whose numbers: a team's name, or "you"
    period: str = ""  # 2026-11-23 – 2026-11-29


def export_for(session: Session, access: Access, *, choice: PeriodChoice,
               team_name: str | None, now: datetime | None = None) -> ExportAnswer:
    who = viewer(session=session, user_id=access.user_id)
    tr = who.tr
    team = who.team
    if team_name or access.is_manager:
        teams = manageable_teams(session=session, access=access)
        if not teams:
            return ExportAnswer(tr, problem=tr.t("export.only_managers"))
        if team_name:
            wanted = " ".join(team_name.split()).casefold()
            picked = [t for t in teams if " ".join(t.name.split()).casefold() == wanted]
            if not picked:
                names = ", ".join(f"`{escape(t.name)}`" for t in teams[:10])
                return ExportAnswer(tr, problem=tr.t("export.unknown_team",
                                                     name=escape(team_name[:80]), teams=names))
            teams = picked
        user_ids = sorted({u for t in teams if t.id is not None
                           for u in people.team_sdr_ids(session=session, team_id=t.id)})
        team = teams[0]
        scope = ", ".join(t.name for t in teams)
        slug = "-".join(t.name.lower().replace(" ", "-") for t in teams)[:60]
    else:
        user_ids = [access.user_id]
        scope = tr.t("export.you")
        slug = access.user_id.lower()
    period = choice.resolve(local_today(team.timezone, now))
    out = io.StringIO()
    rows = write_activity_csv(session, out=out, user_ids=user_ids, start=period.start,
                              end=period.last_day)
    return ExportAnswer(tr, filename=f"kpi-{slug}-{period.key}.csv", content=out.getvalue(),
                        rows=rows, scope=scope,
                        period=f"{period.start.isoformat()} – {period.last_day.isoformat()}")
