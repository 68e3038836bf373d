"""HTTP mode on a loopback test server: the real aiohttp app around the real Bolt app."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web as aiohttp_web
from aiohttp.test_utils import TestClient, TestServer

from bot.console.harness import Harness
from bot.console.local_slack import LocalSlack
from bot.http_server import build_web_app
from tests.slack_contract import contract_checked

Client = TestClient[aiohttp_web.Request, aiohttp_web.Application]


@pytest.fixture(autouse=True)
async def slack_contract(slack: LocalSlack, monkeypatch: pytest.MonkeyPatch
                         ) -> AsyncIterator[None]:
    async with contract_checked(slack, monkeypatch):
        yield


@pytest.fixture
async def web(harness: Harness) -> AsyncIterator[Client]:
    """A client of `kpibot run`'s HTTP server, on 127.0.0.1, signing as the harness does."""
    server = TestServer(build_web_app(harness.app, harness.deps.store), host="127.0.0.1")
    client: Client = TestClient(server)
    await client.start_server()
    yield client
    await client.close()
