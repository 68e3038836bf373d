"""The SDR's core loop through the real app: log, see the scorecard, undo, switch periods."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bot.blocks import ids
from bot.console.harness import Harness
from tests.scenario.support import SDR, activity_count, find_button, live_rows, text_of, totals


async def _answer(harness: Harness, command: str, text: str = "", user: str = SDR
                  ) -> dict[str, Any]:
    answer = await harness.command(user, command, text)
    assert answer is not None, f"{command} {text} answered nothing"
    assert answer["response_type"] == "ephemeral"
    return answer


async def test_logged_numbers_show_on_mykpis(harness: Harness) -> None:
    logged = await _answer(harness, "/kpi", "log 25 calls 3 meetings booked")
    assert "Calls *25*" in text_of(logged["blocks"])
    assert "Meetings booked *3*" in text_of(logged["blocks"])
    assert totals(harness.deps.store) == {"calls": 25, "meetings_booked": 3}

    card = await _answer(harness, "/mykpis")
    shown = text_of(card["blocks"])
    assert "*Calls*   *25*" in shown
    assert "*Meetings booked*   *3*" in shown
    assert "Week 48" in card["text"]  # Friday 27 November 2026 is in ISO week 48


async def test_an_opportunity_with_its_worth_adds_pipeline(harness: Harness) -> None:
    logged = await _answer(harness, "/kpi", "log 1 opportunity worth 15k")
    assert "Pipeline value *$15,000*" in text_of(logged["blocks"])
    assert totals(harness.deps.store) == {"opportunities": 1, "pipeline": 15_000}

    shown = text_of((await _answer(harness, "/mykpis"))["blocks"])
    assert "*Opportunities*   *1*" in shown
    assert "*Pipeline value*   *$15,000*" in shown
    assert "$15,000" in shown.split("*Avg. opportunity value*", 1)[1]


async def test_undo_removes_only_the_last_entry(harness: Harness) -> None:
    store = harness.deps.store
    await _answer(harness, "/kpi", "log 10 calls yesterday")
    await _answer(harness, "/kpi", "log 4 calls 2 emails")
    assert totals(store) == {"calls": 14, "emails": 2}

    undone = await _answer(harness, "/kpi", "undo")
    assert "Calls *4*" in text_of(undone["blocks"]) and "Emails *2*" in text_of(undone["blocks"])
    assert totals(store) == {"calls": 10}
    [kept] = live_rows(store)
    assert kept.day == date(2026, 11, 26) and kept.quantity == 10
    assert activity_count(store) == 3  # undo is soft: the rows stay for the audit trail
    assert "*Calls*   *10*" in text_of((await _answer(harness, "/mykpis"))["blocks"])

    await _answer(harness, "/kpi", "undo")
    nothing = await _answer(harness, "/kpi", "undo")
    assert nothing["text"] and totals(store) == {}


async def test_undo_never_touches_another_users_entries(harness: Harness) -> None:
    await _answer(harness, "/kpi", "log 7 calls", user="U0SDR2")
    await _answer(harness, "/kpi", "log 5 calls")
    await _answer(harness, "/kpi", "undo", user="U0SDR2")
    await _answer(harness, "/kpi", "undo", user="U0SDR2")
    assert totals(harness.deps.store) == {"calls": 5}
    assert totals(harness.deps.store, "U0SDR2") == {}


async def test_period_buttons_redraw_the_scorecard_in_place(harness: Harness) -> None:
    await _answer(harness, "/kpi", "log 8 calls 2026-11-18")  # last week
    await _answer(harness, "/kpi", "log 3 calls")  # this week
    card = await _answer(harness, "/mykpis")
    assert "*Calls*   *3*" in text_of(card["blocks"])

    button = find_button(card["blocks"], action_id=ids.SCORECARD_PERIOD, value="last week")
    response_url = harness.requests.new_response_url()
    body = harness.requests.block_action(user_id=SDR, action=button, response_url=response_url)
    status, ack = await harness.dispatch(body)
    assert status == 200 and not ack  # acknowledged at once; the redraw follows

    [redraw] = await harness.slack.wait_for("response_url")
    assert redraw.target == response_url.rsplit("/", 1)[1]  # the clicked message's own URL
    assert redraw.args["replace_original"] is True
    assert redraw.args["response_type"] == "ephemeral"
    assert "Week 47" in redraw.args["text"]
    assert "*Calls*   *8*" in text_of(redraw.args["blocks"])
    pressed = find_button(redraw.args["blocks"], action_id=ids.SCORECARD_PERIOD,
                          value="last week")
    assert pressed.get("style") == "primary"  # the period shown is the one highlighted


async def test_every_period_button_answers(harness: Harness) -> None:
    await _answer(harness, "/kpi", "log 2 emails")
    card = await _answer(harness, "/mykpis")
    buttons = [e for block in card["blocks"] for e in block.get("elements") or []
               if e.get("action_id", "").startswith(ids.SCORECARD_PERIOD)]
    assert [b["value"] for b in buttons] == ["today", "week", "last week", "month", "quarter"]
    for button in buttons:
        await harness.click(SDR, button)
    redraws = await harness.slack.wait_for("response_url", count=len(buttons))
    assert all(r.args["replace_original"] is True for r in redraws)
    headers = {r.args["text"].split(" · ", 1)[1] for r in redraws}
    assert headers == {"Nov 27, 2026", "Week 48 (Nov 23 – Nov 29)", "Week 47 (Nov 16 – Nov 22)",
                       "November 2026", "Q4 2026"}


async def test_a_forged_period_value_falls_back_to_the_week(harness: Harness) -> None:
    await harness.click(SDR, {"action_id": f"{ids.SCORECARD_PERIOD}:x", "value": "x" * 5000})
    [redraw] = await harness.slack.wait_for("response_url")
    assert "Week 48" in redraw.args["text"]


async def test_my_kpis_button_on_a_confirmation_shows_the_card_below_it(harness: Harness
                                                                         ) -> None:
    logged = await _answer(harness, "/kpi", "log 6 calls")
    button = find_button(logged["blocks"], action_id=ids.OPEN_MY_KPIS)
    await harness.click(SDR, button)
    [card] = await harness.slack.wait_for("response_url")
    assert card.args["replace_original"] is False  # the confirmation stays
    assert "*Calls*   *6*" in text_of(card.args["blocks"])


async def test_a_day_in_another_week_counts_there(harness: Harness) -> None:
    monday = date(2026, 11, 23)
    harness_now = harness.deps.now()
    assert harness_now.date() - timedelta(days=4) == monday
    await _answer(harness, "/kpi", f"log 5 calls {monday - timedelta(days=1)}")  # Sunday
    shown = text_of((await _answer(harness, "/mykpis"))["blocks"])
    assert "*Calls*" not in shown
    assert "*Calls*   *5*" in text_of((await _answer(harness, "/mykpis", "last week"))["blocks"])


async def test_own_average_counts_only_weeks_since_the_first_activity(harness: Harness) -> None:
    # SPEC: only periods that begin on or after the first activity count. A new SDR who first
    # logged on Monday of last week averages that one week, not a quarter of it.
    await harness.command(SDR, "/kpi", "log 40 calls 2026-11-16")
    await harness.command(SDR, "/kpi", "log 10 calls")
    card = text_of((await harness.command(SDR, "/mykpis") or {}).get("blocks"))
    assert "your average, last week: 40" in card
    # One who first logged mid-week last week has no complete week yet: no average at all.
    await harness.command("U0MIDWEEK", "/kpi", "log 40 calls 2026-11-18")
    midweek = text_of((await harness.command("U0MIDWEEK", "/mykpis") or {}).get("blocks"))
    assert "your average" not in midweek
    # Someone in the team for over a month averages all four weeks, the empty ones included.
    await harness.command("U0VETERAN", "/kpi", "log 40 calls 2026-10-26")
    await harness.command("U0VETERAN", "/kpi", "log 40 calls 2026-11-18")
    veteran = text_of((await harness.command("U0VETERAN", "/mykpis") or {}).get("blocks"))
    assert "your average, last 4 weeks: 20" in veteran
