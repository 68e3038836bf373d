"""`kpibot run` as a process: a clear line for a bad setting, HTTP mode serving, and no secret
in anything it prints."""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import socket
import sys
from pathlib import Path

import aiohttp
import pytest

from bot.console.local_slack import LocalSlack
from bot.console.payloads import SlackRequests

STARTUP_LIMIT = 30.0  # migrating and importing take a few seconds on a slow CI machine


def _kpibot() -> list[str]:
    script = Path(sys.executable).with_name("kpibot")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot"]


def _secrets() -> dict[str, str]:
    """Fake but well-formed secrets, random so that finding one in the output means a leak."""
    return {
        "SLACK_BOT_TOKEN": f"xoxb-{secrets.token_hex(12)}",
        "SLACK_APP_TOKEN": f"xapp-{secrets.token_hex(12)}",
        "SLACK_SIGNING_SECRET": secrets.token_hex(16),
        "KPI_INGEST_TOKEN": secrets.token_hex(16),
    }


def _env(tmp_path: Path, **settings: str) -> dict[str, str]:
    """A clean environment: nothing from the developer's shell or .env leaks in."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path),
            "LANG": "C.UTF-8", "PYTHONUNBUFFERED": "1",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'kpibot.db'}", **settings}


def _assert_no_secret(output: str, values: dict[str, str]) -> None:
    for name, value in values.items():
        assert value not in output, f"the value of {name} was printed"
        # a token's distinctive tail, in case it was shortened or quoted
        assert value[-12:] not in output, f"part of {name} was printed"


async def _run(tmp_path: Path, env: dict[str, str]) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        *_kpibot(), "run", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    output, _ = await asyncio.wait_for(process.communicate(), STARTUP_LIMIT)
    assert process.returncode is not None
    return process.returncode, output.decode()


@pytest.mark.parametrize(("settings", "named"), [
    pytest.param({"SLACK_MODE": "http", "SLACK_SIGNING_SECRET": ""}, "SLACK_SIGNING_SECRET",
                 id="http-without-signing-secret"),
    pytest.param({"SLACK_MODE": "http", "SLACK_BOT_TOKEN": "oops-" + "7" * 24},
                 "SLACK_BOT_TOKEN", id="malformed-bot-token"),
    pytest.param({"SLACK_MODE": "socket", "SLACK_APP_TOKEN": "xoxb-" + "8" * 24},
                 "SLACK_APP_TOKEN", id="bot-token-as-app-token"),
    pytest.param({"SLACK_MODE": "http", "PORT": "eighty"}, "PORT", id="bad-port"),
    pytest.param({"SLACK_MODE": "http", "KPI_TIMEZONE": "Mars/Olympus"}, "KPI_TIMEZONE",
                 id="bad-timezone"),
])
async def test_a_bad_setting_stops_start_up_with_one_line_naming_it(
    tmp_path: Path, settings: dict[str, str], named: str
) -> None:
    values = _secrets()
    env = _env(tmp_path, **{**values, **settings})
    env = {k: v for k, v in env.items() if v != ""}  # "" means: not set at all
    code, output = await _run(tmp_path, env)
    assert code == 2
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    assert named in lines[0] and "Traceback" not in output
    _assert_no_secret(output, {**values, **{k: v for k, v in settings.items()
                                            if "TOKEN" in k and v}})
    assert not (tmp_path / "kpibot.db").exists()  # stopped before touching anything


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def _wait_healthy(session: aiohttp.ClientSession, url: str,
                        process: asyncio.subprocess.Process) -> None:
    async with asyncio.timeout(STARTUP_LIMIT):
        while True:
            assert process.returncode is None, "kpibot run exited during start-up"
            try:
                async with session.get(url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.1)


async def test_http_mode_serves_slack_and_never_prints_a_secret(tmp_path: Path,
                                                                 slack: LocalSlack) -> None:
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
    try:
        async with aiohttp.ClientSession() as session:
            await _wait_healthy(session, base + "/healthz", process)
            body = signer.slash_command(user_id="U0SDR1", command="/mykpis", text="")
            async with session.post(base + "/slack/events", data=body.encode(),
                                    headers=signer.headers(body)) as response:
                assert response.status == 200
                card = await response.json()
            assert card["response_type"] == "ephemeral" and card["blocks"]
            forged = {**signer.headers(body), "x-slack-signature": "v0=" + "1" * 64}
            async with session.post(base + "/slack/events", data=body.encode(),
                                    headers=forged) as response:
                assert response.status == 401
        # the token goes where it belongs: in the Authorization header of Web API calls
        [profile] = await slack.wait_for("users.info", timeout=10)
        assert profile.token == values["SLACK_BOT_TOKEN"]
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGINT)
        output, _ = await asyncio.wait_for(process.communicate(), 15)
    text = output.decode()
    assert "HTTP mode" in text and str(port) in text
    # nobody could manage this install: start-up says so, naming the setting, once
    [no_admin] = [line for line in text.splitlines() if "KPI_ADMIN_IDS is empty" in line]
    assert "Copy member ID" in no_admin
    assert "Traceback" not in text, text
    _assert_no_secret(text, values)


@pytest.mark.parametrize(("env_file", "line"), [
    pytest.param('KPI_TIMEZONE="Europe/Oslo\n', 1, id="unclosed-quote"),
    pytest.param("# settings\nKPI_TIMEZONE=Europe/Oslo\nSLACK_BOT_TOKEN xoxb-1-2-3\n", 3,
                 id="no-equals-sign"),
])
async def test_a_malformed_env_line_stops_start_up_naming_the_line(
        tmp_path: Path, env_file: str, line: int) -> None:
    (tmp_path / ".env").write_text(env_file, "utf-8")
    code, output = await _run(tmp_path, _env(tmp_path))
    assert code == 2
    [message] = output.strip().splitlines()
    assert f".env line {line}" in message and "Traceback" not in output
    assert "xoxb-1-2-3" not in output and "Europe/Oslo" not in output
    assert not (tmp_path / "kpibot.db").exists()


async def _console_run(tmp_path: Path, env: dict[str, str]) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        *_kpibot(), "run", cwd=tmp_path, env=env, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), STARTUP_LIMIT)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_without_tokens_a_given_database_url_is_left_alone_and_said_so(
        tmp_path: Path) -> None:
    code, out, err = await _console_run(tmp_path, _env(tmp_path))  # DATABASE_URL is set
    assert code == 0, err
    assert "throwaway demo database" in err and "DATABASE_URL is not used" in err
    assert "kpibot console" in out  # the console's banner: it did start
    assert not (tmp_path / "kpibot.db").exists()  # the given database was not touched


async def test_without_tokens_or_database_url_the_notice_is_short(tmp_path: Path) -> None:
    env = {k: v for k, v in _env(tmp_path).items() if k != "DATABASE_URL"}
    code, _, err = await _console_run(tmp_path, env)
    assert code == 0, err
    assert "throwaway demo database" in err and "DATABASE_URL" not in err
