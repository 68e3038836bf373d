"""Reading the log modal's submitted state into a LogRequest, field by field."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from bot.blocks import ids
from bot.kpi.logparse import (
    KNOWN_SOURCES,
    MAX_NOTE,
    LogRequest,
    ParseError,
    Reader,
    parse_amount,
    parse_day,
)
from bot.kpi.metrics import METRICS, Metric


class FormErrors(Exception):
    """Field errors: block_id -> (catalogue key, params)."""

    def __init__(self, errors: dict[str, tuple[str, dict[str, object]]]) -> None:
        super().__init__(", ".join(errors))
        self.errors = errors


def _value(values: Mapping[str, Any], block_id: str, action_id: str) -> Any:
    block = values.get(block_id)
    if not isinstance(block, Mapping):
        return None
    element = block.get(action_id)
    return element if isinstance(element, Mapping) else None


def read_log_form(values: Mapping[str, Any], *, today: date,
                  reader: Reader | None = None) -> LogRequest:
    """A LogRequest from view.state.values; FormErrors names every bad field. `reader`: the
    user's language (for thousands) and the team's currency (a different one is refused)."""
    errors: dict[str, tuple[str, dict[str, object]]] = {}
    day = today
    picked = _value(values, ids.LOG_DATE_BLOCK, ids.LOG_DATE_ACTION)
    raw_day = picked.get("selected_date") if picked else None
    if not isinstance(raw_day, str) or not raw_day:
        errors[ids.LOG_DATE_BLOCK] = ("form.date_required", {})
    else:
        try:
            day = parse_day(raw_day, today=today)
        except ParseError as exc:
            errors[ids.LOG_DATE_BLOCK] = ("parse." + exc.code, dict(exc.params))
    quantities: dict[Metric, float] = {}
    for metric in METRICS:
        block_id = ids.LOG_METRIC_PREFIX + metric.value
        field = _value(values, block_id, ids.LOG_METRIC_ACTION)
        raw = field.get("value") if field else None
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        if not isinstance(raw, str) or len(raw) > 40:
            errors[block_id] = ("form.not_a_number", {})
            continue
        try:
            value = parse_amount(raw.strip(), metric, reader=reader)
        except ParseError as exc:
            if exc.code == "zero":
                continue  # an explicit 0 in a form means "none", not a mistake
            errors[block_id] = ("form." + exc.code, dict(exc.params))
            continue
        quantities[metric] = value
    source_field = _value(values, ids.LOG_SOURCE_BLOCK, ids.LOG_SOURCE_ACTION)
    option = source_field.get("selected_option") if source_field else None
    source = option.get("value") if isinstance(option, Mapping) else None
    if source is not None and source not in KNOWN_SOURCES:
        errors[ids.LOG_SOURCE_BLOCK] = ("form.bad_source", {})
    note_field = _value(values, ids.LOG_NOTE_BLOCK, ids.LOG_NOTE_ACTION)
    note = note_field.get("value") if note_field else None
    if note is not None and (not isinstance(note, str) or len(note) > MAX_NOTE):
        errors[ids.LOG_NOTE_BLOCK] = ("form.note_too_long", {"limit": MAX_NOTE})
    if not quantities and not errors:
        errors[ids.LOG_METRIC_PREFIX + METRICS[0].value] = ("form.nothing", {})
    if errors:
        raise FormErrors(errors)
    return LogRequest(day=day, quantities=quantities, source=source,
                      note=note.strip() if isinstance(note, str) and note.strip() else None)
