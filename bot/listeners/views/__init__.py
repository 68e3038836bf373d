"""Modal submissions."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.blocks import ids
from bot.listeners import surface
from bot.listeners.settings import handle_settings_submission
from bot.listeners.targets import handle_targets_submission
from bot.listeners.views.log_submission import handle_log_submission


def register(app: AsyncApp) -> None:
    surface.view(app, ids.LOG_MODAL, handle_log_submission)
    surface.view(app, ids.TARGETS_MODAL, handle_targets_submission)
    surface.view(app, ids.SETTINGS_MODAL, handle_settings_submission)
