"""Goal nudges: the DM to an SDR behind pace (or a short congratulation), pure Block Kit."""

from __future__ import annotations

import math

from bot.blocks import ids
from bot.blocks.numbers import amount, goal
from bot.blocks.text import Block, actions, button, context, section
from bot.i18n import Translator
from bot.kpi.nudge import MetricPace, Nudge, NudgeKind


def _metric(line: MetricPace, tr: Translator) -> str:
    return tr.t(f"metric.{line.metric.value}")


def _behind_line(line: MetricPace, tr: Translator) -> str:
    p = line.pace
    text = tr.t("nudge.line", metric=_metric(line, tr), actual=amount(line.metric, p.actual, tr),
                target=goal(line.metric, p.target, tr),
                expected=amount(line.metric, p.expected_to_date, tr))
    if p.needed_per_day is not None:
        # nobody makes a third of a call: counts round up to what actually gets there
        needed = p.needed_per_day if line.metric.is_money else math.ceil(p.needed_per_day)
        text += " " + tr.t("nudge.needed", amount=amount(line.metric, needed, tr))
    return "• " + text


def build_nudge_blocks(*, nudge: Nudge, tr: Translator) -> list[Block]:
    done = ", ".join(_metric(line, tr) for line in nudge.done)
    if nudge.kind is NudgeKind.CONGRATS:
        return [section(tr.t("nudge.congrats", metrics=done)),
                context(tr.t("nudge.opt_out"))]
    intro = tr.t("nudge.behind_intro", days=nudge.remaining_days)
    blocks: list[Block] = [
        section(intro + "\n" + "\n".join(_behind_line(line, tr) for line in nudge.behind)),
    ]
    if done:
        blocks.append(context(tr.t("nudge.already_met", metrics=done)))
    blocks.append(actions(
        button(tr.t("button.log_activity"), action_id=ids.OPEN_LOG_MODAL, style="primary"),
        button(tr.t("button.my_kpis"), action_id=ids.OPEN_MY_KPIS, value="week"),
    ))
    blocks.append(context(tr.t("nudge.opt_out")))
    return blocks


def nudge_fallback_text(*, nudge: Nudge, tr: Translator) -> str:
    if nudge.kind is NudgeKind.CONGRATS:
        return tr.t("nudge.fallback_congrats")
    return tr.t("nudge.fallback_behind", metrics=", ".join(_metric(x, tr) for x in nudge.behind))
