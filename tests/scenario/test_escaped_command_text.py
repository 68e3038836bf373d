"""/kpi has `should_escape: true`, so Slack sends a picked @person as `<@U…|name>` and escapes
&, < and >. The bot reads the text back as it was typed, and the person as their ID."""

from __future__ import annotations

import pytest

from bot.console.harness import Harness
from bot.slack_ids import plain_command_text
from storage import people
from tests.scenario.support import text_of


@pytest.mark.parametrize(("sent", "typed"), [
    ("review <@U0SDR1|maya> last month", "review <@U0SDR1> last month"),
    ("log 5 calls note: Q&amp;A &lt;3 with &gt;2 people",
     "log 5 calls note: Q&A <3 with >2 people"),
    ("note new script <#C0TEAM|sales> <https://example.com/x>",
     "note new script #sales https://example.com/x"),
    ("log 1 lead note: <mailto:a@b.no|a@b.no>", "log 1 lead note: a@b.no"),
    ("log 5 calls", "log 5 calls"),
    ("log 5 calls note: <!channel>", "log 5 calls note: <!channel>"),  # never escaped: as is
])
def test_escaped_text_reads_as_typed(sent: str, typed: str) -> None:
    assert plain_command_text(sent) == typed


async def test_a_note_with_an_ampersand_is_stored_as_typed(harness: Harness) -> None:
    answer = await harness.command("U0AMP", "/kpi", "log 5 calls note: Q&amp;A day")
    assert answer is not None and "Q&amp;A day" in text_of(answer["blocks"])  # shown escaped
    assert "&amp;amp;" not in str(answer)


async def test_a_review_of_a_picked_sdr_finds_them(harness: Harness) -> None:
    store = harness.deps.store
    team = store.run_sync(people.default_team)
    assert team is not None
    await harness.command("U0SDR1", "/kpi", "log 5 calls")
    answer = await harness.answer("U0ADMIN", "/kpi", "review <@U0SDR1|maya>")
    assert answer is not None
    assert "1:1 review" in text_of(answer["blocks"])
