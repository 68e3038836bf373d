"""Slack unreachable after start-up (the identity was resolved then): commands still answer
through the ack, and learning a new user's profile fails with one warning line, not a
traceback."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.app import build_app
from bot.config import Settings
from bot.console.harness import LOCAL_SIGNING_SECRET
from bot.console.local_slack import LocalSlack
from bot.console.payloads import SlackRequests
from bot.deps import Deps
from bot.slack_client import BotIdentity, make_client
from storage.db import Store
from tests.conftest import Clock


async def test_users_info_unreachable_is_one_warning(
        settings: Settings, store: Store, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    gone = await LocalSlack().start()
    api_url = gone.api_url
    await gone.stop()  # nothing listens there any more: every connection is refused
    identity = BotIdentity(team_id="T0LOCAL", team="local", url="https://local.slack.com/",
                           bot_user_id="U0BOT", bot_id="B0BOT", enterprise_id=None)
    app = build_app(Deps(settings, store, now=clock), client=make_client(None, api_url),
                    signing_secret=LOCAL_SIGNING_SECRET,
                    authorize=identity.authorize("xoxb-test"))
    requests = SlackRequests(signing_secret=LOCAL_SIGNING_SECRET,
                             response_url_base=api_url + "response")
    body = requests.slash_command(user_id="U0NEWBIE", command="/kpi", text="log 3 calls")
    response = await app.async_dispatch(requests.bolt_request(body))
    assert response.status == 200 and "Calls" in (response.body or "")
    # learn_profile runs after the ack, in Bolt's background task: wait for its line
    for _ in range(600):  # a bound for a broken test only: slack_sdk retries a refused connection
        if "users.info" in caplog.text:
            break
        await asyncio.sleep(0.05)
    [line] = [r for r in caplog.records if "users.info" in r.getMessage()]
    assert line.levelno == logging.WARNING and line.exc_info is None
    assert "unreachable" in line.getMessage()
    assert not any(r.exc_info for r in caplog.records if r.name == "bot.listeners.common")
