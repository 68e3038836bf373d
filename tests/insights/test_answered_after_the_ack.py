"""`/kpi insights` and `/kpi review` acknowledge at once and answer through the command's
response_url: their statistics (and a process's first import of scipy and statsmodels) can
outlast Slack's 3 seconds, and a late acknowledgement is an error the manager sees."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

import bot.listeners.commands.insights
import bot.listeners.commands.review
from bot.console.harness import Harness
from bot.console.local_slack import LocalSlack
from bot.services.insights_view import insights_for
from bot.services.review_view import review_for
from tests.insights.test_scenario import ANNA, MANAGER, _org
from tests.scenario.support import text_of


@pytest.mark.parametrize(("module", "name", "slow", "args", "shown"), [
    (bot.listeners.commands.insights, "insights_for", insights_for, "insights", "Insights"),
    (bot.listeners.commands.review, "review_for", review_for, f"review <@{ANNA}>",
     "1:1 review"),
])
async def test_the_ack_comes_before_the_work_and_the_answer_after_it(
        harness: Harness, slack: LocalSlack, monkeypatch: pytest.MonkeyPatch, module: Any,
        name: str, slow: Any, args: str, shown: str) -> None:
    _org(harness)
    released = threading.Event()

    def held(*a: Any, **kw: Any) -> Any:  # the real work, once the test lets it go
        released.wait(10)
        return slow(*a, **kw)
    monkeypatch.setattr(module, name, held)
    slack.clear()
    body = harness.requests.slash_command(user_id=MANAGER, command="/kpi", text=args)
    try:
        status, acked = await asyncio.wait_for(harness.dispatch(body), 5)
        assert status == 200 and acked is None  # an empty acknowledgement: nothing shown yet
        assert slack.of("response_url") == []
    finally:
        released.set()
    [posted] = await slack.wait_for("response_url")
    assert posted.args["response_type"] == "ephemeral"
    assert posted.args.get("replace_original") is False
    assert shown in text_of(posted.args["blocks"])


async def test_a_refusal_is_answered_the_same_way(harness: Harness, slack: LocalSlack) -> None:
    _org(harness)
    answer = await harness.answer(ANNA, "/kpi", "insights")
    assert answer is not None and "for the managers of a team" in text_of(answer["blocks"])
    assert len(slack.of("response_url")) == 1
