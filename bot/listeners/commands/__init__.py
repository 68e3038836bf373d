"""Slash commands: /mykpis and /kpi."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.listeners.commands.kpi import handle_kpi
from bot.listeners.commands.mykpis import handle_mykpis


def register(app: AsyncApp) -> None:
    app.command("/mykpis")(handle_mykpis)
    app.command("/kpi")(handle_kpi)
