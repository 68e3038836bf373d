"""Fixtures for the scheduled posts: a Posting against a LocalSlack that keeps channel history
(tests/posts/channel_slack.py), retry waits recorded."""

from __future__ import annotations

from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import pytest
from slack_sdk.http_retry import async_handler, builtin_async_handlers

from bot.config import Settings
from bot.console.local_slack import LocalSlack
from bot.services.posting import Posting
from storage.db import Store
from tests.conftest import Clock
from tests.posts.channel_slack import ChannelSlack
from tests.posts.seed import POST_TIME, make_posting
from tests.slack_contract import contract_checked


@pytest.fixture
async def slack(clock: Clock) -> AsyncIterator[ChannelSlack]:
    """The LocalSlack with channels that keep what was posted, stamped by the test's clock."""
    local = ChannelSlack(clock=lambda: clock.current.timestamp())
    await local.start()
    yield local
    await local.stop()


@pytest.fixture(autouse=True)
async def slack_contract(slack: LocalSlack, monkeypatch: pytest.MonkeyPatch
                         ) -> AsyncIterator[None]:
    """Every call that reached the LocalSlack keeps to Slack's contract, checked after each
    test (a LocalSlack that saw nothing passes at once)."""
    async with contract_checked(slack, monkeypatch):
        yield


@pytest.fixture
def posting(store: Store, slack: LocalSlack, settings: Settings, clock: Clock) -> Posting:
    clock.current = POST_TIME
    return make_posting(store, slack.api_url, settings, clock)


@pytest.fixture(autouse=True)
def retry_waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """slack_sdk's retry handlers wait with asyncio.sleep: record how long they asked for
    (Retry-After honoured?) and wait for nothing, so the tests stay fast."""
    import asyncio

    waits: list[float] = []
    real_sleep = asyncio.sleep

    async def sleep(seconds: float, *args: Any) -> None:
        waits.append(seconds)
        await real_sleep(0)

    shim = SimpleNamespace(sleep=sleep)
    monkeypatch.setattr(builtin_async_handlers, "asyncio", shim)
    monkeypatch.setattr(async_handler, "asyncio", shim)
    return waits
