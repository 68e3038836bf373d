"""`kpibot run` against a Slack that refuses its tokens or cannot be reached at start, as a
process: one line naming the setting and exit code 2 for a token Slack rejects; quiet retries
while Slack is unreachable; the bot's identity resolved once, so no request waits on auth.test."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.console.local_slack import LocalSlack
from bot.console.payloads import SlackRequests
from tests.http.test_run_command import (
    STARTUP_LIMIT,
    _assert_no_secret,
    _env,
    _free_port,
    _kpibot,
    _run,
    _secrets,
    _wait_healthy,
)

REJECTIONS = ("invalid_auth", "not_authed", "account_inactive", "token_revoked")


def _one_line(output: str) -> str:
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    assert "Traceback" not in output
    return lines[0]


@pytest.mark.parametrize("error", REJECTIONS)
async def test_a_bot_token_slack_rejects_stops_start_up_naming_it(
        tmp_path: Path, slack: LocalSlack, error: str) -> None:
    slack.fail("auth.test", error=error, times=10)
    values = _secrets()
    env = _env(tmp_path, **values, SLACK_MODE="http", PORT=str(_free_port()),
               SLACK_API_URL=slack.api_url, KPI_ADMIN_IDS="U0ADMIN")
    code, output = await _run(tmp_path, env)
    assert code == 2
    line = _one_line(output)
    assert "SLACK_BOT_TOKEN" in line and error in line
    _assert_no_secret(output, values)
    assert len(slack.of("auth.test")) == 1  # a rejection is final: no retrying


async def test_an_app_token_slack_rejects_stops_socket_mode_naming_it(
        tmp_path: Path, slack: LocalSlack) -> None:
    slack.fail("apps.connections.open", error="invalid_auth")
    values = _secrets()
    env = _env(tmp_path, **values, SLACK_API_URL=slack.api_url, KPI_ADMIN_IDS="U0ADMIN")
    code, output = await _run(tmp_path, env)  # SLACK_APP_TOKEN set: Socket Mode
    assert code == 2
    line = _one_line(output)
    assert "SLACK_APP_TOKEN" in line and "invalid_auth" in line
    _assert_no_secret(output, values)
    [opened] = slack.of("apps.connections.open")
    assert opened.token == values["SLACK_APP_TOKEN"]


class Output:
    """A process's output lines as they arrive."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.lines: list[str] = []
        self.process = process
        self._task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.process.stdout is not None
        async for raw in self.process.stdout:
            self.lines.append(raw.decode().rstrip("\n"))

    async def wait_for(self, text: str) -> None:
        async with asyncio.timeout(STARTUP_LIMIT):
            while not any(text in line for line in self.lines):
                assert self.process.returncode is None, "\n".join(self.lines)
                await asyncio.sleep(0.05)

    async def finish(self) -> str:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGINT)
        await asyncio.wait_for(self.process.wait(), 15)
        await self._task
        return "\n".join(self.lines)


@contextlib.asynccontextmanager
async def _bot(tmp_path: Path, env: dict[str, str]) -> AsyncIterator[Output]:
    process = await asyncio.create_subprocess_exec(
        *_kpibot(), "run", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    output = Output(process)
    try:
        yield output
    finally:
        await output.finish()


async def test_an_unreachable_slack_at_start_is_retried_quietly_and_never_asked_per_request(
        tmp_path: Path) -> None:
    values = _secrets()
    slack = LocalSlack(port=_free_port())  # not started yet: nothing answers on its port
    port = _free_port()
    env = _env(tmp_path, **values, SLACK_MODE="http", PORT=str(port),
               SLACK_API_URL=slack.api_url, KPI_ADMIN_IDS="U0ADMIN",
               KPI_TIMEZONE="Europe/Oslo")
    base = f"http://127.0.0.1:{port}"
    signer = SlackRequests(signing_secret=values["SLACK_SIGNING_SECRET"],
                           response_url_base=base + "/nowhere")
    async with _bot(tmp_path, env) as bot, aiohttp.ClientSession() as session:
        await bot.wait_for("Slack is not reachable")
        await slack.start()  # Slack comes back: the next attempt resolves the identity
        try:
            await bot.wait_for("connected to Slack workspace Local (T0LOCAL)")
            await _wait_healthy(session, base + "/healthz", bot.process)
        finally:
            await slack.stop()  # and goes away again
        body = signer.slash_command(user_id="U0SDR1", command="/mykpis", text="")
        async with session.post(base + "/slack/events", data=body.encode(),
                                headers=signer.headers(body)) as response:
            assert response.status == 200
            card = await response.json()
        assert card["response_type"] == "ephemeral" and card["blocks"]
    text = await bot.finish()
    assert [c.method for c in slack.calls] == ["auth.test"]  # once, at start-up
    connected = [line for line in text.splitlines() if "connected to Slack" in line]
    assert len(connected) == 1 and "HTTP mode" in connected[0] and str(port) in connected[0]
    # start-up: quiet retries, no traceback (what the app logs about Slack being gone after
    # the answer, e.g. a profile it could not learn, is the listeners' business)
    start_up = text[:text.index(connected[0])]
    assert "Traceback" not in start_up, text
    retries = [line for line in start_up.splitlines() if "not reachable" in line]
    assert retries and all("trying again in" in line for line in retries)
    assert "KPI_ADMIN_IDS" not in text  # an admin is set: nothing to warn about
    _assert_no_secret(text, values)
