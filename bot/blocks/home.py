"""The App Home tab: the user's own week so far, and the buttons their role allows."""

from __future__ import annotations

from collections.abc import Sequence

from bot.blocks import ids
from bot.blocks.scorecard import card_context, metric_line_text, period_label, rates_block
from bot.blocks.text import Block, actions, button, context, divider, header, section
from bot.i18n import Translator
from bot.kpi.scorecard import Scorecard

HOME_BLOCKS = 100


def _own_numbers(card: Scorecard, tr: Translator, team_name: str) -> list[Block]:
    blocks: list[Block] = [
        section(f"*{tr.t('home.week', period=period_label(card.period, tr))}*"),
        context(card_context(card, tr, team_name)),
    ]
    if card.is_empty:
        blocks.append(section(tr.t("home.empty")))
    blocks.extend(section(metric_line_text(line, card, tr)) for line in card.lines)
    rates = rates_block(card, tr)
    if rates is not None:
        blocks.append(rates)
    return blocks


def build_home_view(
    card: Scorecard, *, tr: Translator, team_name: str, is_manager: bool,
    own_numbers: bool = True, manager_notes: Sequence[Block] = (),
) -> Block:
    """`is_manager` is true for managers and admins: targets, the team scorecard, settings.
    `own_numbers` is false for a manager or admin who is not measured as an SDR: a scorecard
    of their own would only show them "behind" on targets meant for their team."""
    blocks: list[Block] = [header(tr.t("home.title"))]
    if own_numbers:
        blocks += _own_numbers(card, tr, team_name)
    else:
        blocks.append(section(tr.t("home.not_measured")))
    blocks.append(actions(
        button(tr.t("button.log_activity"), action_id=ids.OPEN_LOG_MODAL, style="primary"),
        block_id=ids.HOME_ACTIONS_BLOCK,
    ))
    blocks.append(context(tr.t("home.tips")))
    if is_manager:
        blocks += [
            divider(),
            section(f"*{tr.t('home.manager_title')}*\n{tr.t('home.manager_intro')}"),
            actions(
                button(tr.t("home.set_targets"), action_id=ids.OPEN_TARGETS_MODAL),
                button(tr.t("home.team_scorecard"), action_id=ids.SHOW_TEAM_SCORECARD,
                       value="week"),
                button(tr.t("home.settings"), action_id=ids.OPEN_SETTINGS_MODAL),
                block_id=ids.HOME_MANAGER_BLOCK,
            ),
            *manager_notes,
        ]
    return {"type": "home", "callback_id": "home", "blocks": blocks[:HOME_BLOCKS]}
