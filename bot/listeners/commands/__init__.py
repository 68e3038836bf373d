"""Slash commands: /mykpis and /kpi."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.listeners import surface
from bot.listeners.commands.kpi import handle_kpi
from bot.listeners.commands.mykpis import handle_mykpis


def register(app: AsyncApp) -> None:
    surface.command(app, "/mykpis", handle_mykpis)
    surface.command(app, "/kpi", handle_kpi)
