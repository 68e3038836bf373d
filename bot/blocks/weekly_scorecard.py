"""The weekly scorecard a team's channel gets, and the DM that tells managers it could not go.

Public by design: the leaderboard shows the top N only (no bottom ranks), and whatever the size
of the team the message is a fixed handful of blocks well inside Block Kit's limits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.blocks import ids
from bot.blocks.numbers import left_out_note, other_money_note, with_other_money
from bot.blocks.scorecard import period_label
from bot.blocks.team_parts import (
    TeamWording,
    average_opportunity_text,
    display_name,
    highlights,
    medal,
    rates_block,
    team_change_text,
    totals_sections,
)
from bot.blocks.text import (
    Block,
    actions,
    button,
    context,
    divider,
    escape,
    escape_code,
    header,
    section,
)
from bot.i18n import Translator
from bot.kpi.metrics import Metric
from bot.kpi.periods import Period
from bot.kpi.team import SdrRow, TeamScorecard

MAX_LEADERBOARD = 10  # a public top 10 at most, whatever the team setting says
MY_KPIS_VALUE = "last week"  # the open_my_kpis button shows the week the post is about


def _wording(tr: Translator) -> TeamWording:
    return TeamWording(
        of_target=lambda target, percent: tr.t("weekly.of_target", target=target,
                                               percent=percent),
        previous_rate=lambda value: tr.t("weekly.week_before", value=value))


def leaderboard(card: TeamScorecard, size: int) -> tuple[SdrRow, ...]:
    """The public top `size` (1 to 10): only SDRs with targets have an attainment to rank."""
    ranked = [row for row in card.rows if row.attainment is not None]
    return tuple(ranked[: max(1, min(size, MAX_LEADERBOARD))])


def _leaderboard_text(rows: tuple[SdrRow, ...], names: Mapping[str, str],
                      tr: Translator) -> str:
    lines = [f"*{tr.t('weekly.leaderboard')}*"]
    for rank, row in enumerate(rows, start=1):
        assert row.attainment is not None
        lines.append(f"{medal(rank)} {display_name(row.user_id, names)} · "
                     f"*{tr.percent(row.attainment)}*")
    return "\n".join(lines)


def _pipeline_text(card: TeamScorecard, tr: Translator) -> str | None:
    value = card.totals.get(Metric.PIPELINE, 0.0)
    opportunities = card.totals.get(Metric.OPPORTUNITIES, 0.0)
    if value <= 0 and opportunities <= 0 and card.previous_totals.get(Metric.PIPELINE, 0.0) <= 0 \
            and not card.other_money:
        return None
    shown = with_other_money(tr.money(value), card.other_money, tr)
    text = tr.t("weekly.pipeline", value=shown, opportunities=opportunities)
    average = average_opportunity_text(card, tr) if value > 0 else None
    if average is not None:
        text += " · " + tr.t("weekly.avg_opportunity", value=average)
    change = team_change_text(card, Metric.PIPELINE, tr)
    note = other_money_note(card.other_money, tr)
    before = left_out_note(card.previous_other_currencies, tr, team=True) if change else None
    return text + "".join(f"\n{part}" for part in (change, note, before) if part)


def _highlights_text(card: TeamScorecard, names: Mapping[str, str], tr: Translator
                     ) -> str | None:
    lines = highlights(
        card, names,
        top=lambda name, attainment: tr.t("weekly.top", name=name,
                                          attainment=tr.percent(attainment)),
        improved=lambda name, points: tr.t("weekly.improved", name=name, points=points))
    if not lines:
        return None
    return f"*{tr.t('weekly.highlights')}*\n" + "\n".join(lines)


def build_weekly_scorecard_blocks(
    *, card: TeamScorecard, team_name: str, names: Mapping[str, str], leaderboard_size: int,
    tr: Translator, notes: Sequence[Block] = (),
) -> list[Block]:
    """`notes`: the finding of the week and the stale-data count, before the buttons."""
    blocks: list[Block] = [
        header(tr.t("weekly.title", period=period_label(card.period, tr))),
        context(tr.t("weekly.context", count=len(card.rows), team=escape(team_name))),
    ]
    if not card.metrics:
        blocks.append(section(tr.t("weekly.empty")))
    else:
        blocks += totals_sections(card, card.metrics, title=tr.t("weekly.totals"), tr=tr,
                                  wording=_wording(tr))
        top = leaderboard(card, leaderboard_size)
        blocks.append(divider())
        blocks.append(section(_leaderboard_text(top, names, tr) if top
                              else tr.t("weekly.no_ranking")))
        for optional in (_highlights_text(card, names, tr), _pipeline_text(card, tr)):
            if optional:
                blocks.append(section(optional))
        rates = rates_block(card, title=tr.t("weekly.rates"), tr=tr, wording=_wording(tr),
                            only_logged=True)
        if rates is not None:
            blocks.append(rates)
    blocks += notes
    blocks.append(actions(
        button(tr.t("button.my_kpis"), action_id=ids.OPEN_MY_KPIS, value=MY_KPIS_VALUE),
        button(tr.t("button.log_activity"), action_id=ids.OPEN_LOG_MODAL, style="primary"),
    ))
    blocks.append(context(tr.t("weekly.footer")))
    return blocks


def weekly_fallback_text(*, card: TeamScorecard, team_name: str, tr: Translator) -> str:
    return tr.t("weekly.fallback", team=escape(team_name), period=period_label(card.period, tr))


FIXES = {"not_in_channel": "post.fix_invite", "is_archived": "post.fix_archived"}


def channel_failure_text(*, team_name: str, error: str, tr: Translator) -> str:
    """The notification text of the DM that says a team's scorecard could not go."""
    return tr.t("post.failed_plain", team=escape(team_name), error=escape(error))


def build_channel_failure_blocks(
    *, team_name: str, channel_id: str, error: str, period: Period, tr: Translator,
) -> list[Block]:
    """To a team's managers: the scorecard could not be posted, why, and how to fix it."""
    fix = FIXES.get(error, "post.fix_channel")
    return [
        section(tr.t("post.failed", team=escape(team_name), channel=channel_id,
                     period=period_label(period, tr), error=escape_code(error))),
        section(tr.t(fix, channel=channel_id)),
        context(tr.t("post.retry", team=escape(team_name), week=period.key)),
    ]
