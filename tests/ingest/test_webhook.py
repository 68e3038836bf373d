"""POST /ingest/activities on the real HTTP server: token, limits, per-item errors, replays."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web as aiohttp_web
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr

from bot.console.harness import Harness
from bot.console.local_slack import LocalSlack, SlackUser
from bot.http_server import build_web_app
from bot.ingest.webhook import MAX_BODY
from tests.ingest.support import audit, live_rows, totals
from tests.slack_contract import check_calls

Client = TestClient[aiohttp_web.Request, aiohttp_web.Application]
TOKEN = "s3cret-ingest-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
CALL = {"date": "2026-11-20", "user": "U0SDR1", "metric": "calls", "quantity": 25,
        "external_id": "hs-1"}


async def _client(harness: Harness, token: str | None) -> Client:
    web_app = build_web_app(harness.app, harness.deps.store,
                            ingest_token=SecretStr(token) if token else None)
    client: Client = TestClient(TestServer(web_app, host="127.0.0.1"))
    await client.start_server()
    return client


@pytest.fixture
async def web(harness: Harness) -> AsyncIterator[Client]:
    client = await _client(harness, TOKEN)
    yield client
    await client.close()


async def _post(web: Client, body: Any, headers: dict[str, str] = AUTH) -> tuple[int, Any]:
    response = await web.post("/ingest/activities", json=body, headers=headers)
    return response.status, await response.json()


async def test_without_a_configured_token_the_endpoint_does_not_exist(harness: Harness) -> None:
    client = await _client(harness, None)
    try:
        status, _ = await _post(client, CALL)
        assert status == 404
    finally:
        await client.close()
    assert live_rows(harness.deps.store) == 0


async def test_no_token_or_a_wrong_one_is_401(web: Client, harness: Harness) -> None:
    assert (await _post(web, CALL, headers={}))[0] == 401
    assert (await _post(web, CALL, headers={"Authorization": "Bearer nope"}))[0] == 401
    assert (await _post(web, CALL, headers={"Authorization": TOKEN}))[0] == 401  # no scheme
    assert (await _post(web, CALL, headers={"Authorization": f"Basic {TOKEN}"}))[0] == 401
    assert live_rows(harness.deps.store) == 0


async def test_a_body_over_the_limit_is_413(web: Client, harness: Harness) -> None:
    big = [{**CALL, "note": "x" * 200, "external_id": f"e{i}"} for i in range(MAX_BODY // 150)]
    status, answer = await _post(web, big)
    assert status == 413 and answer["error"] == "too_large"
    assert live_rows(harness.deps.store) == 0


async def test_bad_items_are_400_with_each_index_and_nothing_is_stored(
        web: Client, harness: Harness) -> None:
    items = [CALL, {**CALL, "quantity": -2, "external_id": "b1"}, "not an object",
             {**CALL, "metric": "hugs", "external_id": "b3"}, {**CALL, "colour": "red"},
             {**CALL, "date": "2099-01-01", "external_id": "b5"}]
    status, answer = await _post(web, items)
    assert status == 400 and answer["error"] == "invalid_items"
    assert [e["index"] for e in answer["errors"]] == [1, 2, 3, 4, 5]
    assert "negative" in answer["errors"][0]["error"]
    assert "colour" in answer["errors"][3]["error"]
    assert "future" in answer["errors"][4]["error"]
    assert live_rows(harness.deps.store) == 0  # the good first item too: all or nothing


async def test_a_replayed_request_is_stored_once(web: Client, harness: Harness) -> None:
    items = [CALL, {**CALL, "metric": "opportunities", "quantity": 1, "value": "50k",
                    "external_id": "hs-2"}]
    for _ in range(3):
        status, answer = await _post(web, items)
        assert status == 200 and answer == {"ok": True, "stored": 2}
    assert totals(harness.deps.store) == {("U0SDR1", "calls"): 25,
                                          ("U0SDR1", "opportunities"): 1,
                                          ("U0SDR1", "pipeline"): 50000}
    assert len(audit(harness.deps.store, "activity.ingest")) == 3  # every call is on record


async def test_not_json_is_400(web: Client) -> None:
    response = await web.post("/ingest/activities", data=b"{nope", headers=AUTH)
    assert response.status == 400 and (await response.json())["error"] == "invalid_json"


async def test_users_by_e_mail_are_looked_up_in_slack(web: Client, harness: Harness,
                                                      slack: LocalSlack) -> None:
    slack.add_user(SlackUser("U0ADA", "ada", "Ada L", "ada@example.com"))
    status, _ = await _post(web, [{**CALL, "user": "ada@example.com"},
                                  {**CALL, "user": "ADA@example.com", "external_id": "hs-9"}])
    assert status == 200
    status, answer = await _post(web, {**CALL, "user": "ghost@example.com"})
    assert status == 400 and "ghost@example.com" in answer["errors"][0]["error"]
    assert totals(harness.deps.store) == {("U0ADA", "calls"): 50}
    assert len(slack.of("users.lookupByEmail")) == 2  # ada once (cached), the ghost once
    check_calls(slack.calls)


async def test_a_time_with_an_offset_counts_on_the_users_day(web: Client, harness: Harness
                                                             ) -> None:
    # 23:30 UTC on the 20th is the 21st in the team's Oslo
    status, _ = await _post(web, {**CALL, "date": "2026-11-20T23:30:00Z"})
    assert status == 200
    from sqlmodel import col, select

    from storage.models import Activity
    days = harness.deps.store.run_sync(lambda s: list(s.exec(select(col(Activity.day))).all()))
    assert [d.isoformat() for d in days] == ["2026-11-21"]
