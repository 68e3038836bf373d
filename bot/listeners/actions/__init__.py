"""Buttons: switch a scorecard's period, open my KPIs, open the log modal."""

from __future__ import annotations

import re

from slack_bolt.async_app import AsyncApp

from bot.blocks import ids
from bot.listeners.actions.log_button import handle_open_log_modal
from bot.listeners.actions.scorecard_buttons import handle_open_my_kpis, handle_scorecard_period
from bot.listeners.actions.team_scorecard import handle_show_team_scorecard, handle_team_switch
from bot.listeners.settings import handle_open_settings_button, handle_settings_team_pick
from bot.listeners.targets import handle_open_targets_button, handle_targets_redraw


def register(app: AsyncApp) -> None:
    app.action(re.compile(f"^{ids.SCORECARD_PERIOD}(:.*)?$"))(handle_scorecard_period)
    app.action(ids.OPEN_MY_KPIS)(handle_open_my_kpis)
    app.action(ids.OPEN_LOG_MODAL)(handle_open_log_modal)
    app.action(ids.SHOW_TEAM_SCORECARD)(handle_show_team_scorecard)
    app.action(re.compile(f"^{ids.TEAM_PERIOD}:.*$"))(handle_team_switch)
    app.action(ids.TEAM_PICK)(handle_team_switch)
    app.action(ids.OPEN_TARGETS_MODAL)(handle_open_targets_button)
    app.action(ids.OPEN_SETTINGS_MODAL)(handle_open_settings_button)
    app.action(ids.SETTINGS_PICK_ACTION)(handle_settings_team_pick)
    for action_id in ids.TARGETS_REDRAW_ACTIONS:
        app.action(action_id)(handle_targets_redraw)
