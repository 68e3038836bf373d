"""`/kpi sync`'s blocks: one section per CRM source."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot.blocks.text import Block, context, escape, header, section
from bot.crm.schedule import NAMES
from bot.i18n import Translator

if TYPE_CHECKING:  # the builder needs only the shape
    from bot.services.crm_status import SourceStatus

MAX_OWNERS_SHOWN = 20


def _when(moment: datetime | None, tr: Translator) -> str:
    """A time every reader sees in their own zone (Slack's date token), with a UTC fallback."""
    if moment is None:
        return tr.t("crmsync.never")
    fallback = moment.strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{int(moment.timestamp())}^{{date_short_pretty}} {{time}}|{fallback}>"


def build_crm_sync_blocks(*, statuses: list[SourceStatus], tr: Translator) -> list[Block]:
    blocks: list[Block] = [header(tr.t("crmsync.title"))]
    if not statuses:
        return [*blocks, section(tr.t("crmsync.none"))]
    for s in statuses:
        st = s.state
        state = tr.t("crmsync.running" if s.configured else "crmsync.not_configured")
        blocks.append(section(tr.t(
            "crmsync.source", source=NAMES.get(s.source, s.source), state=state,
            last_run=_when(st.last_run_at if st else None, tr),
            records=tr.number(st.records_read if st else 0),
            rows=tr.number(st.rows_changed if st else 0),
            unmatched=tr.number(len(st.unmatched) if st else 0),
            errors=tr.number(st.errors if st else 0),
            next_run=_when(s.next_run, tr) if s.next_run else "–")))
        notes = []
        if st and st.auth_error:
            notes.append(tr.t("crmsync.stopped", error=escape(st.auth_error)))
        elif st and st.last_error:
            notes.append(tr.t("crmsync.last_error", error=escape(st.last_error)))
        if st and st.unmatched:
            shown = ", ".join(escape(o) for o in st.unmatched[:MAX_OWNERS_SHOWN])
            more = len(st.unmatched) - MAX_OWNERS_SHOWN
            notes.append(tr.t("crmsync.unmatched", owners=shown + (f" (+{more})" if more > 0
                                                                    else "")))
        if notes:
            blocks.append(context(*notes))
    return blocks


def crm_sync_text(*, statuses: list[SourceStatus], tr: Translator) -> str:
    return tr.t("crmsync.title") + ": " + (", ".join(NAMES.get(s.source, s.source)
                                                     for s in statuses) or tr.t("crmsync.none"))
