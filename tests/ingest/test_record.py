"""The one validation every way in passes: check_record, and /kpi log's requests through it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.ingest.dates import ISO, DateError, detect_format
from bot.ingest.record import ActivityRecord, RecordError, check_record, log_records
from bot.kpi.logparse import parse_log
from bot.kpi.metrics import Metric

TODAY = date(2026, 11, 27)


def test_log_requests_pass_the_same_check_with_the_366_day_limit() -> None:
    request = parse_log("25 calls 2 opps worth 40k yesterday source:inbound", today=TODAY)
    records = log_records(request, user_id="U0SDR1", today=TODAY)
    assert [(r.metric, r.quantity, r.value) for r in records] == [
        (Metric.CALLS, 25, None), (Metric.OPPORTUNITIES, 2, 40_000)]
    old = ActivityRecord(day=TODAY - timedelta(days=400), user="U0SDR1", metric=Metric.CALLS,
                         quantity=1)
    with pytest.raises(RecordError, match="more than 366 days ago"):
        check_record(old, today=TODAY, max_days_back=366)
    assert check_record(old, today=TODAY, max_days_back=None) is old  # imports take history


@pytest.mark.parametrize(("changes", "reason"), [
    ({"quantity": 0.0}, "more than 0"),
    ({"quantity": 1.5}, "whole number"),
    ({"quantity": 100_001.0}, "not a day's work"),
    ({"value": 5.0}, "only for opportunities"),
    ({"source": "two words"}, "one word"),
    ({"technique": "x" * 41}, "at most 40"),
    ({"note": "n" * 301}, "longer than 300"),
    ({"user": "someone"}, "neither a Slack user ID nor an e-mail"),
    ({"day": TODAY + timedelta(days=1)}, "in the future"),
    ({"external_id": "e" * 129}, "1 to 128"),
])
def test_every_rule_names_its_field(changes: dict[str, object], reason: str) -> None:
    fields: dict[str, object] = {"day": TODAY, "user": "U0SDR1", "metric": Metric.CALLS,
                                 "quantity": 3.0, **changes}
    with pytest.raises(RecordError, match=reason):
        check_record(ActivityRecord(**fields), today=TODAY,  # type: ignore[arg-type]
                     max_days_back=None)


def test_date_formats_are_detected_or_refused() -> None:
    assert detect_format(["2026-11-20", "2026-11-21 09:00"]) == ISO
    assert detect_format(["20.11.2026", "21.11.2026"]) == "%d.%m.%Y"
    assert detect_format(["11/20/2026", "12/01/2026"]) == "%m/%d/%Y"
    assert detect_format(["20/11/2026", "bad"]) == "%d/%m/%Y"  # the bad one is a row error
    with pytest.raises(DateError, match="could be read as"):
        detect_format(["03/04/2026"])
    with pytest.raises(DateError, match="no format known"):
        detect_format(["next tuesday"])
