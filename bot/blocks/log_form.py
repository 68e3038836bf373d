"""Reading the log modal (bot/blocks/log_modal.py) into a LogRequest, field by field."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from bot.blocks import ids
from bot.blocks.form_state import FormErrors, FormState, Problem
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


def read_log_form(view: Mapping[str, Any], *, today: date,
                  reader: Reader | None = None) -> LogRequest:
    """A LogRequest from the submitted view; FormErrors (by block_id) names every bad field.
    `reader`: the user's language (thousands separators) and the team's currency (another
    one typed with an amount is refused)."""
    state = FormState(view)
    errors: dict[str, Problem] = {}
    day = today
    raw_day = state.element(ids.LOG_DATE_BLOCK, ids.LOG_DATE_ACTION).get("selected_date")
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
        raw = state.element(block_id, ids.LOG_METRIC_ACTION).get("value")
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        if not isinstance(raw, str) or len(raw) > 40:
            errors[block_id] = ("form.not_a_number", {})
            continue
        try:
            quantities[metric] = parse_amount(raw.strip(), metric, reader=reader)
        except ParseError as exc:
            if exc.code != "zero":  # an explicit 0 in a form means "none", not a mistake
                errors[block_id] = ("form." + exc.code, dict(exc.params))
    source = state.option(state.element(ids.LOG_SOURCE_BLOCK, ids.LOG_SOURCE_ACTION))
    raw_source = state.element(ids.LOG_SOURCE_BLOCK, ids.LOG_SOURCE_ACTION).get(
        "selected_option")
    if (raw_source is not None and source is None) or (
            source is not None and source not in KNOWN_SOURCES):
        errors[ids.LOG_SOURCE_BLOCK] = ("form.bad_source", {})
    note = state.element(ids.LOG_NOTE_BLOCK, ids.LOG_NOTE_ACTION).get("value")
    if note is not None and (not isinstance(note, str) or len(note) > MAX_NOTE):
        errors[ids.LOG_NOTE_BLOCK] = ("form.note_too_long", {"limit": MAX_NOTE})
    if not quantities and not errors:
        errors[ids.LOG_METRIC_PREFIX + METRICS[0].value] = ("form.nothing", {})
    if errors:
        raise FormErrors(errors)
    return LogRequest(day=day, quantities=quantities, source=source,
                      note=note.strip() if isinstance(note, str) and note.strip() else None)


def refused_field(request: LogRequest, reason: str) -> str:
    """The block_id where a refusal by the rules every way in shares (bot/ingest/record.py)
    is shown: its reason starts with the field it names (date, source, note or a metric)."""
    named = {"date": ids.LOG_DATE_BLOCK, "source": ids.LOG_SOURCE_BLOCK,
             "note": ids.LOG_NOTE_BLOCK}.get(reason.split(" ", 1)[0])
    if named is not None:
        return named
    metric = next((m for m in request.quantities if reason.startswith(m.value)),
                  next(iter(request.quantities), METRICS[0]))
    return ids.LOG_METRIC_PREFIX + metric.value
