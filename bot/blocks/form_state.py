"""Reading a submitted view's state: the one place that knows the shape of
`view.state.values`, tolerant of anything a forged payload puts there."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

Problem = tuple[str, dict[str, object]]  # a catalogue key and its parameters
_ID = re.compile(r"[0-9]{1,9}")  # ASCII only: str.isdigit() also takes '²', which int() refuses


class FormErrors(Exception):
    """Field errors of a form, by block_id, as Slack's response_action "errors" wants them."""

    def __init__(self, errors: Mapping[str, Problem], *, draft: object = None) -> None:
        super().__init__(", ".join(errors))
        self.errors = dict(errors)
        self.draft = draft  # what could be read, for checks that need the database


def parse_id(value: object) -> int | None:
    """A database id from a payload string, or None; never raises."""
    return int(value) if isinstance(value, str) and _ID.fullmatch(value) else None


class FormState:
    """The values of one submitted (or redrawn) view."""

    def __init__(self, view: Mapping[str, Any]) -> None:
        state = view.get("state")
        values = state.get("values") if isinstance(state, Mapping) else None
        self.values: Mapping[str, Any] = values if isinstance(values, Mapping) else {}
        self.metadata = _metadata(view)

    def element(self, block_id: str, action_id: str) -> Mapping[str, Any]:
        block = self.values.get(block_id)
        element = block.get(action_id) if isinstance(block, Mapping) else None
        return element if isinstance(element, Mapping) else {}

    def block_id(self, prefix: str) -> str:
        """The block id a field had in this view: ids may carry a revision ("name:3")."""
        for block_id in self.values:
            if isinstance(block_id, str) and block_id.split(":")[0] == prefix:
                return block_id
        return prefix

    def by_prefix(self, prefix: str, action_id: str) -> Mapping[str, Any]:
        return self.element(self.block_id(prefix), action_id)

    def text(self, element: Mapping[str, Any]) -> str | None:
        value = element.get("value")
        return value if isinstance(value, str) else None

    def option(self, element: Mapping[str, Any]) -> str | None:
        option = element.get("selected_option")
        value = option.get("value") if isinstance(option, Mapping) else None
        return value if isinstance(value, str) else None

    def options(self, element: Mapping[str, Any]) -> list[str | None] | None:
        """The values of a checkbox group (None for one that is not a string); None when the
        payload is not a list."""
        options = element.get("selected_options")
        if not isinstance(options, list):
            return None
        values = [o.get("value") if isinstance(o, Mapping) else None for o in options]
        return [v if isinstance(v, str) else None for v in values]

    def users(self, element: Mapping[str, Any]) -> list[object] | None:
        users = element.get("selected_users")
        return list(users) if isinstance(users, list) else None

    def day(self, element: Mapping[str, Any]) -> date | str | None:
        """A picked date; the raw value when it is not one (a forged payload), None if none."""
        raw = element.get("selected_date")
        if raw is None:
            return None
        if not isinstance(raw, str):
            return repr(raw)[:20]
        try:
            return date.fromisoformat(raw)
        except ValueError:
            return raw


def _metadata(view: Mapping[str, Any]) -> dict[str, int]:
    """Small integers from private_metadata (team_id, rev): hints only, every use of them is
    re-authorised on the server."""
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except (TypeError, ValueError):
        data = {}
    result = {}
    for key, value in (data.items() if isinstance(data, dict) else ()):
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**31:
            result[key] = value
    return result
