"""A nudge to an SDR the bot has not heard from yet is in their Slack language."""

from __future__ import annotations

import json

from bot.console.local_slack import LocalSlack, SlackUser
from bot.services.nudges import NudgeStatus, send_nudges
from bot.services.posting import Posting
from bot.services.profiles import stored_profiles
from storage.db import Store
from tests.conftest import Clock
from tests.posts.test_nudges import WEDNESDAY_1400, _team


async def test_the_first_nudge_learns_the_sdrs_language(posting: Posting, store: Store,
                                                        slack: LocalSlack, clock: Clock) -> None:
    _team(store)  # added in settings, never typed a command: no locale stored
    slack.add_user(SlackUser("U0S00", "kari", "Kari Nordmann", "kari@example.no",
                             locale="nb-NO"))
    clock.current = WEDNESDAY_1400
    outcomes = {o.user_id: o.status for o in await send_nudges(posting)}
    assert outcomes["U0S00"] is NudgeStatus.SENT
    [dm] = [c for c in slack.of("chat.postMessage") if c.args["channel"] == "U0S00"]
    text = json.dumps(dm.args["blocks"], ensure_ascii=False)
    assert "3 arbeidsdager igjen" in text and "*Anrop*" in text
    [other] = [c for c in slack.of("chat.postMessage") if c.args["channel"] == "U0S03"]
    assert "3 working days left" in json.dumps(other.args["blocks"])  # Slack says en-US
    [kari] = store.run_sync(stored_profiles, user_ids=["U0S00"])
    assert kari.locale == "nb-NO"  # asked once: remembered


async def test_a_failing_lookup_still_sends_the_nudge_in_english(
        posting: Posting, store: Store, slack: LocalSlack, clock: Clock) -> None:
    _team(store)
    slack.fail("users.info", error="user_not_found", times=10)
    clock.current = WEDNESDAY_1400
    outcomes = {o.user_id: o.status for o in await send_nudges(posting)}
    assert outcomes["U0S00"] is NudgeStatus.SENT
    [dm] = [c for c in slack.of("chat.postMessage") if c.args["channel"] == "U0S00"]
    assert "working days left" in json.dumps(dm.args["blocks"])
