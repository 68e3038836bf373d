"""The log modal through the real app: opened with the trigger id, validated field by field,
stored only when every field is right."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

import pytest

from bot.blocks import ids
from bot.console.harness import Harness
from tests.scenario.support import (
    SDR,
    activity_count,
    find_button,
    live_rows,
    open_log_modal,
    text_of,
    totals,
)


def _payload_trigger(body: str) -> str:
    form = parse_qs(body)
    if "payload" in form:
        return str(json.loads(form["payload"][0])["trigger_id"])
    return form["trigger_id"][0]


async def test_kpi_log_without_words_opens_the_modal_with_the_trigger_id(harness: Harness
                                                                          ) -> None:
    body = harness.requests.slash_command(user_id=SDR, command="/kpi", text="log")
    status, answer = await harness.dispatch(body)
    assert status == 200 and not answer  # a bare ack: the modal is the answer
    [opened] = await harness.slack.wait_for("views.open")
    assert opened.args["trigger_id"] == _payload_trigger(body)
    view = opened.args["view"]
    assert view["callback_id"] == ids.LOG_MODAL
    inputs = [b["block_id"] for b in view["blocks"] if b["type"] == "input"]
    assert inputs[0] == ids.LOG_DATE_BLOCK
    assert {ids.LOG_METRIC_PREFIX + m for m in ("calls", "meetings_booked", "pipeline")} \
        <= set(inputs)
    assert ids.LOG_SOURCE_BLOCK in inputs and ids.LOG_NOTE_BLOCK in inputs
    date_block = next(b for b in view["blocks"] if b.get("block_id") == ids.LOG_DATE_BLOCK)
    assert date_block["element"]["initial_date"] == "2026-11-27"  # today, in Oslo
    assert activity_count(harness.deps.store) == 0


async def test_the_modal_stores_what_it_was_given(harness: Harness) -> None:
    view = await open_log_modal(harness)
    answer = await harness.submit(SDR, view, {
        ids.LOG_DATE_BLOCK: "2026-11-26",
        ids.LOG_METRIC_PREFIX + "calls": "12",
        ids.LOG_METRIC_PREFIX + "conversations": "4",
        ids.LOG_METRIC_PREFIX + "opportunities": "1",
        ids.LOG_METRIC_PREFIX + "pipeline": "15k",
        ids.LOG_METRIC_PREFIX + "emails": "0",  # a zero in a form means "none"
        ids.LOG_SOURCE_BLOCK: "inbound",
        ids.LOG_NOTE_BLOCK: "new opener <!channel>",
    })
    assert not answer  # the modal closes
    store = harness.deps.store
    assert totals(store) == {"calls": 12, "conversations": 4, "opportunities": 1,
                             "pipeline": 15_000}
    rows = live_rows(store)
    assert {r.day.isoformat() for r in rows} == {"2026-11-26"}
    assert {(r.source, r.note, r.origin) for r in rows} == {
        ("inbound", "new opener <!channel>", "modal")}
    assert len({r.entry_id for r in rows}) == 1  # one entry: one undo takes it all back

    [confirmation] = await harness.slack.wait_for("chat.postEphemeral")
    assert confirmation.args["channel"] == "C0CONSOLE"  # where /kpi log was typed
    assert confirmation.args["user"] == SDR
    assert "Calls *12*" in text_of(confirmation.args["blocks"])
    assert "<!channel>" not in json.dumps(confirmation.args["blocks"])  # the note is escaped

    shown = text_of((await harness.command(SDR, "/mykpis") or {})["blocks"])
    assert "*Calls*   *12*" in shown and "*Pipeline value*   *$15,000*" in shown


async def test_the_log_activity_button_opens_the_modal(harness: Harness) -> None:
    card = await harness.command(SDR, "/mykpis")
    assert card is not None
    button = find_button(card["blocks"], action_id=ids.OPEN_LOG_MODAL)
    body = harness.requests.block_action(user_id=SDR, action=button)
    status, _ = await harness.dispatch(body)
    assert status == 200
    [opened] = await harness.slack.wait_for("views.open")
    assert opened.args["trigger_id"] == _payload_trigger(body)
    assert opened.args["view"]["callback_id"] == ids.LOG_MODAL

    # and what it stores lands where the card was
    await harness.submit(SDR, opened.args["view"], {ids.LOG_DATE_BLOCK: "2026-11-27",
                                                   ids.LOG_METRIC_PREFIX + "emails": "9"})
    assert totals(harness.deps.store) == {"emails": 9}


async def test_log_more_on_a_confirmation_opens_the_modal(harness: Harness) -> None:
    logged = await harness.command(SDR, "/kpi", "log 3 calls")
    assert logged is not None
    await harness.click(SDR, find_button(logged["blocks"], action_id=ids.OPEN_LOG_MODAL))
    [opened] = await harness.slack.wait_for("views.open")
    assert opened.args["view"]["callback_id"] == ids.LOG_MODAL


BAD_FIELDS = [
    pytest.param(ids.LOG_METRIC_PREFIX + "calls", "-5", "negative", id="negative"),
    pytest.param(ids.LOG_METRIC_PREFIX + "calls", "five", "number", id="text-in-number"),
    pytest.param(ids.LOG_METRIC_PREFIX + "calls", "5.5", "whole", id="fraction"),
    pytest.param(ids.LOG_METRIC_PREFIX + "calls", "100001", "limit", id="huge"),
    pytest.param(ids.LOG_METRIC_PREFIX + "calls", "🔥", "number", id="emoji"),
    pytest.param(ids.LOG_METRIC_PREFIX + "calls", "9" * 5000, "number", id="5000-chars"),
    pytest.param(ids.LOG_METRIC_PREFIX + "pipeline", "NaN", "number", id="nan"),
    pytest.param(ids.LOG_METRIC_PREFIX + "pipeline", "inf", "number", id="infinity"),
    pytest.param(ids.LOG_METRIC_PREFIX + "pipeline", "-3k", "negative", id="negative-money"),
    pytest.param(ids.LOG_METRIC_PREFIX + "pipeline", "1e400", "number", id="overflow"),
    pytest.param(ids.LOG_DATE_BLOCK, "2026-12-25", "future", id="future-date"),
    pytest.param(ids.LOG_DATE_BLOCK, "2026-02-30", "date", id="impossible-date"),
    pytest.param(ids.LOG_DATE_BLOCK, "2024-01-01", "days ago", id="old-date"),
    pytest.param(ids.LOG_DATE_BLOCK, None, "day", id="no-date"),
    pytest.param(ids.LOG_NOTE_BLOCK, "n" * 301, "300", id="long-note"),
    pytest.param(ids.LOG_SOURCE_BLOCK, "made-up", "source", id="unlisted-source"),
]


@pytest.mark.parametrize(("block_id", "raw", "says"), BAD_FIELDS)
async def test_a_bad_field_is_named_and_nothing_is_stored(
    harness: Harness, block_id: str, raw: str | None, says: str
) -> None:
    view = await open_log_modal(harness)
    answers: dict[str, Any] = {ids.LOG_DATE_BLOCK: "2026-11-27",
                               ids.LOG_METRIC_PREFIX + "meetings_booked": "2"}
    answers[block_id] = raw
    answer = await harness.submit(SDR, view, answers)
    assert answer is not None and answer["response_action"] == "errors"
    assert list(answer["errors"]) == [block_id]
    assert says in answer["errors"][block_id].lower()
    assert activity_count(harness.deps.store) == 0
    assert not harness.slack.of("chat.postEphemeral") and not harness.slack.of("chat.postMessage")


async def test_every_bad_field_is_named_at_once(harness: Harness) -> None:
    view = await open_log_modal(harness)
    answer = await harness.submit(SDR, view, {
        ids.LOG_DATE_BLOCK: "2030-01-01",
        ids.LOG_METRIC_PREFIX + "calls": "-1",
        ids.LOG_METRIC_PREFIX + "emails": "3",
        ids.LOG_METRIC_PREFIX + "pipeline": "lots",
    })
    assert answer is not None and answer["response_action"] == "errors"
    assert set(answer["errors"]) == {ids.LOG_DATE_BLOCK, ids.LOG_METRIC_PREFIX + "calls",
                                     ids.LOG_METRIC_PREFIX + "pipeline"}
    assert activity_count(harness.deps.store) == 0


async def test_an_empty_form_asks_for_a_number(harness: Harness) -> None:
    view = await open_log_modal(harness)
    answer = await harness.submit(SDR, view, {ids.LOG_DATE_BLOCK: "2026-11-27"})
    assert answer is not None and answer["response_action"] == "errors"
    [(block_id, message)] = answer["errors"].items()
    assert block_id.startswith(ids.LOG_METRIC_PREFIX) and "number" in message.lower()
    assert activity_count(harness.deps.store) == 0


async def test_a_field_error_then_a_fix_stores_once(harness: Harness) -> None:
    view = await open_log_modal(harness)
    first = await harness.submit(SDR, view, {ids.LOG_DATE_BLOCK: "2026-11-27",
                                             ids.LOG_METRIC_PREFIX + "calls": "-4"})
    assert first is not None and first["response_action"] == "errors"
    second = await harness.submit(SDR, view, {ids.LOG_DATE_BLOCK: "2026-11-27",
                                              ids.LOG_METRIC_PREFIX + "calls": "4"})
    assert not second
    assert totals(harness.deps.store) == {"calls": 4}
    assert activity_count(harness.deps.store) == 1
