"""The weekly scorecard a team's channel gets, and the DM that tells managers it could not go.

Public by design: the leaderboard shows the top N only (no bottom ranks), and whatever the size
of the team the message is a fixed handful of blocks well inside Block Kit's limits.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.blocks import ids
from bot.blocks.scorecard import amount, period_label, rates_section
from bot.blocks.text import Block, actions, button, context, divider, escape, header, section
from bot.i18n import Translator
from bot.kpi.metrics import RATES, Metric, Rate
from bot.kpi.periods import Period
from bot.kpi.team import SdrRow, TeamScorecard

MAX_LEADERBOARD = 10  # a public top 10 at most, whatever the team setting says
MEDALS = (":first_place_medal:", ":second_place_medal:", ":third_place_medal:")
MY_KPIS_VALUE = "last week"  # the open_my_kpis button shows the week the post is about


def _name(user_id: str, names: Mapping[str, str]) -> str:
    name = names.get(user_id)
    return escape(name) if name else f"<@{user_id}>"


def _change(value: float | None, tr: Translator) -> str:
    if value is None:
        return ""
    arrow = "▲" if value >= 0 else "▼"
    return tr.t("weekly.vs_before", change=f"{arrow} {tr.signed_percent(value)}")


def _total_field(card: TeamScorecard, metric: Metric, tr: Translator) -> Block:
    actual = card.totals.get(metric, 0.0)
    target = card.targets.get(metric, 0.0)
    text = f"*{tr.t(f'metric.{metric.value}')}*\n*{amount(metric, actual, tr)}*"
    if target > 0:
        text += " " + tr.t("weekly.of_target", target=amount(metric, target, tr),
                           percent=tr.percent(actual / target))
    change = _change(card.trend(metric), tr)
    if change:
        text += "\n" + change
    return {"type": "mrkdwn", "text": text}


def leaderboard(card: TeamScorecard, size: int) -> tuple[SdrRow, ...]:
    """The public top `size` (1 to 10): only SDRs with targets have an attainment to rank."""
    ranked = [row for row in card.rows if row.attainment is not None]
    return tuple(ranked[: max(1, min(size, MAX_LEADERBOARD))])


def _leaderboard_text(rows: tuple[SdrRow, ...], names: Mapping[str, str],
                      tr: Translator) -> str:
    lines = [f"*{tr.t('weekly.leaderboard')}*"]
    for rank, row in enumerate(rows, start=1):
        medal = MEDALS[rank - 1] if rank <= len(MEDALS) else f"{rank}."
        assert row.attainment is not None
        lines.append(f"{medal} {_name(row.user_id, names)} · *{tr.percent(row.attainment)}*")
    return "\n".join(lines)


def _rates_block(card: TeamScorecard, tr: Translator) -> Block | None:
    def logged(rate: Rate) -> bool:
        # a rate of a metric the team does not log would read as a bogus 0 %
        numerator = next(d.numerator for d in RATES if d.rate is rate)
        return bool(card.totals.get(numerator) or card.previous_totals.get(numerator))

    return rates_section(
        card.rates, card.previous_rates, title=tr.t("weekly.rates"), tr=tr, shown=logged,
        other_label=lambda value: tr.t("weekly.week_before", value=value))


def _pipeline_text(card: TeamScorecard, tr: Translator) -> str | None:
    value = card.totals.get(Metric.PIPELINE, 0.0)
    opportunities = card.totals.get(Metric.OPPORTUNITIES, 0.0)
    if value <= 0 and opportunities <= 0 and card.previous_totals.get(Metric.PIPELINE, 0.0) <= 0:
        return None
    text = tr.t("weekly.pipeline", value=tr.money(value),
                opportunities=tr.number(opportunities))
    if opportunities > 0 and value > 0:
        text += " · " + tr.t("weekly.avg_opportunity", value=tr.money(value / opportunities))
    change = _change(card.trend(Metric.PIPELINE), tr)
    return text + (f"\n{change}" if change else "")


def _highlights_text(card: TeamScorecard, names: Mapping[str, str], tr: Translator
                     ) -> str | None:
    lines = []
    top = card.top
    if top is not None and top.attainment is not None:
        lines.append(tr.t("weekly.top", name=_name(top.user_id, names),
                          attainment=tr.percent(top.attainment)))
    improved = card.most_improved
    if improved is not None and improved.improvement is not None:
        lines.append(tr.t("weekly.improved", name=_name(improved.user_id, names),
                          points=round(improved.improvement * 100)))
    if not lines:
        return None
    return f"*{tr.t('weekly.highlights')}*\n" + "\n".join(lines)


def build_weekly_scorecard_blocks(
    *, card: TeamScorecard, team_name: str, names: Mapping[str, str], leaderboard_size: int,
    tr: Translator,
) -> list[Block]:
    blocks: list[Block] = [
        header(tr.t("weekly.title", period=period_label(card.period, tr))),
        context(tr.t("weekly.context", team=escape(team_name), count=len(card.rows))),
    ]
    if not card.metrics:
        blocks.append(section(tr.t("weekly.empty")))
    else:
        fields = [_total_field(card, metric, tr) for metric in card.metrics]
        blocks.append({"type": "section",
                       "text": {"type": "mrkdwn", "text": f"*{tr.t('weekly.totals')}*"},
                       "fields": fields[:10]})
        top = leaderboard(card, leaderboard_size)
        blocks.append(divider())
        blocks.append(section(_leaderboard_text(top, names, tr) if top
                              else tr.t("weekly.no_ranking")))
        for optional in (_highlights_text(card, names, tr), _pipeline_text(card, tr)):
            if optional:
                blocks.append(section(optional))
        rates = _rates_block(card, tr)
        if rates is not None:
            blocks.append(rates)
    blocks.append(actions(
        button(tr.t("button.my_kpis"), action_id=ids.OPEN_MY_KPIS, value=MY_KPIS_VALUE),
        button(tr.t("button.log_activity"), action_id=ids.OPEN_LOG_MODAL, style="primary"),
    ))
    blocks.append(context(tr.t("weekly.footer")))
    return blocks


def weekly_fallback_text(*, card: TeamScorecard, team_name: str, tr: Translator) -> str:
    return tr.t("weekly.fallback", team=team_name, period=period_label(card.period, tr))


FIXES = {"not_in_channel": "post.fix_invite", "is_archived": "post.fix_archived"}


def build_channel_failure_blocks(
    *, team_name: str, channel_id: str, error: str, period: Period, tr: Translator,
) -> list[Block]:
    """To a team's managers: the scorecard could not be posted, why, and how to fix it."""
    fix = FIXES.get(error, "post.fix_channel")
    return [
        section(tr.t("post.failed", team=escape(team_name), channel=channel_id,
                     period=period_label(period, tr), error=escape(error))),
        section(tr.t(fix, channel=channel_id)),
        context(tr.t("post.retry", team=escape(team_name), week=period.key)),
    ]
