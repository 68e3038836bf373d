"""Reading the targets modal (bot/blocks/targets_modal.py) into a TargetsInput."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.blocks import ids
from bot.blocks.form_state import FormErrors, FormState, Problem, parse_id
from bot.inputs import TargetsDraft, TargetsInput
from bot.kpi.logparse import MAX_COUNT, MAX_MONEY, ParseError, Reader, parse_amount
from bot.kpi.metrics import Metric
from bot.kpi.numbers import AmbiguousNumber, parse_number
from bot.kpi.periods import PeriodKind
from bot.kpi.targets import TARGET_KINDS

MAX_PICKED = 100
MAX_USER_ID = 32


@dataclass(frozen=True)
class Selection:
    """Who and which period the modal shows: enough to redraw it."""

    team_id: int | None
    user_ids: list[str]
    include_default: bool
    kind: PeriodKind
    rev: int


def read_selection(view: Mapping[str, Any]) -> Selection:
    """The selection part of the modal state (for redraws); tolerant of anything odd."""
    state = FormState(view)
    team_id = state.metadata.get("team_id")
    picked = parse_id(state.option(state.element(ids.TARGETS_TEAM_BLOCK,
                                                 ids.TARGETS_TEAM_ACTION)))
    if picked is not None:
        team_id = picked
    users = state.users(state.element(ids.TARGETS_SDRS_BLOCK, ids.TARGETS_SDRS_ACTION)) or []
    user_ids = [u for u in users if isinstance(u, str) and len(u) <= MAX_USER_ID][:MAX_PICKED]
    options = state.options(state.element(ids.TARGETS_DEFAULT_BLOCK,
                                          ids.TARGETS_DEFAULT_ACTION)) or []
    kind_value = state.option(state.element(ids.TARGETS_KIND_BLOCK, ids.TARGETS_KIND_ACTION))
    kind = PeriodKind(kind_value) if kind_value in {k.value for k in TARGET_KINDS} \
        else PeriodKind.WEEK
    return Selection(team_id, user_ids, "team" in options, kind,
                     state.metadata.get("rev", 0))


def read_targets(view: Mapping[str, Any], *, reader: Reader | None = None) -> TargetsInput:
    """The whole submission as a TargetsInput; FormErrors (by block_id) names what cannot be
    read. Whether the user may set it, and for whom, is the service's to say. `reader`: the
    manager's language, for thousands separators."""
    state = FormState(view)
    selection = read_selection(view)
    errors: dict[str, Problem] = {}
    effective = state.day(state.element(ids.TARGETS_FROM_BLOCK, ids.TARGETS_FROM_ACTION))
    if not isinstance(effective, date):
        errors[ids.TARGETS_FROM_BLOCK] = ("form.date_required", {})
    start = state.day(state.element(ids.TARGETS_START_BLOCK, ids.TARGETS_START_ACTION))
    if start is not None and not isinstance(start, date):
        errors[ids.TARGETS_START_BLOCK] = ("targets.start_range", {})
    money_text: dict[Metric, str] = {}
    values = _read_values(state, errors, _initial_values(view), reader or Reader(), money_text)
    if not values and not errors and not isinstance(start, date):
        errors[ids.TARGETS_SDRS_BLOCK] = ("targets.nothing_changed", {})
    if errors:
        raise FormErrors(errors, draft=TargetsDraft(
            selection.team_id, selection.user_ids, selection.include_default))
    assert isinstance(effective, date)
    return TargetsInput(team_id=selection.team_id, user_ids=selection.user_ids,
                        include_default=selection.include_default, kind=selection.kind,
                        effective_from=effective, values=values,
                        start_date=start if isinstance(start, date) else None,
                        money_text=money_text)


def _initial_values(view: Mapping[str, Any]) -> dict[str, str]:
    """What each target field was pre-filled with (the view Slack sends back carries the
    blocks as built), by block id; "" for an empty field."""
    found = {}
    blocks = view.get("blocks")
    for block in blocks if isinstance(blocks, list) else ():
        if not isinstance(block, Mapping):
            continue
        block_id, element = block.get("block_id"), block.get("element")
        if isinstance(block_id, str) and block_id.startswith(ids.TARGET_FIELD_PREFIX) \
                and isinstance(element, Mapping):
            initial = element.get("initial_value")
            found[block_id] = initial.strip() if isinstance(initial, str) else ""
    return found


def _read_values(state: FormState, errors: dict[str, Problem], initial: Mapping[str, str],
                 reader: Reader, money_text: dict[Metric, str]) -> dict[Metric, float]:
    """A value per metric the user changed (0 for an emptied field); a field left as it was
    pre-filled (or left empty) changes nothing, so saving one new number stores one number.
    Field ids carry a revision; take any."""
    found: dict[Metric, float] = {}
    for block_id in state.values:
        if not isinstance(block_id, str) or not block_id.startswith(ids.TARGET_FIELD_PREFIX):
            continue
        key = block_id[len(ids.TARGET_FIELD_PREFIX):].split(":")[0]
        try:
            metric = Metric(key)
        except ValueError:
            continue
        raw = state.element(block_id, ids.TARGET_FIELD_ACTION).get("value")
        text = raw.strip() if isinstance(raw, str) else "" if raw is None else None
        if text is not None and text == initial.get(block_id, ""):
            continue  # left as it was
        if not text and text is not None:
            found[metric] = 0.0  # a pre-filled value emptied: no target from then on
            continue
        if not isinstance(raw, str) or len(raw) > 40:
            errors[block_id] = ("form.not_a_number", {})
            continue
        try:
            found[metric] = _target_value(raw.strip(), metric, reader)
            if metric.is_money:
                money_text[metric] = raw.strip()
        except ParseError as exc:
            errors[block_id] = ("form." + exc.code, {"limit": int(MAX_MONEY), **exc.params})
    return found


def _target_value(text: str, metric: Metric, reader: Reader) -> float:
    """A target as typed: money as money; a count may have decimals (1.5 opportunities a
    week), kept as typed, never truncated."""
    if text == "0":
        return 0.0
    if metric.is_money:
        return parse_amount(text, metric, reader=reader)
    if text.startswith("-"):
        raise ParseError("negative", metric=metric.value)
    try:
        value = parse_number(text, currencies=(), marks=reader.marks)
    except AmbiguousNumber as exc:
        raise ParseError("ambiguous_number", text=text[:40], whole=f"{exc.whole:g}",
                         fraction=f"{exc.fraction:g}".replace(".", reader.marks.decimal)
                         ) from None
    if value is None:
        raise ParseError("bad_number", text=text[:40])
    if value > MAX_COUNT:
        raise ParseError("too_large", metric=metric.value, limit=MAX_COUNT)
    return value


def block_for(field: str, view: Mapping[str, Any]) -> str:
    """Where the modal shows a service's error about `field` (see bot.inputs.FieldErrors)."""
    if field.startswith("values."):
        state = FormState(view)
        prefix = f"{ids.TARGET_FIELD_PREFIX}{field.removeprefix('values.')}"
        return next((b for b in state.values if isinstance(b, str)
                     and b.split(":")[:2] == prefix.split(":")[:2]), ids.TARGETS_SDRS_BLOCK)
    return {"effective_from": ids.TARGETS_FROM_BLOCK, "kind": ids.TARGETS_KIND_BLOCK,
            "start_date": ids.TARGETS_START_BLOCK}.get(field, ids.TARGETS_SDRS_BLOCK)
