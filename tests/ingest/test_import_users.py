"""Users given by e-mail: looked up with users.lookupByEmail on the (fake) Slack, once each."""

from __future__ import annotations

from pathlib import Path

from slack_sdk import WebClient

from bot.console.local_slack import LocalSlack, SlackUser
from storage.db import Store
from tests.ingest.support import import_with_slack, live_rows, totals, write_csv
from tests.slack_contract import check_calls


def _client(slack: LocalSlack) -> WebClient:
    return WebClient(token="xoxb-test", base_url=slack.api_url)


async def test_e_mails_are_resolved_through_slack_and_cached(
        store: Store, slack: LocalSlack, tmp_path: Path) -> None:
    slack.add_user(SlackUser("U0ADA", "ada", "Ada L", "ada@example.com"))
    slack.add_user(SlackUser("U0BO", "bo", "Bo K", "bo@example.com"))
    path = write_csv(tmp_path / "a.csv", [
        "2026-11-20,ada@example.com,calls,5,,,,,",
        "2026-11-20,Ada@Example.com,emails,3,,,,,",
        "2026-11-21,bo@example.com,calls,4,,,,,",
        "2026-11-22,ada@example.com,calls,1,,,,,",
        "2026-11-22,U0CARL,calls,2,,,,,",
    ])
    report = await import_with_slack(store, path, _client(slack))
    assert report.ok
    assert totals(store) == {("U0ADA", "calls"): 6, ("U0ADA", "emails"): 3,
                             ("U0BO", "calls"): 4, ("U0CARL", "calls"): 2}
    lookups = slack.of("users.lookupByEmail")
    assert sorted(c.args["email"] for c in lookups) == ["ada@example.com", "bo@example.com"]
    check_calls(slack.calls)  # each call as Slack's method description has it


async def test_an_unknown_e_mail_is_a_row_error(store: Store, slack: LocalSlack,
                                                tmp_path: Path) -> None:
    slack.add_user(SlackUser("U0ADA", "ada", "Ada L", "ada@example.com"))
    path = write_csv(tmp_path / "a.csv", ["2026-11-20,ada@example.com,calls,5,,,,,",
                                          "2026-11-20,ghost@example.com,calls,3,,,,,"])
    report = await import_with_slack(store, path, _client(slack))
    assert report.errors == [(3, "no Slack user has the e-mail ghost@example.com")]
    assert live_rows(store) == 0
    check_calls(slack.calls)
