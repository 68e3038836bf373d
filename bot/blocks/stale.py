"""Stale data, for managers: who has logged nothing for a while. Pure builders."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.blocks.team_parts import display_name
from bot.blocks.text import Block, context
from bot.i18n import Translator
from bot.kpi.stale import Stale

MAX_NAMED = 15  # the rest are counted


def stale_text(stale: Sequence[Stale], names: Mapping[str, str], *, threshold: int,
               tr: Translator) -> str | None:
    if not stale:
        return None
    named = [tr.t("stale.never", who=display_name(s.user_id, names)) if s.last_day is None
             else tr.t("stale.since", who=display_name(s.user_id, names), day=tr.day(s.last_day),
                       days=s.idle_days)
             for s in stale[:MAX_NAMED]]
    if len(stale) > MAX_NAMED:
        named.append(tr.t("stale.more", count=len(stale) - MAX_NAMED))
    return tr.t("stale.title", days=threshold) + " " + "; ".join(named)


def stale_block(stale: Sequence[Stale], names: Mapping[str, str], *, threshold: int,
                tr: Translator) -> Block | None:
    """For managers (`/kpi team`, App Home): the SDRs by name."""
    text = stale_text(stale, names, threshold=threshold, tr=tr)
    return None if text is None else context(text)


def stale_count_block(count: int, *, threshold: int, tr: Translator) -> Block | None:
    """For the team channel's weekly post: how many, never who (managers see who in
    `/kpi team`)."""
    return None if count == 0 else context(tr.t("stale.count", count=count, days=threshold))
