"""`docker run --env-file .env` with a .env copied from .env.example: the settings the bot
would see in the container. Docker cannot run here, so the container's environment is built
the way Docker builds it (the Dockerfile's ENV, then every NAME=value line of the env file,
empty values included) and the Settings are loaded from it, the image's defaults file too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.config import DEFAULTS_FILE_VARIABLE, Settings, load_settings
from tests.slack_contract import REPO_ROOT

DOCKERFILE = REPO_ROOT / "Dockerfile"
ENV_EXAMPLE = REPO_ROOT / ".env.example"
_ENV_LINE = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)=(?P<value>.*)$")
_PAIR = re.compile(r"(?P<name>[A-Z_][A-Z0-9_]*)=(?P<value>\S+)")


def _instructions() -> list[tuple[str, str]]:
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text("utf-8"))
    return [(line.split(" ", 1)[0].upper(), line.split(" ", 1)[1].strip())
            for line in (raw.strip() for raw in text.splitlines())
            if line and not line.startswith("#") and " " in line]


def _image_env() -> dict[str, str]:
    return {m["name"]: m["value"] for word, arg in _instructions() if word == "ENV"
            for m in _PAIR.finditer(arg)}


def _copied_into_image(destination: str) -> Path:
    """The repository file a COPY puts at `destination` inside the image."""
    for word, arg in _instructions():
        if word == "COPY":
            *sources, target = arg.split()
            if target == destination and len(sources) == 1:
                return REPO_ROOT / sources[0]
    raise AssertionError(f"nothing is copied to {destination}")


def _env_file(text: str) -> dict[str, str]:
    """Docker's --env-file: each NAME=value line sets NAME, an empty value sets it empty."""
    return {m["name"]: m["value"] for line in text.splitlines()
            if (m := _ENV_LINE.match(line.strip()))}


def _container_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        env_file: dict[str, str]) -> Settings:
    for name in [*Settings.model_fields, DEFAULTS_FILE_VARIABLE.lower()]:
        monkeypatch.delenv(name.upper(), raising=False)
    image = _image_env()
    defaults = _copied_into_image(image[DEFAULTS_FILE_VARIABLE])
    container = {**image, **env_file, DEFAULTS_FILE_VARIABLE: str(defaults)}
    for name, value in container.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)  # WORKDIR /app holds no .env: --env-file does not write one
    return load_settings()


def _filled_example(**values: str) -> dict[str, str]:
    env = _env_file(ENV_EXAMPLE.read_text("utf-8"))
    assert "SLACK_MODE" in env and env["SLACK_MODE"] == ""  # the trap this test is about
    return {**env, **values}


def test_an_env_file_from_the_example_keeps_the_images_http_mode_and_volume(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = _filled_example(SLACK_BOT_TOKEN="xoxb-1-2-3", SLACK_SIGNING_SECRET="s3cret")
    settings = _container_settings(tmp_path, monkeypatch, env)
    assert settings.run_mode() == "http"
    assert settings.port == 3000
    assert settings.database_url == "sqlite:////data/kpibot.db"  # in the volume, not in /app
    assert settings.kpi_timezone == "UTC" and settings.slack_app_token is None


def test_values_in_the_env_file_still_win(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    env = _filled_example(SLACK_BOT_TOKEN="xoxb-1-2-3", SLACK_SIGNING_SECRET="s3cret",
                          PORT="8080", DATABASE_URL="sqlite:///team/kpi.db",
                          KPI_TIMEZONE="Europe/Oslo")
    settings = _container_settings(tmp_path, monkeypatch, env)
    assert settings.port == 8080 and settings.kpi_timezone == "Europe/Oslo"
    assert settings.database_url == "sqlite:////data/team/kpi.db"


def test_an_absolute_sqlite_path_or_postgres_is_taken_as_given(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for url in ("sqlite:////srv/kpi.db", "postgresql://kpi:pw@db:5432/kpi"):
        env = _filled_example(DATABASE_URL=url)
        assert _container_settings(tmp_path, monkeypatch, env).database_url == url


def test_outside_the_image_a_relative_path_stays_in_the_working_directory() -> None:
    settings = Settings(_env_file=None, database_url="sqlite:///kpibot.db")
    assert settings.database_url == "sqlite:///kpibot.db"


def test_the_dockerfile_declares_the_volume_the_defaults_use() -> None:
    steps = _instructions()
    defaults = _env_file(_copied_into_image(_image_env()[DEFAULTS_FILE_VARIABLE])
                         .read_text("utf-8"))
    assert defaults["SLACK_MODE"] == "http" and defaults["PORT"] == "3000"
    assert ("VOLUME", defaults["KPI_DATA_DIR"]) in steps
    assert ("EXPOSE", defaults["PORT"]) in steps
    # no setting a user's env file could blank out is left as an ENV line of the image
    assert not set(_image_env()) & {name.upper() for name in Settings.model_fields}
    ignored = {line.strip() for line in (REPO_ROOT / ".dockerignore").read_text("utf-8")
               .splitlines() if not line.startswith("#")}
    assert not {"docker", "docker/"} & set(ignored)  # the defaults file goes into the image
