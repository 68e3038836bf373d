"""HTTP mode: Slack's signature checked on every request, /healthz, and acks within 3 s."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.console.harness import Harness
from bot.http_server import build_web_app
from storage.db import Store
from tests.http.conftest import Client
from tests.scenario.support import SDR, activity_count, text_of
from tests.slack_contract import check_ack

ACK_DEADLINE = 3.0  # Slack's: an answer later than this is an error for the user
SLOW_SLACK = 5.0  # each Web API call takes this long: longer than the deadline itself


def _slash(harness: Harness, text: str, command: str = "/kpi") -> str:
    return harness.requests.slash_command(user_id=SDR, command=command, text=text)


async def _post(web: Client, harness: Harness, body: str, *, timestamp: int | None = None,
                signature: str | None = None) -> tuple[int, dict[str, object] | str, float]:
    headers = harness.requests.headers(body, timestamp=timestamp)
    if signature is not None:
        headers["x-slack-signature"] = signature
    started = time.perf_counter()
    response = await web.post("/slack/events", data=body.encode(), headers=headers)
    elapsed = time.perf_counter() - started
    if response.content_type == "application/json":
        return response.status, await response.json(), elapsed
    return response.status, await response.text(), elapsed


async def test_an_unsigned_request_is_refused(web: Client, harness: Harness) -> None:
    body = _slash(harness, "log 5 calls")
    response = await web.post("/slack/events", data=body.encode(),
                              headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status == 401
    assert activity_count(harness.deps.store) == 0


async def test_a_bad_signature_is_refused(web: Client, harness: Harness) -> None:
    body = _slash(harness, "log 5 calls")
    forged = "v0=" + "0" * 64
    status, _, _ = await _post(web, harness, body, signature=forged)
    assert status == 401
    # signed for another body: the words were changed on the way
    signed = harness.requests.headers(_slash(harness, "log 1 calls"))
    response = await web.post("/slack/events", data=body.encode(), headers=signed)
    assert response.status == 401
    assert activity_count(harness.deps.store) == 0


async def test_a_signature_signed_with_another_secret_is_refused(web: Client, harness: Harness
                                                                 ) -> None:
    from bot.console.payloads import SlackRequests

    other = SlackRequests(signing_secret="someone-else", response_url_base=harness.slack.url)
    body = other.slash_command(user_id=SDR, command="/kpi", text="log 5 calls")
    response = await web.post("/slack/events", data=body.encode(), headers=other.headers(body))
    assert response.status == 401
    assert activity_count(harness.deps.store) == 0


@pytest.mark.parametrize("age", [301, 3600, -301])
async def test_a_stale_or_future_timestamp_is_refused(web: Client, harness: Harness, age: int
                                                      ) -> None:
    body = _slash(harness, "log 5 calls")
    status, _, _ = await _post(web, harness, body, timestamp=int(time.time()) - age)
    assert status == 401  # a replayed request, correctly signed once
    assert activity_count(harness.deps.store) == 0


async def test_a_fresh_signature_within_five_minutes_is_accepted(web: Client, harness: Harness
                                                                 ) -> None:
    body = _slash(harness, "log 5 calls")
    status, _, _ = await _post(web, harness, body, timestamp=int(time.time()) - 240)
    assert status == 200
    assert activity_count(harness.deps.store) == 1


async def test_signed_mykpis_answers_with_the_ephemeral_scorecard(web: Client, harness: Harness
                                                                  ) -> None:
    status, logged, _ = await _post(web, harness, _slash(harness, "log 25 calls 3 meetings"))
    assert status == 200 and isinstance(logged, dict)
    status, card, _ = await _post(web, harness, _slash(harness, "", command="/mykpis"))
    assert status == 200 and isinstance(card, dict)
    assert card["response_type"] == "ephemeral"
    assert isinstance(card["blocks"], list)
    shown = text_of(card["blocks"])
    assert "*Calls*   *25*" in shown and "*Meetings booked*   *3*" in shown
    check_ack(card)
    check_ack(logged)


async def test_an_oversized_body_is_refused_unread(web: Client, harness: Harness) -> None:
    body = _slash(harness, "log 5 calls " + "x" * (2 * 1024 * 1024))
    status, _, _ = await _post(web, harness, body)
    assert status == 413
    assert activity_count(harness.deps.store) == 0


async def test_healthz_is_ok_while_the_database_answers(web: Client) -> None:
    response = await web.get("/healthz")
    assert response.status == 200
    assert await response.json() == {"ok": True}


async def test_healthz_is_503_when_the_database_is_unreachable(harness: Harness,
                                                                tmp_path: Path) -> None:
    for url in (f"sqlite:///{tmp_path}",  # a directory, not a database file
                "postgresql://kpibot:wrong@127.0.0.1:9/none"):  # nothing listens on port 9
        unreachable = Store.from_url(url)
        server = TestServer(build_web_app(harness.app, unreachable), host="127.0.0.1")
        async with TestClient(server) as client:
            started = time.perf_counter()
            response = await client.get("/healthz")
            assert response.status == 503
            body = await response.json()
            assert body["ok"] is False
            assert "wrong" not in str(body)  # no connection details, let alone a password
            assert time.perf_counter() - started < 3  # a load balancer's probe gives up soon
        unreachable.dispose()


SLOWED = ("users.info", "views.open", "views.publish", "chat.postEphemeral", "chat.postMessage")


@pytest.mark.parametrize(("command", "text"), [
    pytest.param("/kpi", "log 25 calls 3 meetings booked", id="kpi-log"),
    pytest.param("/mykpis", "", id="mykpis"),
    pytest.param("/kpi", "help", id="kpi-help"),
    pytest.param("/kpi", "log", id="kpi-log-modal"),
    pytest.param("/kpi", "undo", id="kpi-undo"),
    pytest.param("/kpi", "log -5 calls", id="kpi-log-bad"),
])
async def test_every_command_is_acknowledged_within_3_s_even_when_slack_is_slow(
    web: Client, harness: Harness, command: str, text: str
) -> None:
    slack = harness.slack
    for method in SLOWED:
        slack.delay(method, SLOW_SLACK)
    status, answer, elapsed = await _post(web, harness, _slash(harness, text, command=command))
    assert status == 200
    assert elapsed < ACK_DEADLINE, f"{command} {text}: acknowledged after {elapsed:.2f} s"
    # the slow Web API work was started after the answer, not skipped
    await slack.wait_until(lambda calls: any(c.method in SLOWED for c in calls))
    if text == "log":
        assert not answer  # the modal is the answer
        # (the locale lookup before the answer is a slowed call too: wait for the modal)
        await slack.wait_until(lambda calls: any(c.method == "views.open" for c in calls))
        [opened] = slack.of("views.open")
        assert opened.args["view"]["callback_id"] == "log_modal"
    else:
        assert isinstance(answer, dict) and answer["response_type"] == "ephemeral"
        check_ack(answer)
