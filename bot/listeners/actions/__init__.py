"""Buttons: switch a scorecard's period, open my KPIs, open the log modal."""

from __future__ import annotations

import re

from slack_bolt.async_app import AsyncApp

from bot.blocks import ids
from bot.listeners.actions.log_button import handle_open_log_modal
from bot.listeners.actions.scorecard_buttons import handle_open_my_kpis, handle_scorecard_period
from bot.listeners.targets import handle_open_targets_button, handle_targets_redraw


def register(app: AsyncApp) -> None:
    app.action(re.compile(f"^{ids.SCORECARD_PERIOD}(:.*)?$"))(handle_scorecard_period)
    app.action(ids.OPEN_MY_KPIS)(handle_open_my_kpis)
    app.action(ids.OPEN_LOG_MODAL)(handle_open_log_modal)
    app.action(ids.OPEN_TARGETS_MODAL)(handle_open_targets_button)
    for action_id in ids.TARGETS_REDRAW_ACTIONS:
        app.action(action_id)(handle_targets_redraw)
