"""The real app wired to a LocalSlack: dispatch Slack-shaped requests, read what came back.

The console drives it from a terminal; tests drive it from pytest.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import parse_qs

from slack_bolt.async_app import AsyncApp

from bot.app import build_app
from bot.console.local_slack import LocalSlack
from bot.console.payloads import SlackRequests, state_values
from bot.deps import Deps
from bot.slack_client import make_client

LOCAL_SIGNING_SECRET = "local-signing-secret"
LOCAL_BOT_TOKEN = "xoxb-local-console-token"


class Harness:
    def __init__(self, deps: Deps, slack: LocalSlack, *,
                 signing_secret: str = LOCAL_SIGNING_SECRET) -> None:
        self.deps = deps
        self.slack = slack
        self.client = make_client(LOCAL_BOT_TOKEN, slack.api_url)
        self.app: AsyncApp = build_app(deps, client=self.client, signing_secret=signing_secret)
        self.requests = SlackRequests(signing_secret=signing_secret,
                                      response_url_base=slack.url + "/response")

    async def dispatch(self, body: str, *, content_type: str = "application/x-www-form-urlencoded"
                       ) -> tuple[int, dict[str, Any] | None]:
        """Status and JSON body of the app's HTTP answer (None when it is empty)."""
        response = await self.app.async_dispatch(
            self.requests.bolt_request(body, content_type=content_type))
        text = response.body or ""
        try:
            parsed = json.loads(text) if text else None
        except ValueError:
            parsed = {"text": text}
        return response.status, parsed

    async def app_settled(self, quiet: float = 0.05, limit: float = 3.0) -> None:
        """Wait until the app's work after its acks is done: no Web API call for `quiet` s."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        seen = -1
        while loop.time() < deadline and seen != len(self.slack.calls):
            seen = len(self.slack.calls)
            await asyncio.sleep(quiet)

    async def command(self, user_id: str, command: str, text: str = "",
                      channel_id: str = "C0CONSOLE") -> dict[str, Any] | None:
        body = self.requests.slash_command(user_id=user_id, command=command, text=text,
                                           channel_id=channel_id)
        status, answer = await self.dispatch(body)
        if status != 200:
            raise RuntimeError(f"{command} answered HTTP {status}: {answer}")
        return answer

    async def answer(self, user_id: str, command: str, text: str = "",
                     channel_id: str = "C0CONSOLE", timeout: float = 10.0  # noqa: ASYNC109
                     ) -> dict[str, Any] | None:
        """The command's answer as its user reads it: the acknowledgement's message, or, when
        the command acknowledged at once with nothing to show, its first response_url post."""
        body = self.requests.slash_command(user_id=user_id, command=command, text=text,
                                           channel_id=channel_id)
        target = parse_qs(body)["response_url"][0].rsplit("/", 1)[1]
        status, acked = await self.dispatch(body)
        if status != 200:
            raise RuntimeError(f"{command} answered HTTP {status}: {acked}")
        if acked:
            return acked
        calls = await self.slack.wait_until(
            lambda calls: any(c.method == "response_url" and c.target == target for c in calls),
            limit=timeout)
        return next(c.args for c in calls if c.method == "response_url" and c.target == target)

    async def click(self, user_id: str, action: dict[str, Any], *,
                    view: dict[str, Any] | None = None, channel_id: str = "C0CONSOLE"
                    ) -> dict[str, Any] | None:
        body = self.requests.block_action(user_id=user_id, action=action, view=view,
                                          channel_id=channel_id)
        status, answer = await self.dispatch(body)
        if status != 200:
            raise RuntimeError(f"button {action.get('action_id')} answered HTTP {status}")
        return answer

    async def submit(self, user_id: str, view: dict[str, Any], answers: dict[str, Any]
                     ) -> dict[str, Any] | None:
        body = self.requests.view_submission(user_id=user_id, view=view,
                                             values=state_values(view, answers))
        status, answer = await self.dispatch(body)
        if status != 200:
            raise RuntimeError(f"submission of {view.get('callback_id')} answered HTTP {status}")
        return answer

    async def event(self, event: dict[str, Any], *, event_id: str | None = None,
                    ) -> dict[str, Any] | None:
        body = self.requests.event(event=event, event_id=event_id)
        _, answer = await self.dispatch(body, content_type="application/json")
        return answer
