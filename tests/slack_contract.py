"""Slack's contract, checked in tests: Block Kit through slack_sdk's models, and every recorded
Web API call against Slack's own method description in tests/fixtures/slack/methods/ (copies
kept in the repository, with their source in tests/fixtures/slack/README.md).

`contract_checked` wraps a test (conftests use it in an autouse fixture): each call that reached
the LocalSlack, and each answer the app gave, is checked when the test ends.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from slack_sdk.models.blocks import Block, Option
from slack_sdk.models.views import View

from bot.console.harness import Harness
from bot.console.local_slack import Call, LocalSlack

REPO_ROOT = Path(__file__).resolve().parents[1]
SLACK_FIXTURES = REPO_ROOT / "tests" / "fixtures" / "slack"
METHODS_DIR = SLACK_FIXTURES / "methods"
MESSAGE_BLOCK_LIMIT = 50
VIEW_BLOCK_LIMIT = 100
MESSAGE_TEXT_LIMIT = 40_000
ERROR_TEXT_LIMIT = 150  # Slack shows a field error in one short line
# The LocalSlack decodes these form fields from JSON; on the wire they were strings.
JSON_CARRIED = frozenset({"blocks", "view", "attachments", "files", "metadata"})
# What a response_url accepts (Slack's "Handling user interaction" reference).
RESPONSE_URL_KEYS = frozenset({
    "text", "blocks", "attachments", "response_type", "replace_original", "delete_original",
    "thread_ts", "mrkdwn", "unfurl_links", "unfurl_media", "metadata",
})
ACK_KEYS = RESPONSE_URL_KEYS | {"response_action", "errors", "view"}
VIEW_ACTIONS = frozenset({"errors", "update", "push", "clear"})
# slack_sdk adds team_id to every call of a workspace's client (Bolt sets it per request, for
# Enterprise Grid org-wide installs); Slack accepts it on every method.
TRANSPORT_ARGS = {"team_id": {"type": "string"}}


class ContractError(AssertionError):
    """Something the app sent would be refused or mangled by Slack."""


@cache
def method_spec(method: str) -> dict[str, Any]:
    path = METHODS_DIR / f"{method}.json"
    if not path.is_file():
        raise ContractError(
            f"{method}: not a Slack Web API method we have a description of; a new method "
            f"needs Slack's description copied into {METHODS_DIR.relative_to(REPO_ROOT)} "
            "(see the README there)")
    spec: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return spec


# --- Block Kit ----------------------------------------------------------------------------------


def _without_empty(data: Mapping[str, Any]) -> dict[str, Any]:
    # slack_sdk leaves out empty top-level strings such as private_metadata="" when it renders
    return {k: v for k, v in data.items() if v is not None and v != ""}


def check_blocks(blocks: Any, *, limit: int = MESSAGE_BLOCK_LIMIT, where: str = "message"
                 ) -> None:
    """Valid Block Kit within `limit` blocks; slack_sdk renders them back unchanged."""
    if not isinstance(blocks, list):
        raise ContractError(f"{where}: blocks must be a list, not {type(blocks).__name__}")
    if len(blocks) > limit:
        raise ContractError(f"{where}: {len(blocks)} blocks, Slack allows {limit}")
    parsed = Block.parse_all(blocks)
    for index, (raw, block) in enumerate(zip(blocks, parsed, strict=True)):
        if block is None:
            raise ContractError(f"{where}: block {index} is not a known Block Kit block: {raw}")
        try:
            rendered = block.to_dict()  # runs every validator: lengths, counts, required parts
        except Exception as exc:
            raise ContractError(f"{where}: block {index} breaks a limit: {exc}\n{raw}") from exc
        if rendered != raw:  # a key slack_sdk does not know was dropped: Slack refuses those too
            raise ContractError(f"{where}: block {index} has parts Block Kit does not define:\n"
                                f"sent     {raw}\nrendered {rendered}")
    ids = [b.get("block_id") for b in blocks if isinstance(b, dict) and b.get("block_id")]
    if len(ids) != len(set(ids)):
        raise ContractError(f"{where}: block_id values repeat: {ids}")


def check_view(view: Any, *, where: str = "view") -> None:
    """A modal or Home view slack_sdk accepts, with at most 100 valid blocks."""
    if not isinstance(view, dict):
        raise ContractError(f"{where}: a view must be an object, not {type(view).__name__}")
    check_blocks(view.get("blocks"), limit=VIEW_BLOCK_LIMIT, where=where)
    try:
        rendered = View(**view).to_dict()
    except Exception as exc:
        raise ContractError(f"{where}: not a valid view: {exc}") from exc
    if rendered != _without_empty(view):
        raise ContractError(f"{where}: parts no view defines:\nsent     {view}\n"
                            f"rendered {rendered}")
    if view.get("type") == "modal" and not view.get("title"):
        raise ContractError(f"{where}: a modal needs a title")


def check_message(message: Mapping[str, Any], *, where: str = "message") -> None:
    """Text and blocks of a message: blocks valid, and a fallback text for notifications."""
    blocks = message.get("blocks")
    text = message.get("text")
    if text is not None and (not isinstance(text, str) or len(text) > MESSAGE_TEXT_LIMIT):
        raise ContractError(f"{where}: text must be a string of at most {MESSAGE_TEXT_LIMIT}")
    if blocks is not None:
        check_blocks(blocks, where=where)
    if blocks and not (isinstance(text, str) and text.strip()):
        raise ContractError(f"{where}: blocks without a fallback text (notifications, readers)")
    if not blocks and not (isinstance(text, str) and text.strip()) \
            and not message.get("delete_original"):
        raise ContractError(f"{where}: an empty message")
    response_type = message.get("response_type")
    if response_type not in (None, "ephemeral", "in_channel"):
        raise ContractError(f"{where}: response_type {response_type!r}")


# --- acknowledgements (the HTTP answer to Slack) -----------------------------------------------


def check_ack(answer: Mapping[str, Any] | None, *, view: Mapping[str, Any] | None = None,
              where: str = "ack") -> None:
    """The body of an acknowledgement; `view` is the submitted view for response_action."""
    if not answer:
        return
    if set(answer) == {"options"}:  # an external select's options (block_suggestion)
        _check_options(answer["options"], where)
        return
    unknown = set(answer) - ACK_KEYS
    if unknown:
        raise ContractError(f"{where}: keys Slack does not read in an answer: {sorted(unknown)}")
    action = answer.get("response_action")
    if action is None:
        check_message(answer, where=where)
        return
    if action not in VIEW_ACTIONS:
        raise ContractError(f"{where}: response_action {action!r}")
    if action in ("update", "push"):
        check_view(answer.get("view"), where=f"{where} ({action})")
    if action == "errors":
        _check_field_errors(answer.get("errors"), view, where)


def _check_options(options: Any, where: str) -> None:
    if not isinstance(options, list) or len(options) > 100:
        raise ContractError(f"{where}: options must be a list of at most 100")
    for option in options:
        try:
            rendered = Option(**option).to_dict()
        except Exception as exc:
            raise ContractError(f"{where}: not a valid option: {exc}") from exc
        if rendered != option:
            raise ContractError(f"{where}: option {option} renders as {rendered}")


def _check_field_errors(errors: Any, view: Mapping[str, Any] | None, where: str) -> None:
    if not isinstance(errors, dict) or not errors:
        raise ContractError(f"{where}: response_action errors needs a block_id -> text object")
    inputs = {b.get("block_id") for b in (view or {}).get("blocks") or []
              if isinstance(b, dict) and b.get("type") == "input"}
    for block_id, message in errors.items():
        if view is not None and block_id not in inputs:
            raise ContractError(f"{where}: error for {block_id!r}, not an input of the view")
        if not isinstance(message, str) or not message.strip() \
                or len(message) > ERROR_TEXT_LIMIT:
            raise ContractError(f"{where}: error text for {block_id!r} must be 1-150 chars")


# --- Web API calls ------------------------------------------------------------------------------

_SCHEMA_TYPES = {"modal": "object", "view": "object", "publishable-view": "object",
                 "workflow-step": "object", "app-notification-subscription-configuration":
                 "object"}


def _types(spec: Mapping[str, Any]) -> set[str]:
    """Every JSON type an argument description allows (empty: it does not say)."""
    found: set[str] = set()
    declared = spec.get("type")
    if isinstance(declared, str):
        found.add(declared)
    elif isinstance(declared, list):
        found.update(str(t) for t in declared)
    schema = spec.get("schema")
    if isinstance(schema, str):
        found.add(_SCHEMA_TYPES.get(schema, "string"))  # ids (user_id, channel...) are strings
    for key in ("anyOf", "allOf", "oneOf"):
        for option in spec.get(key) or []:
            if isinstance(option, dict):
                found |= _types(option)
    return found


def _plausible(value: Any, allowed: set[str], *, json_carried: bool) -> bool:
    if not allowed:
        return True
    if value is None:
        return "null" in allowed or json_carried
    if isinstance(value, bool):
        return "boolean" in allowed
    if isinstance(value, (list, dict)):
        # a JSON-encoded string argument (blocks, view) may travel as JSON itself
        kind = "array" if isinstance(value, list) else "object"
        return kind in allowed or (json_carried and bool(allowed & {"string", "array",
                                                                    "object"}))
    if isinstance(value, int | float):
        return bool(allowed & {"integer", "number", "string"}) and (
            "integer" not in allowed or "number" in allowed or "string" in allowed
            or float(value).is_integer())
    if isinstance(value, str):
        # form-encoded and query arguments are all strings on the wire
        if "string" in allowed or "object" in allowed or "array" in allowed:
            return True
        if "boolean" in allowed and value.lower() in ("true", "false", "1", "0"):
            return True
        if "integer" in allowed and value.lstrip("-").isdigit():
            return True
        if "number" in allowed:
            try:
                float(value)
            except ValueError:
                return False
            return True
        return False
    return False


def _check_args(where: str, args: Mapping[str, Any], schema: Mapping[str, Any],
                token: str | None = None) -> None:
    properties: dict[str, Any] = dict(schema.get("properties") or {})
    if token is not None:  # a method's own arguments, not an item inside one
        properties = {**TRANSPORT_ARGS, **properties}
    present = set(args) | ({"token"} if token else set())
    missing = [name for name in schema.get("required") or [] if name not in present]
    if missing:
        raise ContractError(f"{where}: required argument(s) missing: {missing}")
    for name, value in args.items():
        if name not in properties:
            raise ContractError(f"{where}: {name!r} is not an argument of this method "
                                f"(it takes {sorted(properties)})")
        spec = properties[name]
        if not _plausible(value, _types(spec), json_carried=name in JSON_CARRIED):
            raise ContractError(f"{where}: {name}={value!r:.80} is not of type "
                                f"{sorted(_types(spec))}")
        enum = spec.get("enum")
        if enum and isinstance(value, str) and value not in enum:
            raise ContractError(f"{where}: {name}={value!r} is not one of {enum}")
        items = spec.get("items")
        if isinstance(value, list) and isinstance(items, dict) and items.get("properties"):
            for index, item in enumerate(value):
                if not isinstance(item, dict):
                    raise ContractError(f"{where}: {name}[{index}] must be an object")
                _check_args(f"{where}: {name}[{index}]", item, items)


def check_call(call: Call) -> None:
    """One recorded request: a Web API call against Slack's description, or a response_url post.

    Also checks the messages and views it carries.
    """
    where = f"{call.method} {call.target}".strip()
    if call.method == "upload":
        return  # raw file bytes: nothing of Slack's shape to check
    if call.method == "response_url":
        unknown = set(call.args) - RESPONSE_URL_KEYS
        if unknown:
            raise ContractError(f"{where}: keys a response_url does not take: {sorted(unknown)}")
        check_message(call.args, where=where)
        return
    spec = method_spec(call.method)
    if not call.token:
        raise ContractError(f"{where}: no token (header or argument)")
    _check_args(where, call.args, spec["args"], call.token)
    if "view" in call.args:
        check_view(call.args["view"], where=f"{where} view")
    if call.method.startswith("chat.") and ("blocks" in call.args or "text" in call.args):
        check_message(call.args, where=where)


def check_calls(calls: Iterable[Call]) -> None:
    for call in calls:
        check_call(call)


# --- the fixture --------------------------------------------------------------------------------


class Answers:
    """The app's HTTP answers in a test, each with the view it answered (for field errors)."""

    def __init__(self) -> None:
        self.seen: list[tuple[dict[str, Any] | None, dict[str, Any] | None]] = []

    def check(self) -> None:
        for index, (answer, view) in enumerate(self.seen):
            check_ack(answer, view=view, where=f"answer {index + 1}")


def _submitted_view(body: str) -> dict[str, Any] | None:
    from urllib.parse import parse_qs

    payload = parse_qs(body).get("payload")
    if not payload:
        return None
    try:
        data = json.loads(payload[0])
    except ValueError:
        return None
    view = data.get("view") if isinstance(data, dict) else None
    return view if isinstance(view, dict) and data.get("type") == "view_submission" else None


def record_answers(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> Answers:
    """Keep every answer `harness` dispatches, to check them when the test ends."""
    answers = Answers()
    dispatch = harness.dispatch

    async def recording(body: str, *, content_type: str = "application/x-www-form-urlencoded"
                        ) -> tuple[int, dict[str, Any] | None]:
        status, answer = await dispatch(body, content_type=content_type)
        answers.seen.append((answer, _submitted_view(body)))
        return status, answer

    monkeypatch.setattr(harness, "dispatch", recording)
    return answers


async def settle(limit: float = 3.0) -> None:
    """Let the app's work after its acks (Bolt runs it in background tasks) finish, so its
    late Web API calls are checked too and none is cut off when the LocalSlack stops."""
    me = asyncio.current_task()
    for _ in range(20):  # work may start more work: a few rounds
        pending = [t for t in asyncio.all_tasks()
                   if t is not me and not t.done() and _is_app_work(t)]
        if not pending:
            return
        _, still = await asyncio.wait(pending, timeout=limit)
        if still:
            raise ContractError(f"the app's background work did not finish in {limit} s: "
                                f"{[t.get_coro() for t in still]}")


def _is_app_work(task: asyncio.Task[Any]) -> bool:
    name = getattr(task.get_coro(), "__qualname__", "")
    return "run_ack_function" in name or "lazy" in name.lower()


@asynccontextmanager
async def contract_checked(slack: LocalSlack, monkeypatch: pytest.MonkeyPatch,
                           harness: Harness | None = None) -> AsyncIterator[None]:
    """On leaving: every call the LocalSlack saw, and every answer `harness` got back, keeps
    to Slack's contract. Conftests wrap each test in it (an autouse fixture)."""
    answers = record_answers(harness, monkeypatch) if harness is not None else None
    yield
    slack.release()  # a test that slowed Slack down is done measuring
    await settle()
    check_calls(slack.calls)
    if answers is not None:
        answers.check()


@pytest.fixture(autouse=True)
async def checked_harness(slack: LocalSlack, harness: Harness, monkeypatch: pytest.MonkeyPatch
                          ) -> AsyncIterator[None]:
    """Autouse where a conftest imports it: every call and answer of each harness test keeps
    to Slack's contract."""
    async with contract_checked(slack, monkeypatch, harness):
        yield
