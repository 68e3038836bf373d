"""The Web API client: SLACK_API_URL honoured, rate limits and server errors retried; and the
start-up checks of the tokens, which resolve the bot's identity once."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

import aiohttp
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import StartupError
from bot.slack_errors import slack_error

T = TypeVar("T")
logger = logging.getLogger(__name__)
DEFAULT_API_URL = "https://slack.com/api/"


def make_client(token: str | None, api_url: str | None = None) -> AsyncWebClient:
    return AsyncWebClient(
        token=token,
        base_url=api_url or DEFAULT_API_URL,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=4),  # sleeps for Retry-After
            AsyncServerErrorRetryHandler(max_retry_count=3),
        ],
    )


# --- start-up: the tokens Slack accepts, and who the bot is -----------------------------------

# Slack's answers that mean the token itself is wrong: retrying cannot help.
REJECTED = frozenset({"invalid_auth", "not_authed", "account_inactive", "token_revoked",
                      "token_expired", "not_allowed_token_type", "no_permission",
                      "missing_scope", "invalid_token", "ekm_access_denied"})
FIRST_WAIT = 1.0
LONGEST_WAIT = 60.0


class TokenRejected(StartupError):
    """Slack refused a token; the message names the setting, never the token."""


@dataclass(frozen=True)
class BotIdentity:
    """What auth.test says about the bot token, resolved once at start-up."""

    team_id: str
    team: str
    url: str
    bot_user_id: str
    bot_id: str | None
    enterprise_id: str | None

    def authorize(self, token: str) -> Callable[[], Awaitable[AuthorizeResult]]:
        """Bolt's `authorize` for this one workspace: no auth.test on any request (Bolt's
        single-workspace default runs one lazily, on the first request's path)."""
        result = AuthorizeResult(enterprise_id=self.enterprise_id, team_id=self.team_id,
                                 bot_id=self.bot_id, bot_user_id=self.bot_user_id,
                                 bot_token=token)

        async def authorize() -> AuthorizeResult:  # Bolt passes only the arguments named
            return result

        return authorize


async def _with_retries(call: Callable[[], Awaitable[T]], *, what: str,
                        sleep: Callable[[float], Awaitable[None]]) -> T:
    """`call` until Slack answers; a network failure waits and tries again, quietly (one line
    each time, growing waits, never a traceback)."""
    wait = FIRST_WAIT
    while True:
        try:
            return await call()
        except SlackApiError as exc:
            status = getattr(exc.response, "status_code", 200)
            if slack_error(exc) in REJECTED or (400 <= status < 500 and status != 429):
                raise
            problem = f"Slack answered {slack_error(exc)}"
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            problem = f"Slack is not reachable ({type(exc).__name__})"
        logger.warning("%s on %s; trying again in %.0f s", problem, what, wait)
        await sleep(wait)
        wait = min(wait * 2, LONGEST_WAIT)


def _refused(setting: str, exc: SlackApiError) -> TokenRejected:
    error = slack_error(exc)
    hint = ("it was revoked or the app was uninstalled: reinstall the app and copy the new token"
            if error in ("token_revoked", "account_inactive")
            else "check that it was copied whole from the app's settings")
    return TokenRejected(f"{setting}: Slack rejected the token ({error}); {hint}")


async def resolve_identity(client: AsyncWebClient, *,
                           sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
                           ) -> BotIdentity:
    """auth.test with the bot token; TokenRejected naming SLACK_BOT_TOKEN when Slack says no."""
    try:
        answer = await _with_retries(lambda: client.auth_test(), what="auth.test",
                                      sleep=sleep)
    except SlackApiError as exc:
        raise _refused("SLACK_BOT_TOKEN", exc) from None
    return BotIdentity(team_id=str(answer["team_id"]), team=str(answer.get("team") or ""),
                       url=str(answer.get("url") or ""), bot_user_id=str(answer["user_id"]),
                       bot_id=answer.get("bot_id"), enterprise_id=answer.get("enterprise_id"))


async def check_app_token(app_token: str, api_url: str | None, *,
                          sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
    """apps.connections.open with the app-level token (Socket Mode); TokenRejected naming
    SLACK_APP_TOKEN when Slack says no. The URL it returns is left unused: the handler asks
    for its own."""
    client = make_client(None, api_url)
    try:
        await _with_retries(lambda: client.apps_connections_open(app_token=app_token),
                            what="apps.connections.open", sleep=sleep)
    except SlackApiError as exc:
        raise _refused("SLACK_APP_TOKEN", exc) from None
