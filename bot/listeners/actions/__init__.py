"""Buttons: switch a scorecard's period, open my KPIs, open the log modal."""

from __future__ import annotations

import re

from slack_bolt.async_app import AsyncApp

from bot.blocks import ids
from bot.listeners import surface
from bot.listeners.actions.log_button import handle_open_log_modal
from bot.listeners.actions.scorecard_buttons import handle_open_my_kpis, handle_scorecard_period
from bot.listeners.actions.team_scorecard import handle_show_team_scorecard, handle_team_switch
from bot.listeners.settings import (
    handle_open_settings_button,
    handle_settings_team_options,
    handle_settings_team_pick,
)
from bot.listeners.targets import handle_open_targets_button, handle_targets_redraw


def register(app: AsyncApp) -> None:
    surface.action(app, re.compile(f"^{ids.SCORECARD_PERIOD}(:.*)?$"), handle_scorecard_period,
                   example=f"{ids.SCORECARD_PERIOD}:week")
    surface.action(app, ids.OPEN_MY_KPIS, handle_open_my_kpis)
    surface.action(app, ids.OPEN_LOG_MODAL, handle_open_log_modal)
    surface.action(app, ids.SHOW_TEAM_SCORECARD, handle_show_team_scorecard)
    surface.action(app, re.compile(f"^{ids.TEAM_PERIOD}:.*$"), handle_team_switch,
                   example=f"{ids.TEAM_PERIOD}:week")
    surface.action(app, ids.TEAM_PICK, handle_team_switch)
    surface.action(app, ids.OPEN_TARGETS_MODAL, handle_open_targets_button)
    surface.action(app, ids.OPEN_SETTINGS_MODAL, handle_open_settings_button)
    surface.action(app, ids.SETTINGS_PICK_ACTION, handle_settings_team_pick)
    surface.options(app, ids.SETTINGS_PICK_ACTION, handle_settings_team_options)
    for action_id in ids.TARGETS_REDRAW_ACTIONS:
        surface.action(app, action_id, handle_targets_redraw)
