"""The yardstick: a Bolt AsyncApp built like ours whose /mykpis listener only acknowledges."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient


def build_bare_app(*, client: AsyncWebClient, signing_secret: str) -> AsyncApp:
    """Same construction as bot.app.build_app (default process_before_response=False, same
    client and signing), with none of our middleware or listeners."""
    app = AsyncApp(client=client, signing_secret=signing_secret,
                   ignoring_self_events_enabled=True)

    async def ack_only(ack: AsyncAck) -> None:
        await ack()

    app.command("/mykpis")(ack_only)
    return app
