"""The contract checks themselves: they pass what Slack takes and catch what it refuses."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.blocks.log_modal import build_log_modal
from bot.blocks.messages import build_help_blocks
from bot.console.local_slack import Call
from bot.i18n import Translator
from bot.listeners.commands.kpi import SUBCOMMANDS
from tests.slack_contract import (
    ContractError,
    check_ack,
    check_blocks,
    check_call,
    check_message,
    check_view,
)

TOKEN = "xoxb-test"
SECTION = {"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}


def _modal() -> dict[str, Any]:
    return build_log_modal(tr=Translator(), today=date(2026, 11, 27), private_metadata="{}")


def test_our_own_blocks_and_modal_pass() -> None:
    check_blocks(build_help_blocks(tr=Translator(), subcommands=list(SUBCOMMANDS)))
    check_view(_modal())


@pytest.mark.parametrize(("blocks", "says"), [
    ([SECTION] * 51, "50"),
    ([{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}], "limit"),
    ([{"type": "section", "text": {"type": "mrkdwn", "text": "s" * 3001}}], "limit"),
    ([{"type": "sektion", "text": {"type": "mrkdwn", "text": "typo"}}], "known"),
    ([{**SECTION, "colour": "red"}], "does not define"),
    ([{"type": "actions", "elements": [{"type": "button", "action_id": "a",
                                        "text": {"type": "plain_text", "text": "b" * 76}}]}],
     "limit"),
    ([{**SECTION, "block_id": "x"}, {**SECTION, "block_id": "x"}], "repeat"),
    ("not a list", "list"),
])
def test_broken_blocks_are_caught(blocks: Any, says: str) -> None:
    with pytest.raises(ContractError, match=says):
        check_blocks(blocks)


def test_a_view_may_hold_100_blocks_but_not_101() -> None:
    view = {**_modal(), "blocks": [SECTION] * 100}
    check_view(view)
    with pytest.raises(ContractError, match="100"):
        check_view({**view, "blocks": [SECTION] * 101})


@pytest.mark.parametrize(("change", "says"), [
    ({"title": {"type": "plain_text", "text": "t" * 25}}, "title"),
    ({"private_metadata": "m" * 3001}, "private_metadata"),
    ({"type": "dialog"}, "type"),
    ({"subtitle": "x"}, "no view defines"),
])
def test_broken_views_are_caught(change: dict[str, Any], says: str) -> None:
    with pytest.raises(ContractError, match=says):
        check_view({**_modal(), **change})


def test_messages_need_a_fallback_text() -> None:
    check_message({"text": "hello", "blocks": [SECTION]})
    with pytest.raises(ContractError, match="fallback"):
        check_message({"blocks": [SECTION]})
    with pytest.raises(ContractError, match="empty"):
        check_message({"text": " "})


def test_field_errors_must_name_an_input_of_the_view() -> None:
    view = _modal()
    check_ack({"response_action": "errors", "errors": {"log_date": "Pick a day."}}, view=view)
    with pytest.raises(ContractError, match="not an input"):
        check_ack({"response_action": "errors", "errors": {"nope": "x"}}, view=view)
    with pytest.raises(ContractError, match="1-150"):
        check_ack({"response_action": "errors", "errors": {"log_date": "x" * 151}}, view=view)
    with pytest.raises(ContractError, match="response_action"):
        check_ack({"response_action": "close"})


@pytest.mark.parametrize("call", [
    Call("chat.postMessage", {"channel": "C1", "text": "hi", "blocks": [SECTION]}, TOKEN),
    Call("chat.postEphemeral", {"channel": "C1", "user": "U1", "text": "hi"}, TOKEN),
    Call("users.info", {"user": "U1", "include_locale": "1", "team_id": "T1"}, TOKEN),
    Call("views.open", {"trigger_id": "1.2.a", "view": _modal()}, TOKEN),
    Call("views.publish", {"user_id": "U1", "view": {"type": "home", "blocks": [SECTION]}},
         TOKEN),
    Call("files.getUploadURLExternal", {"filename": "a.png", "length": "12"}, TOKEN),
    Call("files.completeUploadExternal", {"files": [{"id": "F1", "title": "t"}],
                                          "channel_id": "C1"}, TOKEN),
    Call("response_url", {"text": "hi", "replace_original": True}, None, "r1"),
])
def test_calls_as_slack_describes_them_pass(call: Call) -> None:
    check_call(call)


@pytest.mark.parametrize(("call", "says"), [
    (Call("chat.postMessage", {"text": "hi"}, TOKEN), "missing"),
    (Call("chat.postMessage", {"channel": "C1", "text": "hi"}, None), "token"),
    (Call("chat.postMessage", {"channel": "C1", "text": "hi", "colour": "red"}, TOKEN),
     "not an argument"),
    (Call("chat.postMessage", {"channel": "C1", "text": "hi", "mrkdwn": "maybe"}, TOKEN),
     "type"),
    (Call("chat.postMessage", {"channel": ["C1"], "text": "hi"}, TOKEN), "type"),
    (Call("chat.postMessage", {"channel": "C1", "blocks": [SECTION]}, TOKEN), "fallback"),
    (Call("views.open", {"trigger_id": "1.2.a"}, TOKEN), "missing"),
    (Call("views.open", {"trigger_id": "1.2.a",
                         "view": {**_modal(), "blocks": [SECTION] * 101}}, TOKEN), "100"),
    (Call("files.getUploadURLExternal", {"filename": "a", "length": "big"}, TOKEN), "type"),
    (Call("files.completeUploadExternal", {"files": [{"title": "t"}]}, TOKEN), "id"),
    (Call("chat.explode", {}, TOKEN), "not a Slack Web API method"),
    (Call("response_url", {"text": "hi", "channel": "C1"}, None, "r1"), "does not take"),
])
def test_calls_slack_would_refuse_are_caught(call: Call, says: str) -> None:
    with pytest.raises(ContractError, match=says):
        check_call(call)
