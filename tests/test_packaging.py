""".env.example explains every setting and works as copied; the Dockerfile keeps its promises
(Docker itself cannot run here, so its health check command is run on its own)."""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import sys
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer

from bot.app import build_app
from bot.config import Settings, load_settings
from bot.deps import Deps
from bot.http_server import build_web_app
from bot.slack_client import make_client
from storage.db import Store
from tests.slack_contract import REPO_ROOT

ENV_EXAMPLE = REPO_ROOT / ".env.example"
DOCKERFILE = REPO_ROOT / "Dockerfile"
_ASSIGNMENT = re.compile(r"^(?P<name>[A-Z][A-Z0-9_]*)=(?P<value>.*)$")


def _env_lines() -> list[str]:
    return ENV_EXAMPLE.read_text("utf-8").splitlines()


def test_env_example_has_every_setting_once_with_a_comment() -> None:
    lines = _env_lines()
    names = [m["name"] for line in lines if (m := _ASSIGNMENT.match(line))]
    assert sorted(names) == sorted(f.upper() for f in Settings.model_fields)
    for index, line in enumerate(lines):
        if _ASSIGNMENT.match(line):
            assert lines[index - 1].startswith("# "), f"{line}: explain it on the line above"


def test_env_example_groups_required_before_optional() -> None:
    text = ENV_EXAMPLE.read_text("utf-8")
    required, optional = text.find("Required"), text.find("Optional")
    assert 0 < required < optional
    required_part = text[required:optional]
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"):
        assert f"\n{name}=" in required_part


def test_env_example_copied_as_is_starts_the_console(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text(ENV_EXAMPLE.read_text("utf-8"), "utf-8")
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(tmp_path)
    settings = load_settings()  # empty values mean "not set", not a malformed token
    assert settings.run_mode() == "console"
    assert settings.port == 3000 and settings.kpi_timezone == "UTC"


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text("utf-8"))
    result = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            word, _, rest = line.strip().partition(" ")
            result.append((word.upper(), rest.strip()))
    return result


def test_dockerfile_runs_http_mode_as_a_non_root_user() -> None:
    steps = _instructions()
    assert steps[0] == ("FROM", "python:3.11-slim")
    users = [arg for word, arg in steps if word == "USER"]
    assert users and users[-1] not in ("root", "0")
    env = " ".join(arg for word, arg in steps if word == "ENV")
    assert "KPI_DEFAULTS_FILE=" in env  # SLACK_MODE=http and PORT: tests/test_docker_settings.py
    assert ("EXPOSE", "3000") in steps
    assert any(word == "RUN" and "pip install ." in arg for word, arg in steps)
    [cmd] = [arg for word, arg in steps if word == "CMD"]
    assert "kpibot run" in cmd
    dockerignore = (REPO_ROOT / ".dockerignore").read_text("utf-8").split()
    assert {".env", ".venv", ".git", "*.db"} <= set(dockerignore)


def _healthcheck_command() -> list[str]:
    [check] = [arg for word, arg in _instructions() if word == "HEALTHCHECK"]
    command = check.split(" CMD ", 1)[1]
    assert "/healthz" in command and "curl" not in command  # the slim image has no curl
    return shlex.split(command)


@pytest.mark.parametrize("healthy", [True, False])
async def test_the_healthcheck_command_passes_only_while_healthy(
    healthy: bool, store: Store, settings: Settings, tmp_path: Path
) -> None:
    probe = store if healthy else Store.from_url(f"sqlite:///{tmp_path}")  # a directory
    app = build_app(Deps(settings, store), client=make_client("xoxb-x", "http://127.0.0.1:9/"),
                    signing_secret="s")
    async with TestServer(build_web_app(app, probe), host="127.0.0.1") as server:
        argv = _healthcheck_command()
        assert argv[0] == "python"
        process = await asyncio.create_subprocess_exec(
            sys.executable, *argv[1:], env={**os.environ, "PORT": str(server.port)},
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
        code = await asyncio.wait_for(process.wait(), 15)
    assert (code == 0) is healthy
    if not healthy:
        probe.dispose()
