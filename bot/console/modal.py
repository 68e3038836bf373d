"""A modal's input blocks as questions at a prompt, and typed answers as Slack's state values.

Only what Slack's own client enforces is checked here (a required field left empty, a date that
is not a date, a choice that is not on the list); everything else goes to the app, so the
console shows the app's own field errors.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from bot.console.render import Style, strip_ansi, text_object
from bot.kpi.words import all_words
from bot.slack_ids import is_conversation_id, is_user_id

TEXT_KINDS = ("plain_text_input", "number_input", "email_text_input", "url_text_input",
              "rich_text_input")
SINGLE_CHOICE = ("static_select", "radio_buttons", "external_select")
MULTI_CHOICE = ("multi_static_select", "checkboxes", "multi_external_select")
USER_KINDS = ("users_select", "multi_users_select")
CHANNEL_KINDS = ("conversations_select", "channels_select", "multi_conversations_select",
                 "multi_channels_select")


class AnswerError(ValueError):
    """What Slack's client would say about an answer before sending it."""


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Question:
    block_id: str
    label: str
    kind: str
    optional: bool
    default: Any = None  # the raw answer Enter keeps (the element's initial value)
    options: tuple[Option, ...] = ()
    hint: str = ""
    placeholder: str = ""
    limits: dict[str, Any] = field(default_factory=dict)
    action_id: str = ""
    redraws: bool = False  # dispatch_action: Slack tells the app at once, and it may redraw

    @property
    def multi(self) -> bool:
        return self.kind in MULTI_CHOICE or self.kind.startswith("multi_")

    def shown_default(self) -> str:
        if self.default in (None, "", []):
            return ""
        if self.options:
            values = self.default if isinstance(self.default, list) else [self.default]
            labels = {o.value: o.label for o in self.options}
            return ", ".join(labels.get(str(v), str(v)) for v in values)
        if isinstance(self.default, list):
            return ", ".join(str(v) for v in self.default)
        return str(self.default)


def _options(element: Mapping[str, Any]) -> tuple[Option, ...]:
    raw = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        raw += list(group.get("options") or [])
    return tuple(Option(str(o.get("value", "")), text_object(o.get("text")))
                 for o in raw if isinstance(o, Mapping))


def _default(element: Mapping[str, Any]) -> Any:
    kind = element.get("type", "")
    if kind == "datepicker":
        return element.get("initial_date")
    if kind == "timepicker":
        return element.get("initial_time")
    if kind in SINGLE_CHOICE:
        option = element.get("initial_option")
        return option.get("value") if isinstance(option, Mapping) else None
    if kind in MULTI_CHOICE:
        return [o.get("value") for o in element.get("initial_options") or []]
    if kind == "users_select":
        return element.get("initial_user")
    if kind == "multi_users_select":
        return list(element.get("initial_users") or [])
    if kind in CHANNEL_KINDS:
        return (element.get("initial_conversation") or element.get("initial_channel")
                or element.get("initial_conversations") or element.get("initial_channels"))
    return element.get("initial_value")


def questions(view: Mapping[str, Any]) -> list[Question]:
    """One question per input block, in the modal's order."""
    found = []
    for block in view.get("blocks") or []:
        if not isinstance(block, Mapping) or block.get("type") != "input":
            continue
        element = block.get("element") or {}
        limits = {k: element[k] for k in ("min_length", "max_length", "min_value",
                                           "max_value", "max_selected_items") if k in element}
        found.append(Question(
            block_id=str(block.get("block_id", "")),
            label=text_object(block.get("label")),
            kind=str(element.get("type", "plain_text_input")),
            optional=bool(block.get("optional")),
            default=_default(element),
            options=_options(element),
            hint=text_object(block.get("hint")),
            placeholder=text_object(element.get("placeholder")),
            limits=limits,
            action_id=str(element.get("action_id", "")),
            redraws=bool(block.get("dispatch_action")),
        ))
    return found


def option_lines(question: Question, style: Style, width: int) -> list[str]:
    """The numbered choices of a select, on as few lines as fit."""
    if not question.options:
        return []
    items = [f"{style.paint(str(n), 'cyan', 'bold')}) {o.label}"
             for n, o in enumerate(question.options, 1)]
    lines: list[str] = []
    current = ""
    for item in items:
        if current and len(strip_ansi(current + item)) + 3 > width:
            lines.append(current)
            current = ""
        current = f"{current}   {item}" if current else item
    lines.append(current)
    return lines


def prompt_text(question: Question) -> str:
    """`Calls (optional): `, `Day [2026-11-27]: `, `Lead source (optional, 1-5): `."""
    notes = []
    if question.optional:
        notes.append("optional")
    if question.options:
        notes.append(f"1-{len(question.options)}" + (", several: 1,3" if question.multi
                                                        else ""))
    elif question.kind == "datepicker":
        notes.append("YYYY-MM-DD")
    elif question.kind == "timepicker":
        notes.append("HH:MM")
    elif question.placeholder and question.placeholder != "0":
        notes.append(question.placeholder)
    text = question.label + (f" ({', '.join(notes)})" if notes else "")
    shown = question.shown_default()
    if shown:
        text += f" [{shown}]"
    return text + ": "


def _choose(question: Question, word: str) -> str:
    word = word.strip()
    if word.isdigit() and 1 <= int(word) <= len(question.options):
        return question.options[int(word) - 1].value
    for option in question.options:
        if word.lower() in (option.value.lower(), option.label.lower()):
            return option.value
    raise AnswerError(f"Pick a number from 1 to {len(question.options)}.")


def parse_answer(question: Question, line: str) -> Any:
    """The raw answer for Slack's state values (see payloads.state_values); AnswerError when
    Slack's client itself would refuse it."""
    text = line.strip()
    if not text:
        if question.default not in (None, "", []):
            return question.default
        if not question.optional:
            raise AnswerError("This field is required.")
        return [] if question.multi else None
    kind = question.kind
    if question.options:
        if question.multi:
            return [_choose(question, part) for part in text.split(",") if part.strip()]
        return _choose(question, text)
    if kind == "datepicker":
        # A console nicety: Slack's date picker is a calendar, here the log's day words work
        # too, in every language ("yesterday", "i går").
        typed = text.lower().replace(" ", "")
        back = next((n for phrase, n in all_words().days_back
                     if phrase.replace(" ", "") == typed), None)
        if back is not None:
            return (date.today() - timedelta(days=back)).isoformat()
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise AnswerError("Write the date as YYYY-MM-DD (or today, yesterday).") from None
    if kind == "timepicker":
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", text):
            raise AnswerError("Write the time as HH:MM, such as 09:30.")
        return text
    if kind in USER_KINDS or kind in CHANNEL_KINDS:
        ids = [part.strip().lstrip("@#").upper() for part in text.split(",") if part.strip()]
        rule, example = ((is_user_id, "U0SDR1") if kind in USER_KINDS
                         else (is_conversation_id, "C0TEAM"))
        bad = [i for i in ids if not rule(i)]
        if bad:
            raise AnswerError(f"{bad[0]} is not a Slack ID such as {example}.")
        return ids if question.multi else ids[0]
    limit = question.limits.get("max_length")
    if kind in TEXT_KINDS and isinstance(limit, int) and len(text) > limit:
        raise AnswerError(f"Keep it to {limit} characters.")
    minimum = question.limits.get("min_length")
    if kind in TEXT_KINDS and isinstance(minimum, int) and len(text) < minimum:
        raise AnswerError(f"Write at least {minimum} characters.")
    return text
