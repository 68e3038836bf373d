"""One typed Settings object, from the environment and `.env`.

A missing or malformed setting stops start-up with one line that names it; secrets are SecretStr,
so they never reach a log or a traceback.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv.parser import parse_stream
from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url

from bot.crm.settings import CrmSettings
from bot.slack_ids import is_channel_id, is_user_id

RunMode = Literal["socket", "http", "console"]
_LEADING_NAME = re.compile(r"^(export\s+)?[A-Za-z_][A-Za-z0-9_]{0,60}")  # never the value
ENV_FILE = ".env"
# A file of defaults beneath .env and the environment: the Docker image keeps its own there, so
# an empty `SLACK_MODE=` from `docker run --env-file .env` cannot wipe the image's value.
DEFAULTS_FILE_VARIABLE = "KPI_DEFAULTS_FILE"


class StartupError(Exception):
    """The bot cannot start (a setting, a token Slack rejects, the database); str() is the one
    line to show, never a secret."""


class ConfigError(StartupError):
    """A setting is missing or malformed; str() is the one line to show."""


class Settings(CrmSettings):  # the CRM variables are bot/crm/settings.py's, in this one object
    # env_ignore_empty: `NAME=` (as in a copied .env.example, or an empty container variable)
    # means "not set", not an empty token that fails validation
    model_config = SettingsConfigDict(env_file=ENV_FILE, extra="ignore", frozen=True,
                                      env_ignore_empty=True)

    slack_bot_token: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_mode: Literal["socket", "http"] | None = None
    port: int = Field(default=3000, ge=1, le=65535)
    slack_api_url: str | None = None
    # before database_url: a relative SQLite path is resolved against it
    kpi_data_dir: Path | None = None
    database_url: str = Field(default="sqlite:///kpibot.db", validate_default=True)
    kpi_admin_ids: Annotated[tuple[str, ...], NoDecode] = ()
    kpi_timezone: str = "UTC"
    kpi_scorecard_channel: str | None = None
    kpi_ingest_token: SecretStr | None = None

    @field_validator("slack_mode", mode="before")
    @classmethod
    def _mode(cls, value: object) -> object:
        return value.strip().lower() or None if isinstance(value, str) else value

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xoxb-"):
            raise ValueError("must be a bot token starting with xoxb-")
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xapp-"):
            raise ValueError("must be an app-level token starting with xapp-")
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("must be an http(s) URL such as https://slack.com/api/")
        return value if value.endswith("/") else value + "/"

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str, info: ValidationInfo) -> str:
        if not re.match(r"^(sqlite|postgres|postgresql)(\+\w+)?://", value):
            raise ValueError("must start with sqlite:/// or postgresql://")
        data_dir = info.data.get("kpi_data_dir")
        if data_dir is not None and value.startswith("sqlite"):
            url = make_url(value)
            path = url.database
            if path and path != ":memory:" and not Path(path).is_absolute():
                # in the image /app is read-only: the data volume is the place for the file
                return url.set(database=str(Path(data_dir) / path)).render_as_string(
                    hide_password=False)
        return value

    @field_validator("kpi_admin_ids", mode="before")
    @classmethod
    def _admins(cls, value: object) -> tuple[str, ...]:
        items = value.split(",") if isinstance(value, str) else list(value or ())  # type: ignore[call-overload]
        ids = tuple(str(item).strip() for item in items if str(item).strip())
        bad = [i for i in ids if not is_user_id(i)]
        if bad:
            raise ValueError(f"not Slack user IDs (like U012ABCDEF): {', '.join(bad[:3])}")
        return ids

    @field_validator("kpi_timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a time zone name such as Europe/Oslo") from None
        return value

    @field_validator("kpi_scorecard_channel")
    @classmethod
    def _channel(cls, value: str | None) -> str | None:
        if value and not is_channel_id(value):
            raise ValueError("must be a channel ID such as C012ABCDEF, not a name")
        return value or None

    def run_mode(self) -> RunMode:
        """socket, http, or console when there are no Slack tokens at all."""
        if self.slack_mode == "http":
            self._require("slack_bot_token", "SLACK_BOT_TOKEN is required in HTTP mode")
            self._require("slack_signing_secret", "SLACK_SIGNING_SECRET is required in HTTP mode")
            return "http"
        if self.slack_mode == "socket" or self.slack_app_token is not None:
            self._require("slack_app_token",
                          "SLACK_APP_TOKEN (xapp-...) is required for Socket Mode")
            self._require("slack_bot_token", "SLACK_BOT_TOKEN is required for Socket Mode")
            return "socket"
        if self.slack_bot_token is not None:
            raise ConfigError(
                "SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) "
                "nor SLACK_MODE=http is: set one of them"
            )
        return "console"

    def _require(self, field: str, message: str) -> None:
        if getattr(self, field) is None:
            raise ConfigError(message)


def check_env_file(path: Path) -> None:
    """python-dotenv skips a line it cannot parse with only a warning; a skipped KPI_TIMEZONE
    would quietly run the bot in UTC. Refuse instead, naming the line (never its value)."""
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as stream:
        for binding in parse_stream(stream):
            if binding.error:
                name = _LEADING_NAME.match(binding.original.string.lstrip())
                which = f" ({name.group(0)})" if name else ""
                raise ConfigError(
                    f"{path} line {binding.original.line}{which} cannot be read: write "
                    "NAME=value, quote a value with spaces or #, start a comment with #")


def env_files() -> tuple[str, ...]:
    """The image's defaults file (when KPI_DEFAULTS_FILE names one), then .env above it."""
    defaults = os.environ.get(DEFAULTS_FILE_VARIABLE)
    return (defaults, ENV_FILE) if defaults else (ENV_FILE,)


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment and .env; ConfigError names the first bad setting."""
    files = env_files()
    for file in files:
        check_env_file(Path(file))
    try:
        return Settings(_env_file=files, **overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        error = exc.errors()[0]
        name = str(error["loc"][0]).upper() if error["loc"] else "settings"
        message = str(error["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"{name}: {message}") from None
