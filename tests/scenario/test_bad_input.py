"""Bad input of every shape, through the real app: a clear ephemeral answer or field error,
never a 500 or a stack trace, and nothing stored."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

import pytest

from bot.blocks import ids
from bot.console.harness import Harness
from bot.i18n import Translator
from storage.db import make_engine
from tests.scenario.support import SDR, activity_count, open_log_modal, text_of, totals
from tests.slack_contract import settle

INTERNAL = Translator().t("error.internal")
LEAKS = ("Traceback", "Exception", "Error:", "sqlalchemy", "NoneType", 'File "')

BAD_LOG_TEXTS = [
    pytest.param("-5 calls", "negative", id="negative"),
    pytest.param("pipeline -15k", "negative", id="negative-money"),
    pytest.param("1 opportunity worth -5k", "negative", id="negative-worth"),
    pytest.param("999999999999 calls", "limit", id="huge"),
    pytest.param("pipeline 99999999999999", "limit", id="huge-money"),
    pytest.param("NaN calls", "understand", id="nan"),
    pytest.param("inf calls", "understand", id="infinity"),
    pytest.param("1e308 calls", "understand", id="exponent"),
    pytest.param("0x10 calls", "understand", id="hex"),
    pytest.param("5.5 calls", "whole", id="fraction"),
    pytest.param("0 calls", "zero", id="zero"),
    pytest.param("5 widgets", "understand", id="unknown-metric"),
    pytest.param("calls", "understand", id="metric-without-number"),
    pytest.param("5", "understand", id="number-without-metric"),
    pytest.param("5 calls 2026-02-30", "date", id="impossible-date"),
    pytest.param("5 calls 2026-13-01", "date", id="month-13"),
    pytest.param("5 calls 2027-01-01", "future", id="future-date"),
    pytest.param("5 calls 2020-01-01", "days ago", id="old-date"),
    pytest.param("5 calls yesterday today", "one date", id="two-dates"),
    pytest.param("5 calls source:", "source", id="empty-source"),
    pytest.param("5 calls source:a source:b", "one source", id="two-sources"),
    pytest.param("5 calls source:<!channel>", "source", id="markup-source"),
    pytest.param("5 calls note: " + "n" * 400, "note", id="long-note"),
    pytest.param("🔥🔥 calls", "understand", id="emoji-number"),
    pytest.param("5 📞", "understand", id="emoji-metric"),
    pytest.param("📞", "understand", id="only-emoji"),
    pytest.param("x" * 5000, "too long", id="5000-chars"),
    pytest.param("5 calls " + "9" * 5000, "too long", id="5000-digits"),
    pytest.param("\x00 calls", "understand", id="nul-byte"),
    pytest.param("<!channel> calls", "understand", id="mention"),
    pytest.param("5 calls <@U0BOSS>", "understand", id="user-mention"),
    pytest.param("5 calls; DROP TABLE activity", "understand", id="sql"),
]


def _assert_clear(answer: dict[str, Any] | None, says: str | None = None) -> str:
    """An ephemeral warning that is not the generic failure, leaks nothing, and says `says`."""
    assert answer is not None
    assert answer["response_type"] == "ephemeral"
    assert answer["text"].strip() and answer["text"] != INTERNAL
    shown = str(answer["text"]) + "\n" + text_of(answer.get("blocks"))
    assert not any(leak in shown for leak in LEAKS), shown
    assert "<!" not in shown and "<@" not in shown, "user text must be escaped"
    if says is not None:
        assert says in shown.lower(), shown
    return shown


@pytest.mark.parametrize(("text", "says"), BAD_LOG_TEXTS)
async def test_bad_kpi_log_text_is_answered_and_nothing_is_stored(
    harness: Harness, caplog: pytest.LogCaptureFixture, text: str, says: str
) -> None:
    caplog.set_level(logging.WARNING)
    shown = _assert_clear(await harness.command(SDR, "/kpi", f"log {text}"), says)
    assert ":warning:" in shown
    assert "/kpi log 25 calls" in shown  # an example of what works
    assert activity_count(harness.deps.store) == 0
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]  # not our failure


@pytest.mark.parametrize("text", ["yesterday week", "next week", "🔥", "x" * 5000,
                                  "week; DROP TABLE activity", "\x00", "-1", "<!channel>"])
async def test_bad_mykpis_period_is_answered(harness: Harness, text: str) -> None:
    shown = _assert_clear(await harness.command(SDR, "/mykpis", text))
    assert "last week" in shown  # the periods it does know
    assert activity_count(harness.deps.store) == 0


@pytest.mark.parametrize("text", ["🔥", "x" * 5000, "<!channel>", "delete everything"])
async def test_an_unknown_kpi_subcommand_is_answered(harness: Harness, text: str) -> None:
    shown = _assert_clear(await harness.command(SDR, "/kpi", text))
    assert "/kpi help" in shown
    assert activity_count(harness.deps.store) == 0


async def test_empty_kpi_shows_help(harness: Harness) -> None:
    answer = await harness.command(SDR, "/kpi", "")
    assert answer is not None and "/kpi log" in text_of(answer["blocks"])


async def test_a_good_log_after_bad_ones_stores_only_itself(harness: Harness) -> None:
    for text in ("-5 calls", "5 widgets", "5 calls 2027-01-01"):
        await harness.command(SDR, "/kpi", f"log {text}")
    await harness.command(SDR, "/kpi", "log 5 calls")
    assert totals(harness.deps.store) == {"calls": 5}


# --- forged view submissions ---------------------------------------------------------------

GOOD_DATE = {ids.LOG_DATE_BLOCK: {ids.LOG_DATE_ACTION: {"type": "datepicker",
                                                        "selected_date": "2026-11-27"}}}


def _calls(value: Any) -> dict[str, Any]:
    return {ids.LOG_METRIC_PREFIX + "calls": {ids.LOG_METRIC_ACTION: value}}


FORGED_VALUES = [
    pytest.param([], id="values-a-list"),
    pytest.param({ids.LOG_DATE_BLOCK: []}, id="block-a-list"),
    pytest.param({ids.LOG_DATE_BLOCK: {ids.LOG_DATE_ACTION: "2026-11-27"}}, id="element-a-str"),
    pytest.param({ids.LOG_DATE_BLOCK: {ids.LOG_DATE_ACTION: {"selected_date": ["2026-11-27"]}},
                  **_calls({"value": "5"})}, id="date-a-list"),
    pytest.param({ids.LOG_DATE_BLOCK: {ids.LOG_DATE_ACTION: {"selected_date": 20261127}},
                  **_calls({"value": "5"})}, id="date-a-number"),
    pytest.param({**GOOD_DATE, **_calls({"value": ["5"]})}, id="number-a-list"),
    pytest.param({**GOOD_DATE, **_calls({"value": {"n": 5}})}, id="number-an-object"),
    pytest.param({**GOOD_DATE, **_calls({"value": 5})}, id="number-not-a-string"),
    pytest.param({**GOOD_DATE, **_calls({"value": True})}, id="number-a-bool"),
    pytest.param({**GOOD_DATE, **_calls({"value": "5" * 5000})}, id="number-5000-chars"),
    pytest.param({**GOOD_DATE, **_calls({"value": "NaN"})}, id="number-nan"),
    pytest.param({**GOOD_DATE, **_calls({"value": "-1"})}, id="number-negative"),
    pytest.param({**GOOD_DATE, **_calls({"value": "5"}),
                  ids.LOG_NOTE_BLOCK: {ids.LOG_NOTE_ACTION: {"value": ["a note"]}}},
                 id="note-a-list"),
    pytest.param({**GOOD_DATE, **_calls({"value": "5"}),
                  ids.LOG_SOURCE_BLOCK: {ids.LOG_SOURCE_ACTION: {
                      "selected_option": {"value": "<!channel>"}}}}, id="source-not-listed"),
    pytest.param({**GOOD_DATE, "log_metric_unknown": {ids.LOG_METRIC_ACTION: {"value": "5"}}},
                 id="unknown-block-only"),
]


@pytest.mark.parametrize("values", FORGED_VALUES)
async def test_a_forged_submission_gets_field_errors_and_stores_nothing(
    harness: Harness, values: Any
) -> None:
    view = await open_log_modal(harness)
    body = harness.requests.view_submission(user_id=SDR, view=view, values=values)
    status, answer = await harness.dispatch(body)
    assert status == 200
    assert answer is not None and answer["response_action"] == "errors", answer
    inputs = {b["block_id"] for b in view["blocks"] if b["type"] == "input"}
    assert set(answer["errors"]) <= inputs
    assert activity_count(harness.deps.store) == 0


def _reshaped(body: str, change: Any) -> str:
    payload = json.loads(parse_qs(body)["payload"][0])
    change(payload["view"])
    return urlencode({"payload": json.dumps(payload)})


@pytest.mark.parametrize("change", [
    pytest.param(lambda v: v.pop("state"), id="no-state"),
    pytest.param(lambda v: v.update(state=None), id="state-null"),
    pytest.param(lambda v: v.update(state=["x"]), id="state-a-list"),
    pytest.param(lambda v: v.update(state={"values": "x"}), id="values-a-string"),
    pytest.param(lambda v: v.update(state={}), id="state-empty"),
])
async def test_a_submission_without_usable_state_stores_nothing(harness: Harness, change: Any
                                                                 ) -> None:
    view = await open_log_modal(harness)
    body = harness.requests.view_submission(user_id=SDR, view=view, values={})
    status, answer = await harness.dispatch(_reshaped(body, change))
    assert status == 200
    assert answer is not None and answer["response_action"] == "errors"
    assert activity_count(harness.deps.store) == 0


@pytest.mark.parametrize("metadata", [
    "not json", "[1, 2]", "null", json.dumps({"channel_id": ["C1"]}),
    json.dumps({"channel_id": "U0BOSS"}), json.dumps({"channel_id": "C" + "9" * 2990}),
    json.dumps({"channel_id": "C0CONSOLE", "user_id": "U0BOSS", "team_id": 1}),
])
async def test_forged_private_metadata_grants_nothing(harness: Harness, metadata: str) -> None:
    view = {**await open_log_modal(harness), "private_metadata": metadata}
    answer = await harness.submit(SDR, view, {ids.LOG_DATE_BLOCK: "2026-11-27",
                                              ids.LOG_METRIC_PREFIX + "calls": "3"})
    assert not answer
    store = harness.deps.store
    assert totals(store) == {"calls": 3}  # the submitter's own numbers, whatever it says
    assert totals(store, "U0BOSS") == {}
    await settle()  # the confirmation follows the ack
    slack = harness.slack
    confirmations = slack.of("chat.postEphemeral") + slack.of("chat.postMessage")
    assert len(confirmations) == 1
    [confirmation] = confirmations
    channel = confirmation.args["channel"]
    assert channel == SDR or (channel.startswith("C") and confirmation.args["user"] == SDR)


# --- when our side fails --------------------------------------------------------------------


@pytest.fixture
def broken_database(harness: Harness, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on every query fails (the database file is a directory)."""
    monkeypatch.setattr(harness.deps.store, "engine", make_engine(f"sqlite:///{tmp_path}"))


@pytest.mark.parametrize(("command", "text"), [
    ("/kpi", "log 5 calls"), ("/kpi", "log"), ("/kpi", "undo"), ("/mykpis", ""),
    ("/mykpis", "last week"),
])
async def test_a_database_failure_answers_politely(
    harness: Harness, broken_database: None, command: str, text: str
) -> None:
    answer = await harness.command(SDR, command, text)
    assert answer is not None and answer["response_type"] == "ephemeral"
    assert answer["text"] == INTERNAL
    assert not any(leak in json.dumps(answer) for leak in LEAKS)


async def test_a_database_failure_on_submit_keeps_the_modal_open(harness: Harness,
                                                                  tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch
                                                                  ) -> None:
    view = await open_log_modal(harness)
    store = harness.deps.store
    working = store.engine
    monkeypatch.setattr(store, "engine", make_engine(f"sqlite:///{tmp_path}"))
    answer = await harness.submit(SDR, view, {ids.LOG_DATE_BLOCK: "2026-11-27",
                                              ids.LOG_METRIC_PREFIX + "calls": "3"})
    assert answer is not None and answer["response_action"] == "errors"
    [message] = answer["errors"].values()
    assert "nothing was" in message and not any(leak in message for leak in LEAKS)
    monkeypatch.setattr(store, "engine", working)
    assert activity_count(store) == 0


@pytest.mark.parametrize("action", [
    pytest.param({"action_id": f"{ids.SCORECARD_PERIOD}:week", "value": "week"}, id="period"),
    pytest.param({"action_id": ids.OPEN_MY_KPIS, "value": "week"}, id="my-kpis"),
    pytest.param({"action_id": ids.OPEN_LOG_MODAL}, id="log-activity"),
])
async def test_a_database_failure_after_a_click_is_told_not_swallowed(
    harness: Harness, broken_database: None, action: dict[str, Any]
) -> None:
    # Bolt answers 404 "unhandled request", 3 s late, when a listener fails right after ack()
    body = harness.requests.block_action(user_id=SDR, action=action)
    status, _ = await harness.dispatch(body)
    assert status == 200
    [told] = await harness.slack.wait_for("response_url")
    assert told.args["text"] == INTERNAL and told.args["replace_original"] is False
