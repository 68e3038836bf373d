from __future__ import annotations

from bot.console.harness import Harness


async def test_log_then_mykpis_shows_the_numbers(harness: Harness) -> None:
    logged = await harness.command("U0SDR1", "/kpi", "log 25 calls 3 meetings booked")
    assert logged is not None and "25" in str(logged["blocks"])
    card = await harness.command("U0SDR1", "/mykpis")
    assert card is not None
    text = str(card["blocks"])
    assert "*Calls*   *25*" in text and "*Meetings booked*   *3*" in text
