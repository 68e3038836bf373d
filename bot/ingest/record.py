"""One activity as every way in sees it, and the one validation they all pass.

Pure (stdlib and bot.kpi only): a CSV row, a webhook item and `/kpi log` each become
ActivityRecords and go through `check_record`; storage sees only records that passed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from bot.kpi.logparse import (
    MAX_COUNT,
    MAX_DAYS_BACK,
    MAX_MONEY,
    MAX_NOTE,
    MAX_SOURCE,
    LogRequest,
    ParseError,
    parse_amount,
)
from bot.kpi.metrics import METRICS, Metric, metric_from_text
from bot.slack_ids import is_user_id

MAX_TECHNIQUE = 40
MAX_EXTERNAL_ID = 128
_TAG = re.compile(r"[\w-]+")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{1,60}$")
FIELDS = ("date", "user", "metric", "quantity", "value", "source", "technique", "note",
          "external_id", "currency")
_CURRENCY = re.compile(r"[A-Z]{3}")  # an ISO 4217 code


class RecordError(ValueError):
    """Why an item was refused: a short English reason naming the field."""


@dataclass(frozen=True)
class ActivityRecord:
    """One metric's quantity for one user on one day; `value` is an opportunity's pipeline."""

    day: date
    user: str  # a Slack user ID once resolved; a CSV or webhook may give an e-mail first
    metric: Metric
    quantity: float
    value: float | None = None
    source: str | None = None
    technique: str | None = None
    note: str | None = None
    external_id: str | None = None
    # The currency of its money (pipeline, or an opportunity's value); None: the SDR's team's
    # currency when it is stored. An export writes it, so a re-import keeps every amount's.
    currency: str | None = None

    def quantities(self) -> dict[Metric, float]:
        """What it adds to the scorecard: the metric, and pipeline for an opportunity's value."""
        out = {self.metric: self.quantity}
        if self.value is not None:
            out[Metric.PIPELINE] = out.get(Metric.PIPELINE, 0.0) + self.value
        return out


# A checked record as a plain tuple, in ActivityRecord's field order: what a file's million
# rows travel as to storage (a tuple costs a tenth of a frozen dataclass to make).
CheckedRow = tuple[date, str, Metric, float, float | None, str | None, str | None, str | None,
                   str | None, str | None]


def as_row(record: ActivityRecord) -> CheckedRow:
    return (record.day, record.user, record.metric, record.quantity, record.value,
            record.source, record.technique, record.note, record.external_id, record.currency)


def is_email(text: str) -> bool:
    return bool(_EMAIL.match(text))


def check_record(record: ActivityRecord, *, today: date, max_days_back: int | None
                 ) -> ActivityRecord:
    """The record, if every field is within the rules; RecordError names the first that is not.

    `max_days_back` is `/kpi log`'s limit (MAX_DAYS_BACK); imports pass None, since history
    of any age may be imported. bot/ingest/row_check.py compiles these same rules for a file's
    million rows: a rule added here goes there too (tests/ingest/test_row_check.py compares
    the two on a table and on generated rows).
    """
    if record.day > today:
        raise RecordError(f"date {record.day.isoformat()} is in the future")
    if max_days_back is not None and (today - record.day).days > max_days_back:
        raise RecordError(f"date {record.day.isoformat()} is more than {max_days_back} days ago")
    if not (is_user_id(record.user) or is_email(record.user)):
        raise RecordError(f"user {record.user[:60]!r} is neither a Slack user ID nor an e-mail")
    check_amount(record.metric, record.quantity)
    if record.value is not None:
        if record.metric is not Metric.OPPORTUNITIES:
            raise RecordError("value is only for opportunities (their pipeline)")
        check_amount(Metric.PIPELINE, record.value)
    check_currency(record.currency, record.metric, record.value)
    check_tag("source", record.source, MAX_SOURCE)
    check_tag("technique", record.technique, MAX_TECHNIQUE)
    if record.note is not None and len(record.note) > MAX_NOTE:
        raise RecordError(f"note is longer than {MAX_NOTE} characters")
    if record.external_id is not None and not 0 < len(record.external_id) <= MAX_EXTERNAL_ID:
        raise RecordError(f"external_id must be 1 to {MAX_EXTERNAL_ID} characters")
    return record


def check_amount(metric: Metric, amount: float) -> None:
    limit = MAX_MONEY if metric.is_money else MAX_COUNT
    if amount <= 0:
        raise RecordError(f"{metric.value} must be more than 0")
    if not metric.is_money and amount != int(amount):
        raise RecordError(f"{metric.value} must be a whole number")
    if amount > limit:
        raise RecordError(f"{metric.value} above {int(limit):,} is not a day's work")


def check_currency(currency: str | None, metric: Metric, value: float | None) -> None:
    if currency is None:
        return
    if not _CURRENCY.fullmatch(currency):
        raise RecordError(f"currency {currency[:40]!r} must be a three-letter code"
                          " such as USD, EUR or NOK")
    if not metric.is_money and value is None:
        raise RecordError("currency is only for money (pipeline, or an opportunity's value)")


def read_currency(text: str | None) -> str | None:
    return (text or "").strip().upper() or None


def check_tag(name: str, tag: str | None, limit: int) -> None:
    if tag is not None and (len(tag) > limit or not _TAG.fullmatch(tag)):
        raise RecordError(f"{name} {tag[:40]!r} must be one word of letters, digits or -,"
                          f" at most {limit} long")


def record_from_fields(fields: Mapping[str, str], *, day: date) -> ActivityRecord:
    """A record from text fields (a CSV row or a webhook item); the day is parsed by the caller,
    who knows the file's date format and time zone. RecordError names the first bad field."""
    user = fields.get("user", "").strip()
    if not user:
        raise RecordError("user is missing")
    metric_text = fields.get("metric", "").strip()
    metric = metric_named(metric_text)
    if metric is None:
        raise RecordError(f"metric {metric_text[:40]!r} is not one of "
                          + ", ".join(m.value for m in METRICS))
    quantity = read_amount(fields.get("quantity", "").strip() or "1", metric, "quantity")
    value_text = fields.get("value", "").strip()
    value = read_amount(value_text, Metric.PIPELINE, "value") if value_text else None
    return ActivityRecord(
        day=day, user=user.lower() if "@" in user else user, metric=metric, quantity=quantity,
        value=value, source=read_tag(fields.get("source")),
        technique=read_tag(fields.get("technique")),
        note=(fields.get("note") or "").strip() or None,
        external_id=(fields.get("external_id") or "").strip() or None,
        currency=read_currency(fields.get("currency")),
    )


def read_amount(text: str, metric: Metric, name: str) -> float:
    if text.isascii() and text.isdigit():  # most rows: a plain count, no need for the grammar
        return float(int(text))
    try:
        return parse_amount(text, metric)
    except ParseError as exc:
        reason = {"negative": "is negative", "zero": "is 0", "not_whole": "is not whole",
                  "too_large": "is too large"}.get(exc.code, "is not a number")
        raise RecordError(f"{name} {text[:40]!r} {reason}") from None


@lru_cache(maxsize=1024)  # a file names a handful of metrics, a million times over
def metric_named(text: str) -> Metric | None:
    return metric_from_text(text)


def read_tag(text: str | None) -> str | None:
    return (text or "").strip().lower() or None


def log_records(request: LogRequest, *, user_id: str, today: date) -> list[ActivityRecord]:
    """`/kpi log`'s request as records, each through check_record with its 366-day limit:
    the same validation an imported row and a webhook item pass. RecordError if one fails."""
    quantities = dict(request.quantities)
    value = None
    if Metric.OPPORTUNITIES in quantities and Metric.PIPELINE in quantities:
        value = quantities.pop(Metric.PIPELINE)  # "2 opps worth 40k": pipeline rides along
    return [
        check_record(ActivityRecord(
            day=request.day, user=user_id, metric=metric, quantity=amount,
            value=value if metric is Metric.OPPORTUNITIES else None, source=request.source,
            note=request.note), today=today, max_days_back=MAX_DAYS_BACK)
        for metric, amount in quantities.items()
    ]


__all__ = ["MAX_DAYS_BACK", "ActivityRecord", "CheckedRow", "RecordError", "as_row",
           "check_amount", "check_currency", "check_record", "check_tag", "log_records",
           "metric_named", "read_amount", "read_currency", "read_tag", "record_from_fields"]
