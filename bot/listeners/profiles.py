"""Learning a user's profile from Slack (users.info): name, e-mail and locale. The locale
picks the language and formats of everything the bot shows them, on every surface.

- Before the first answer: a user whose locale the store does not know is looked up before
  any listener runs (app middleware), within LOOKUP_BUDGET seconds so the acknowledgement
  stays well inside Slack's 3; on a timeout or an error the answer is in English, quietly,
  and the lookup is tried again after the answer.
- From time to time: after a command's answer, a profile this process has not asked Slack
  about (or found in the store) for REFRESH_AFTER is asked again, so a user who switches
  Slack to Norwegian reads Norwegian from the next day on.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps, deps_of
from bot.services.profiles import has_locale, save_profile
from bot.slack_errors import log_call_failure

logger = logging.getLogger(__name__)

LOOKUP_BUDGET = 1.0  # seconds users.info may take before a first answer
REFRESH_AFTER = timedelta(days=1)
RETRY_AFTER = timedelta(minutes=5)  # after a lookup that failed


async def learn_locale_first(context: AsyncBoltContext, client: AsyncWebClient,
                             next: Callable[[], Awaitable[None]]) -> None:  # Bolt's name
    """App middleware: the user's locale before their first answer, then the listener."""
    user_id = context.user_id
    if isinstance(user_id, str) and user_id:
        await learn_before_answer(deps_of(context), client, user_id)
    await next()


async def learn_before_answer(deps: Deps, client: AsyncWebClient, user_id: str) -> None:
    """Look the user up now if the store has no locale for them; never raises."""
    if user_id in deps.profiles_checked:
        return  # no database trip on every request
    try:
        if await deps.store.run(has_locale, user_id=user_id):
            deps.profiles_checked[user_id] = deps.now()  # due for a refresh in a day
            return
        await asyncio.wait_for(_ask_slack(deps, client, user_id), LOOKUP_BUDGET)
        return
    except TimeoutError:  # slow, not failed: the refresh after the answer asks again
        logger.info("users.info for %s took over %ss: English for now", user_id, LOOKUP_BUDGET)
        return
    except Exception as exc:
        log_call_failure(logger, "users.info", user_id, exc, what="learning the locale")
    # Failed: English for now. The refresh after the answer asks again once RETRY_AFTER has
    # passed, not at once (a Slack that just failed would only fail, and log, twice).
    deps.profiles_checked[user_id] = deps.now() - REFRESH_AFTER + RETRY_AFTER


async def learn_profile(deps: Deps, client: AsyncWebClient, user_id: str) -> None:
    """After an answer went out: ask Slack again unless asked within REFRESH_AFTER. A failure
    only means the profile stays as it is, so it is logged, never raised."""
    checked = deps.profiles_checked.get(user_id)
    if checked is not None and deps.now() - checked < REFRESH_AFTER:
        return
    try:
        await _ask_slack(deps, client, user_id)
    except Exception as exc:
        log_call_failure(logger, "users.info", user_id, exc, what="learning the profile")


async def _ask_slack(deps: Deps, client: AsyncWebClient, user_id: str) -> None:
    response = await client.users_info(user=user_id, include_locale=True)
    user: dict[str, Any] = response.get("user") or {}
    profile: dict[str, Any] = user.get("profile") or {}
    await deps.store.run(
        save_profile,
        user_id=user_id,
        name=(profile.get("real_name") or user.get("real_name") or user.get("name") or None),
        email=profile.get("email") or None,
        locale=user.get("locale") or "en-US",
    )
    deps.profiles_checked[user_id] = deps.now()
