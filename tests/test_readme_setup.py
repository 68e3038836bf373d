"""The README's Slack set-up, followed step by step where a test can: its .env blocks name real
settings and start the bot (HTTP mode against the fake Slack), its manifest changes for HTTP
mode validate against Slack's schema, and every slash command gets its Request URL."""

from __future__ import annotations

import json
import re
import secrets
import sqlite3
import textwrap
from pathlib import Path
from typing import Any

import aiohttp
import jsonschema
import pytest

from bot.config import Settings, load_settings
from bot.console.local_slack import LocalSlack
from bot.console.payloads import SlackRequests
from tests.http.test_run_command import _free_port, _wait_healthy
from tests.http.test_slack_at_start import _bot
from tests.slack_contract import REPO_ROOT, SLACK_FIXTURES
from tests.test_manifest import SCHEMAS, bot_scopes, manifest

README = (REPO_ROOT / "README.md").read_text("utf-8")
ENV_EXAMPLE = (REPO_ROOT / ".env.example").read_text("utf-8")
EVENTS_URL = "https://<your host>/slack/events"
SDR = "U0NEWSDR"


def _section(title: str) -> str:
    start = README.index(title)
    end = README.find("\n## ", start + len(title))
    return README[start:end if end > 0 else None]


SETUP = _section("## Set it up in your Slack workspace")
HTTP_STEPS = _section("### HTTP mode")


def _dotenv_blocks(text: str) -> list[dict[str, str]]:
    blocks = re.findall(r"```dotenv\n(.*?)```", text, re.S)
    assert blocks, "the steps show what goes into .env"
    return [dict(line.split("=", 1) for line in textwrap.dedent(block).splitlines()
                 if line.strip()) for block in blocks]


def _filled(block: dict[str, str], **values: str) -> str:
    """The block as a user writes it, with fake tokens where the README shows `…`."""
    fakes = {"SLACK_BOT_TOKEN": f"xoxb-{secrets.token_hex(8)}",
             "SLACK_APP_TOKEN": f"xapp-{secrets.token_hex(8)}",
             "SLACK_SIGNING_SECRET": secrets.token_hex(16)}
    lines = [f"{name}={fakes[name] if '…' in value else value}" for name, value in block.items()]
    return "\n".join([*lines, *(f"{k}={v}" for k, v in values.items())]) + "\n"


def test_every_setting_the_steps_name_is_a_setting_explained_in_env_example() -> None:
    known = {name.upper() for name in Settings.model_fields}
    for block in _dotenv_blocks(SETUP):
        assert set(block) <= known
        for name in block:
            assert f"\n{name}=" in ENV_EXAMPLE


def test_the_steps_make_a_first_admin_and_say_how_to_find_the_id() -> None:
    assert all("KPI_ADMIN_IDS" in block for block in _dotenv_blocks(SETUP))
    assert "Copy member ID" in SETUP
    for step in ("/invite @", "/kpi help", "/healthz", "/kpi settings", "/kpi log"):
        assert step in SETUP, step
    assert f"/invite @{manifest()['features']['bot_user']['display_name']}" in SETUP


def test_the_scopes_the_steps_list_are_the_manifests() -> None:
    # the sentence ends at a full stop followed by a space: `users:read.email` has a dot
    sentence = re.split(r"\.\s", SETUP[SETUP.index("the scopes the bot needs"):])[0]
    assert set(re.findall(r"`([a-z.:]+)`", sentence)) == bot_scopes()


def test_every_slash_command_gets_its_request_url() -> None:
    for command in manifest()["features"]["slash_commands"]:
        assert f"`{command['command']}`: `{EVENTS_URL}`" in HTTP_STEPS


@pytest.mark.parametrize("schema_name", SCHEMAS)
def test_the_manifest_changed_for_http_mode_as_described_validates(schema_name: str) -> None:
    for key in ("socket_mode_enabled: false", "url:", "request_url:",
                "settings.event_subscriptions", "settings.interactivity"):
        assert key in HTTP_STEPS, key
    changed: dict[str, Any] = json.loads(json.dumps(manifest()))
    changed["settings"]["socket_mode_enabled"] = False
    changed["settings"]["event_subscriptions"]["request_url"] = "https://kpi.example/slack/events"
    changed["settings"]["interactivity"]["request_url"] = "https://kpi.example/slack/events"
    for command in changed["features"]["slash_commands"]:
        command["url"] = "https://kpi.example/slack/events"
    schema = json.loads((SLACK_FIXTURES / schema_name).read_text("utf-8"))
    jsonschema.validate(changed, schema)


def test_the_socket_mode_env_starts_socket_mode_with_the_admin(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    socket_block = _dotenv_blocks(SETUP)[0]
    (tmp_path / ".env").write_text(_filled(socket_block), "utf-8")
    for name in [*Settings.model_fields, "kpi_defaults_file"]:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert settings.run_mode() == "socket"
    assert settings.kpi_admin_ids == (socket_block["KPI_ADMIN_IDS"],)


async def test_following_the_http_steps_against_the_fake_slack(tmp_path: Path,
                                                               slack: LocalSlack) -> None:
    block = _dotenv_blocks(HTTP_STEPS)[0]
    port = _free_port()
    env_file = _filled({**block, "PORT": str(port)}, SLACK_API_URL=slack.api_url,
                       DATABASE_URL=f"sqlite:///{tmp_path / 'kpibot.db'}")
    (tmp_path / ".env").write_text(env_file, "utf-8")
    secret = re.search(r"^SLACK_SIGNING_SECRET=(.*)$", env_file, re.M)
    assert secret is not None
    signer = SlackRequests(signing_secret=secret[1], response_url_base=slack.url + "/response")
    base = f"http://127.0.0.1:{port}"
    admin = block["KPI_ADMIN_IDS"]

    async def command(session: aiohttp.ClientSession, user: str, name: str, text: str
                      ) -> dict[str, Any]:
        body = signer.slash_command(user_id=user, command=name, text=text)
        async with session.post(base + "/slack/events", data=body.encode(),
                                headers=signer.headers(body)) as response:
            assert response.status == 200
            return await response.json() if response.content_length else {}

    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8",
           "PYTHONUNBUFFERED": "1"}  # everything else comes from the .env the steps wrote
    async with _bot(tmp_path, env) as bot, aiohttp.ClientSession() as session:
        await bot.wait_for("in HTTP mode on port")  # step 3: the connected line
        await _wait_healthy(session, base + "/healthz", bot.process)
        async with session.get(base + "/healthz") as response:
            assert await response.json() == {"ok": True}
        # one first command per user: the app learns who asked after each answer
        logged = await command(session, SDR, "/kpi", "log 25 calls")  # step 10
        assert logged["blocks"]
        helped = await command(session, SDR, "/kpi", "help")  # step 9
        assert helped["response_type"] == "ephemeral" and helped["blocks"]
        await command(session, admin, "/kpi", "settings")  # step 11: the first admin manages
        [opened] = await slack.wait_for("views.open")
        assert opened.args["view"]["type"] == "modal"
        # the work after the answers (learning who asked) is done before the bot is stopped
        await slack.wait_until(lambda calls: any(
            c.method == "users.info" and c.args.get("user") == admin for c in calls))
    output = await bot.finish()
    assert "Traceback" not in output and "KPI_ADMIN_IDS is empty" not in output
    with sqlite3.connect(tmp_path / "kpibot.db") as db:
        joined = db.execute("SELECT t.is_default, m.role FROM member m JOIN team t "
                            "ON t.id = m.team_id WHERE m.user_id = ?", (SDR,)).fetchall()
    assert joined == [(1, "sdr")]  # the first /kpi log joined the default team
