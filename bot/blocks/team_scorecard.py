"""The team scorecard (`/kpi team`, and the modal the App Home opens): pure Block Kit builders.

However many SDRs a team has, the result stays inside Block Kit's limits: the leaderboard is one
short line per SDR, packed into sections of at most 3000 characters, and the whole message is cut
to `max_blocks` (50 for a message, 100 for a modal) with a line saying how many were left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.blocks import ids
from bot.blocks.numbers import (
    amount,
    attainment,
    goal,
    left_out_note,
    other_money_note,
    with_other_money,
)
from bot.blocks.period_buttons import period_buttons
from bot.blocks.scorecard import period_label
from bot.blocks.team_parts import (
    PaceDays,
    TeamWording,
    average_opportunity_text,
    display_name,
    highlights,
    medal,
    ranked,
    rates_block,
    team_change_text,
    totals_sections,
)
from bot.blocks.text import (
    SECTION_TEXT_LIMIT,
    Block,
    actions,
    clip,
    context,
    divider,
    escape,
    escape_code,
    header,
    plain,
    section,
)
from bot.i18n import Translator
from bot.kpi.metrics import METRICS, TEAM_PRIORITY, Metric
from bot.kpi.periods import PeriodChoice, PeriodKind
from bot.kpi.team import SdrRow, TeamScorecard

MESSAGE_BLOCKS = 50
MODAL_BLOCKS = 100
LINE_LIMIT = 400  # one leaderboard line; a long name cannot crowd out the others
MAX_KEY_NUMBERS = 4
MAX_TEAM_OPTIONS = 100  # a static select takes at most 100 options


@dataclass(frozen=True)
class TeamPage:
    """What a team scorecard shows besides the numbers: whose, which period, and the choices."""

    team_id: int
    team_name: str
    choice: PeriodChoice
    in_progress: bool
    elapsed_days: int  # working days over, today not counted (as in the SDR's pace)
    total_days: int
    names: Mapping[str, str]  # user id -> display name, where we know one
    other_teams: Sequence[tuple[int, str]] = ()  # every team the viewer may pick, this one too


def switch_value(choice: PeriodChoice, team_id: int) -> str:
    """A period button's or team option's value: what to show next, read back by the listener."""
    return f"{choice.token}|{team_id}"


def key_metrics(card: TeamScorecard) -> tuple[Metric, ...]:
    """Up to four metrics for every leaderboard line (the table's team priority, targeted ones
    first), in display order."""
    shown = card.metrics
    targeted = [m for m in TEAM_PRIORITY if m in shown and card.targets.get(m)]
    others = [m for m in TEAM_PRIORITY if m in shown and not card.targets.get(m)]
    chosen = set((targeted + others)[:MAX_KEY_NUMBERS])
    return tuple(m for m in METRICS if m in chosen)


def _wording(card: TeamScorecard, page: TeamPage, tr: Translator) -> TeamWording:
    kind = tr.t(f"kind.{card.period.kind.value}")
    return TeamWording(
        of_target=lambda target, percent: tr.t("card.of_target", target=target) + f" · {percent}",
        previous_rate=lambda value: tr.t("team.previous_rate", kind=kind, value=value))


def _pace_days(page: TeamPage) -> PaceDays | None:
    return PaceDays(page.elapsed_days, page.total_days) if page.in_progress else None


def totals_blocks(card: TeamScorecard, page: TeamPage, tr: Translator) -> list[Block]:
    """The counted metrics' totals (pipeline has its own line), 10 to a section."""
    return totals_sections(card, [m for m in card.metrics if not m.is_money],
                           title=tr.t("team.totals"), tr=tr, wording=_wording(card, page, tr),
                           days=_pace_days(page))


def pipeline_block(card: TeamScorecard, page: TeamPage, tr: Translator) -> Block | None:
    if Metric.PIPELINE not in card.metrics and Metric.OPPORTUNITIES not in card.metrics:
        return None
    value = card.totals.get(Metric.PIPELINE, 0.0)
    target = card.targets.get(Metric.PIPELINE)
    shown = with_other_money(amount(Metric.PIPELINE, value, tr), card.other_money, tr)
    text = f"*{tr.t('metric.pipeline')}*  *{shown}*"
    if target:
        text += " " + tr.t("card.of_target", target=goal(Metric.PIPELINE, target, tr))
        text += f" · {attainment(Metric.PIPELINE, value, target, tr) or '–'}"
    opportunities = card.totals.get(Metric.OPPORTUNITIES, 0.0)
    text += " · " + tr.t("team.from_opportunities", count=opportunities)
    average = average_opportunity_text(card, tr)
    if average is not None:
        text += " · " + tr.t("team.average_opportunity", value=average)
    change = team_change_text(card, Metric.PIPELINE, tr)
    note = other_money_note(card.other_money, tr)
    before = left_out_note(card.previous_other_currencies, tr, team=True) if change else None
    return section(text + "".join(f"\n{part}" for part in (change, note, before) if part))


def highlights_block(card: TeamScorecard, page: TeamPage, tr: Translator) -> Block | None:
    kind = tr.t(f"kind.{card.period.kind.value}")
    parts = highlights(
        card, page.names,
        top=lambda name, attainment: tr.t("team.top", name=name, value=tr.percent(attainment)),
        improved=lambda name, points: tr.t("team.most_improved", name=name, points=points,
                                           kind=kind))
    return context(" · ".join(parts)) if parts else None


def leaderboard_line(rank: int | None, row: SdrRow, keys: Sequence[Metric], page: TeamPage,
                     tr: Translator) -> str:
    lead = "•" if rank is None else medal(rank)
    name = display_name(row.user_id, page.names)
    score = (f"*{tr.percent(row.attainment)}*" if row.attainment is not None
             else tr.t("team.no_targets"))
    numbers = " · ".join(f"{tr.t(f'team.short.{m.value}')} {amount(m, row.totals.get(m, 0.0), tr)}"
                         for m in keys)
    return clip(f"{lead} *{name}*  {score}" + (f" · {numbers}" if numbers else ""), LINE_LIMIT)


def leaderboard_lines(card: TeamScorecard, page: TeamPage, tr: Translator) -> list[str]:
    keys = key_metrics(card)
    return [leaderboard_line(rank, row, keys, page, tr) for rank, row in ranked(card.rows)]


def chunk_lines(lines: Sequence[str], *, limit: int = SECTION_TEXT_LIMIT) -> list[str]:
    """Pack lines into as few texts of at most `limit` characters as they fit in."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for line in lines:
        line = clip(line, limit)
        if current and size + 1 + len(line) > limit:
            chunks.append("\n".join(current))
            current, size = [], 0
        size += len(line) + (1 if current else 0)
        current.append(line)
    if current:
        chunks.append("\n".join(current))
    return chunks


def _fit_leaderboard(lines: list[str], room: int, tr: Translator) -> list[Block]:
    """The leaderboard in at most `room` sections; what does not fit is counted, not lost
    silently."""
    chunks = chunk_lines(lines)
    if len(chunks) <= room:
        return [section(chunk) for chunk in chunks]

    def packed(shown: int) -> list[str]:
        return chunk_lines([*lines[:shown], tr.t("team.more", count=len(lines) - shown)])

    low, high = 0, len(lines)  # the most lines that fit with the "and N more" line: a search
    while low < high:
        middle = (low + high + 1) // 2
        if len(packed(middle)) <= room:
            low = middle
        else:
            high = middle - 1
    return [section(chunk) for chunk in packed(low)[:room]]


def period_switch_blocks(page: TeamPage, tr: Translator) -> list[Block]:
    buttons = period_buttons(page.choice, tr, action_id=ids.TEAM_PERIOD,
                             value=lambda token: f"{token}|{page.team_id}")
    blocks: list[Block] = [actions(*buttons, block_id=ids.TEAM_PERIOD_BLOCK)]
    if len(page.other_teams) > 1:
        options = [{"text": plain(name, 75), "value": switch_value(page.choice, team_id)}
                   for team_id, name in page.other_teams[:MAX_TEAM_OPTIONS]]
        select: Block = {"type": "static_select", "action_id": ids.TEAM_PICK,
                         "placeholder": plain(tr.t("team.pick"), 150), "options": options}
        current = [o for o in options if o["value"] == switch_value(page.choice, page.team_id)]
        if current:
            select["initial_option"] = current[0]
        blocks.append(actions(select, block_id=ids.TEAM_PICK_BLOCK))
    return blocks


def build_team_scorecard_blocks(
    card: TeamScorecard, *, page: TeamPage, tr: Translator, max_blocks: int = MESSAGE_BLOCKS,
    notes: Sequence[Block] = (),
) -> list[Block]:
    """`notes`: blocks for managers shown before the leaderboard (industry bands, stale data)."""
    title = tr.t("team.title", team=page.team_name, period=period_label(card.period, tr))
    if page.in_progress and card.period.kind is not PeriodKind.DAY:
        progress = tr.t("card.progress", elapsed=page.elapsed_days, total=page.total_days)
    else:
        progress = tr.t("card.complete") if not page.in_progress else tr.t("card.today")
    top: list[Block] = [
        header(title),
        context(tr.t("team.size", count=len(card.rows)) + f" · {progress}"),
    ]
    if not card.rows:
        top.append(section(tr.t("team.no_sdrs")))
    elif not card.metrics:
        top.append(section(tr.t(f"team.empty.{card.period.kind.value}")))
    top += totals_blocks(card, page, tr)
    rates = rates_block(card, title=tr.t("card.rates"), tr=tr,
                        wording=_wording(card, page, tr))
    for block in (pipeline_block(card, page, tr), rates):
        if block is not None:
            top.append(block)
    highlights = highlights_block(card, page, tr)
    if highlights is not None:
        top.append(highlights)
    top += notes
    bottom: list[Block] = [*period_switch_blocks(page, tr)]
    others = [name for team_id, name in page.other_teams if team_id != page.team_id]
    if others:
        example = f"/kpi team {page.choice.token} {escape_code(others[0])}"
        bottom.append(context(tr.t("team.pick_hint", count=len(page.other_teams),
                                   example=example)))
    board: list[Block] = []
    if card.rows:
        board = [divider(),
                 section(f"*{tr.t('team.leaderboard')}*"),
                 context(tr.t("team.leaderboard_rule"))]
        room = max_blocks - len(top) - len(bottom) - len(board)
        board += _fit_leaderboard(leaderboard_lines(card, page, tr), max(room, 1), tr)
    return [*top, *board, *bottom][:max_blocks]


def team_fallback_text(card: TeamScorecard, page: TeamPage, tr: Translator) -> str:
    return tr.t("team.title", team=escape(page.team_name), period=period_label(card.period, tr))


def build_team_scorecard_modal(*, blocks: list[Block], tr: Translator,
                               private_metadata: str = "") -> Block:
    """The team scorecard as a read-only modal (from the App Home, where no channel is)."""
    return {
        "type": "modal",
        "callback_id": ids.TEAM_SCORECARD_MODAL,
        "title": plain(tr.t("team.modal_title"), 24),
        "close": plain(tr.t("team.close"), 24),
        "private_metadata": private_metadata[:3000],
        "blocks": blocks[:MODAL_BLOCKS],
    }


def build_team_refusal_blocks(*, text: str) -> list[Block]:
    return [section(text)]
