"""Events API: the App Home, behind a guard that handles each event_id once."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.listeners import surface
from bot.listeners.events.dedup import skip_retried_events
from bot.listeners.events.home import handle_app_home_opened


def register(app: AsyncApp) -> None:
    app.middleware(skip_retried_events)
    surface.event(app, "app_home_opened", handle_app_home_opened)
