"""bot.ingest.record's one validation, compiled once per file.

A file repeats a few users, days, metrics, counts and sources a million times over. Each
field's text is checked once by record.py's own rules (the ones `/kpi log` and the webhook
pass) and remembered, in bounded caches, so a row costs a handful of lookups. The checker
only passes rows: a row it refuses (ValueError) is checked again the general way, which names
its first problem exactly as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TypeVar
from zoneinfo import ZoneInfo

from bot.ingest.dates import DateReader
from bot.ingest.record import (
    MAX_EXTERNAL_ID,
    MAX_TECHNIQUE,
    CheckedRow,
    RecordError,
    check_amount,
    check_currency,
    check_tag,
    is_email,
    metric_named,
    read_amount,
    read_currency,
    read_tag,
)
from bot.kpi.logparse import MAX_NOTE, MAX_SOURCE
from bot.kpi.metrics import Metric
from bot.slack_ids import is_user_id

K = TypeVar("K")
V = TypeVar("V")

FIELD_CACHE = 4096  # distinct texts remembered per field: a file has far fewer of most
DAY_CACHE = 16384  # (time zone, date text) pairs; a few MB at most


class Memo(dict[K, V]):
    """A dict that fills itself by `make` (a key it refuses is not kept) and starts afresh
    when it holds `limit` entries, so it stays small whatever the file. A hit is one dict
    lookup: cheaper than functools.lru_cache's, which a million rows would feel."""

    def __init__(self, make: Callable[[K], V], limit: int) -> None:
        super().__init__()
        self._make = make
        self._limit = limit

    def __missing__(self, key: K) -> V:
        value = self._make(key)
        if len(self) >= self._limit:
            self.clear()
        self[key] = value
        return value


def compile_checker(*, user_id: Callable[[str], str],
                    reader_of: Callable[[str], tuple[DateReader, date]],
                    metric_text: Callable[[str], str]) -> Callable[[Sequence[str]], CheckedRow]:
    """A checker of a row's fields, given as texts in record.FIELDS order, into a CheckedRow;
    it raises ValueError (RecordError, DateError) for a row that is not good.

    `user_id` resolves a user's text (Slack ID or e-mail), `reader_of` gives a user's date
    reader and today, `metric_text` translates a metric column's value (the mapping's)."""

    readers: dict[ZoneInfo, DateReader] = {}  # a file's readers differ only by zone

    def check_user(text: str) -> tuple[ZoneInfo, str, date]:
        """The zone the user's dates are read in, the user as stored, and their today."""
        resolved = user_id(text.strip())
        user = resolved.strip()
        if "@" in user:
            user = user.lower()
        if not user or not (is_user_id(user) or is_email(user)):
            raise RecordError("not a user")
        reader, today = reader_of(resolved)
        readers[reader.to_zone] = reader
        return reader.to_zone, user, today

    def check_day(key: tuple[ZoneInfo, str]) -> date:
        zone, text = key
        return readers[zone].day(text)

    def check_metric(text: str) -> Metric:
        metric = metric_named(metric_text(text).strip())
        if metric is None:
            raise RecordError("not a metric")
        return metric

    users = Memo(check_user, FIELD_CACHE)
    days = Memo(check_day, DAY_CACHE)
    metrics = Memo(check_metric, FIELD_CACHE)
    quantities = Memo(_check_quantity, FIELD_CACHE)
    values = Memo(_check_value, FIELD_CACHE)
    sources = Memo(_check_source, FIELD_CACHE)
    techniques = Memo(_check_technique, FIELD_CACHE)
    currencies = Memo(_check_currency, FIELD_CACHE)

    def check(fields: Sequence[str]) -> CheckedRow:
        (day_text, user_text, metric_text, quantity, value, source, technique, note, external,
         currency_text) = fields
        zone, user, today = users[user_text]
        day = days[(zone, day_text)]
        if day > today:
            raise RecordError("date in the future")
        metric = metrics[metric_text]
        note_text = note.strip() or None
        if note_text is not None and len(note_text) > MAX_NOTE:
            raise RecordError("note too long")
        external_id = external.strip() or None
        if external_id is not None and len(external_id) > MAX_EXTERNAL_ID:
            raise RecordError("external_id too long")
        amount = values[(metric, value)]
        currency = currencies[(metric, amount is not None, currency_text)]
        return (day, user, metric, quantities[(metric, quantity)], amount,
                sources[source], techniques[technique], note_text, external_id, currency)

    return check


def _check_quantity(key: tuple[Metric, str]) -> float:
    metric, text = key
    quantity = read_amount(text.strip() or "1", metric, "quantity")
    check_amount(metric, quantity)
    return quantity


def _check_value(key: tuple[Metric, str]) -> float | None:
    metric, text = key
    text = text.strip()
    if not text:
        return None
    if metric is not Metric.OPPORTUNITIES:
        raise RecordError("value is only for opportunities")
    value = read_amount(text, Metric.PIPELINE, "value")
    check_amount(Metric.PIPELINE, value)
    return value


def _check_source(text: str) -> str | None:
    tag = read_tag(text)
    check_tag("source", tag, MAX_SOURCE)
    return tag


def _check_technique(text: str) -> str | None:
    tag = read_tag(text)
    check_tag("technique", tag, MAX_TECHNIQUE)
    return tag


def _check_currency(key: tuple[Metric, bool, str]) -> str | None:
    metric, has_value, text = key
    currency = read_currency(text)
    check_currency(currency, metric, 1.0 if has_value else None)
    return currency
