"""What `kpibot run` writes to its log: a quiet start, one short line per refused request, and
never a request's body (users' words, response_url, trigger_id) however it is refused."""

from __future__ import annotations

import asyncio
import io
import logging
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from bot.console.harness import Harness
from bot.console.local_slack import LocalSlack
from bot.console.payloads import SlackRequests
from bot.logs import configure_logging
from tests.http.test_run_command import _env, _free_port, _kpibot, _secrets, _wait_healthy
from tests.scenario.support import SDR, activity_count

MB = 1024 * 1024
WORDS = "sixty-one quiet zebras"  # the user's own text: must never reach a log line
NOISE = ("alembic", "apscheduler", "will be unused", "Adding job", "Running upgrade")


def _payload_fields(body: str) -> list[str]:
    """What a refused request's body carries that must never be logged."""
    from urllib.parse import parse_qs

    form = parse_qs(body)
    return [form["response_url"][0], form["trigger_id"][0], WORDS]


async def test_kpibot_run_starts_quietly_and_logs_refusals_in_short_lines(
    tmp_path: Path, slack: LocalSlack
) -> None:
    values = _secrets()
    port = _free_port()
    env = _env(tmp_path, **values, SLACK_MODE="http", PORT=str(port),
               SLACK_API_URL=slack.api_url, KPI_TIMEZONE="Europe/Oslo")
    process = await asyncio.create_subprocess_exec(
        *_kpibot(), "run", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    signer = SlackRequests(signing_secret=values["SLACK_SIGNING_SECRET"],
                           response_url_base=slack.url + "/response")
    genuine = signer.slash_command(user_id="U0SDR1", command="/kpi", text=f"log 5 calls {WORDS}")
    flood = (genuine + "&x=" + "z" * (MB - len(genuine) - 1024)).encode()
    try:
        async with aiohttp.ClientSession() as session:
            await _wait_healthy(session, base + "/healthz", process)
            for _ in range(20):  # unsigned, 1 MB each
                async with session.post(base + "/slack/events", data=flood, headers={
                        "content-type": "application/x-www-form-urlencoded"}) as response:
                    assert response.status == 401
            # genuine, but from a clock ten minutes off: refused as a replay
            stale = signer.headers(genuine, timestamp=int(time.time()) - 600)
            async with session.post(base + "/slack/events", data=genuine.encode(),
                                    headers=stale) as response:
                assert response.status == 401
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGINT)
        output, _ = await asyncio.wait_for(process.communicate(), 15)
    text = output.decode()
    assert len(text) < 8 * 1024, f"{len(text)} bytes of log for 21 refused requests"
    assert all(len(line) < 300 for line in text.splitlines()), text
    assert "refused a request" in text
    for field in _payload_fields(genuine):
        assert field not in text
    for noise in NOISE:
        assert noise not in text, text


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """configure_logging() writing into a buffer; the logging set-up is restored afterwards."""
    stream = io.StringIO()
    root = logging.getLogger()
    saved = {name: logger.level for name, logger in logging.root.manager.loggerDict.items()
             if isinstance(logger, logging.Logger)}
    saved_root = root.level
    handler = configure_logging(stream=stream)
    yield stream
    root.removeHandler(handler)
    root.setLevel(saved_root)
    for name, level in saved.items():
        logging.getLogger(name).setLevel(level)


async def test_bolts_own_refusal_line_never_carries_the_body(
    harness: Harness, log_output: io.StringIO, caplog: pytest.LogCaptureFixture
) -> None:
    """Bolt checks signatures too (the console and Socket Mode reach it without our server):
    even with its logger opened to DEBUG, its refusal is one short line."""
    caplog.set_level(logging.DEBUG, logger="slack_bolt.RequestVerification")
    body = harness.requests.slash_command(user_id=SDR, command="/kpi",
                                          text=f"log 5 calls {WORDS}")
    request = harness.requests.bolt_request(body)
    request.headers["x-slack-request-timestamp"] = [str(int(time.time()) - 600)]
    response = await harness.app.async_dispatch(request)
    assert response.status == 401
    assert activity_count(harness.deps.store) == 0
    logged = caplog.text + log_output.getvalue()
    assert "refused a request" in caplog.text
    for field in _payload_fields(body):
        assert field not in logged


async def test_configure_logging_quiets_other_libraries_but_not_ours(
    log_output: io.StringIO
) -> None:
    logging.getLogger("alembic.runtime.migration").info("Running upgrade 0001 -> 0002")
    logging.getLogger("apscheduler.scheduler").info("Adding job tentatively")
    logging.getLogger("slack_bolt.AsyncApp").warning(
        "As you gave `client` as well, `token` will be unused.")
    logging.getLogger("bot.runner").info("connected")
    logging.getLogger("apscheduler.scheduler").warning("a job was missed")
    text = log_output.getvalue()
    for noise in ("Running upgrade", "Adding job", "will be unused"):
        assert noise not in text
    assert "bot.runner: connected" in text and "a job was missed" in text
