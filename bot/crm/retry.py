"""Wait out a CRM's rate limit: honour Retry-After, within a bounded total wait."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from bot.crm.errors import CrmRateLimitError

T = TypeVar("T")


class RateLimited(Exception):
    """Raised by a call wrapper when the CRM said 429 (or its equivalent)."""

    def __init__(self, retry_after: float | None, detail: str) -> None:
        super().__init__(detail)
        self.retry_after = retry_after
        self.detail = detail


@dataclass(frozen=True)
class RetryPolicy:
    """`default_wait` applies when the answer names no Retry-After (HubSpot's limits are per ten
    seconds); `max_wait` caps one sleep and `max_total_wait` the sum, so a daily limit fails
    the run instead of hanging it."""

    default_wait: float = 10.0
    max_wait: float = 60.0
    max_total_wait: float = 300.0
    max_attempts: int = 8


def parse_retry_after(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None  # the HTTP-date form; no CRM we read sends it, fall back to the default
    return max(seconds, 0.0)


def call_with_retry(call: Callable[[], T], *, policy: RetryPolicy,
                    sleep: Callable[[float], None]) -> T:
    waited = 0.0
    for attempt in range(1, policy.max_attempts + 1):
        try:
            return call()
        except RateLimited as limited:
            wait = limited.retry_after if limited.retry_after is not None else policy.default_wait
            wait = min(wait, policy.max_wait)
            if attempt == policy.max_attempts or waited + wait > policy.max_total_wait:
                raise CrmRateLimitError(
                    f"rate limit still exceeded after {attempt} attempts and {waited:.0f} s of "
                    f"waiting: {limited.detail}") from limited
            sleep(wait)
            waited += wait
    raise AssertionError("unreachable: the loop returns or raises")
