"""Cursors survive storage as JSON and never move back; rate-limit waits are bounded."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.crm.activity import CrmCursor
from bot.crm.errors import CrmRateLimitError
from bot.crm.retry import RateLimited, RetryPolicy, call_with_retry, parse_retry_after
from bot.crm.timestamps import day_of, parse_timestamp

T1 = datetime(2026, 11, 30, 9, 1, 0, 123000, tzinfo=UTC)


def test_cursor_round_trips_and_only_moves_forward() -> None:
    cursor = CrmCursor().advanced("call", T1).advanced("deal", T1)
    assert CrmCursor.from_json(cursor.to_json()) == cursor
    assert cursor.advanced("call", datetime(2026, 1, 1, tzinfo=UTC)) == cursor
    with pytest.raises(ValueError, match="JSON object"):
        CrmCursor.from_json("[1]")


def test_retry_after_is_honoured_and_the_total_wait_is_bounded() -> None:
    answers: list[float | None] = [2.0, None]
    sleeps: list[float] = []

    def flaky() -> str:
        if answers:
            raise RateLimited(answers.pop(0), "429")
        return "ok"

    policy = RetryPolicy(default_wait=10, max_wait=60, max_total_wait=100)
    assert call_with_retry(flaky, policy=policy, sleep=sleeps.append) == "ok"
    assert sleeps == [2.0, 10.0]

    def always() -> str:
        raise RateLimited(3600.0, "REQUEST_LIMIT_EXCEEDED")

    sleeps.clear()
    with pytest.raises(CrmRateLimitError, match="REQUEST_LIMIT_EXCEEDED"):
        call_with_retry(always, policy=policy, sleep=sleeps.append)
    assert sleeps == [60.0]  # one capped wait; the next would pass the total budget


def test_retry_after_values() -> None:
    assert parse_retry_after("5") == 5.0
    assert parse_retry_after(" 0.5 ") == 0.5
    assert parse_retry_after("-3") == 0.0
    assert parse_retry_after("Wed, 21 Oct 2026 07:28:00 GMT") is None
    assert parse_retry_after(None) is None


def test_crm_timestamp_forms() -> None:
    assert parse_timestamp("2026-11-30T09:01:00.123Z") == T1
    assert parse_timestamp("2026-11-30T09:01:00.123+0000") == T1
    assert parse_timestamp(str(int(T1.timestamp() * 1000))) == T1
    assert parse_timestamp("") is None
    assert parse_timestamp("soon") is None
    assert day_of("2026-11-26", UTC) == date(2026, 11, 26)
