"""The shape of a Slack request's envelope, checked once before any listener is matched.

Slack's payloads have fixed types: `actions` is a list of objects, `view` an object, `user`
an object with a string id, an event's `type` a string. A signed payload that breaks them (a
leaked secret, a Slack bug) would otherwise fail inside Bolt's listener matchers or our
handlers, with a 500 and a traceback quoting the body. `shape_problem` names the first field
that is off, in words that quote nothing of the body.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Check = Callable[[Mapping[str, Any]], str | None]


def _is_str(value: object) -> bool:
    return isinstance(value, str)


def _optional(body: Mapping[str, Any], key: str, ok: Callable[[object], bool]) -> str | None:
    if key in body and body[key] is not None and not ok(body[key]):
        return f"{key} has an unexpected type"
    return None


def _required(body: Mapping[str, Any], key: str, ok: Callable[[object], bool]) -> str | None:
    return None if ok(body.get(key)) else f"{key} is missing or of an unexpected type"


def _user(value: object) -> bool:
    return isinstance(value, Mapping) and _is_str(value.get("id"))


def _object(value: object) -> bool:
    return isinstance(value, Mapping)


def _view(value: object) -> bool:
    # What Bolt's matchers and our redraws read; the state's values are the form readers'
    # to judge (bot/blocks/form_state.py), which name the field that is wrong
    return isinstance(value, Mapping) and all(
        _is_str(value.get(k)) or value.get(k) is None
        for k in ("id", "callback_id", "type", "hash", "external_id"))


def _action(value: object) -> bool:
    return (isinstance(value, Mapping) and _is_str(value.get("action_id"))
            and (value.get("block_id") is None or _is_str(value.get("block_id"))))


def _actions(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(_action(a) for a in value)


# Fields an event of this type always carries as strings; other events may carry `user` or
# `channel` as objects (team_join, channel_created), never as lists or numbers.
_EVENT_STRINGS = {"app_home_opened": ("user", "channel", "tab")}


def _event(value: object) -> bool:
    if not isinstance(value, Mapping) or not isinstance(value.get("type"), str):
        return False
    strings = ("subtype", "tab", "bot_id", "ts", *_EVENT_STRINGS.get(value["type"], ()))
    for key in ("user", "channel", "subtype", "tab", "bot_id", "ts"):
        field = value.get(key)
        if field is not None and not (_is_str(field) or (key not in strings
                                                         and isinstance(field, Mapping))):
            return False
    return True


def _interactive(*required: tuple[str, Callable[[object], bool]]) -> Check:
    def check(body: Mapping[str, Any]) -> str | None:
        for key, ok in (("user", _user), *required):
            problem = _required(body, key, ok)
            if problem:
                return problem
        for key, ok in (("view", _view), ("container", _object), ("channel", _object),
                        ("message", _object)):
            problem = _optional(body, key, ok)
            if problem:
                return problem
        return None
    return check


_BY_TYPE: dict[str, Check] = {
    "block_actions": _interactive(("actions", _actions)),
    "view_submission": _interactive(("view", _view)),
    "view_closed": _interactive(("view", _view)),
    "block_suggestion": _interactive(("action_id", _is_str), ("block_id", _is_str),
                                     ("value", _is_str)),
    "shortcut": _interactive(("callback_id", _is_str)),
    "message_action": _interactive(("callback_id", _is_str)),
    "event_callback": lambda body: _required(body, "event", _event),
}


def shape_problem(body: Mapping[str, Any]) -> str | None:
    """What is wrong with this payload's envelope, or None when it has Slack's shape."""
    if "command" in body:  # a slash command: form fields, strings by construction
        return None if _is_str(body["command"]) else "command has an unexpected type"
    kind = body.get("type")
    if not isinstance(kind, str):
        return "type is missing or of an unexpected type"
    check = _BY_TYPE.get(kind)
    return check(body) if check else None
