"""One rule per kind of Slack ID, used by settings, the environment and the console."""

from __future__ import annotations

import pytest

from bot.slack_ids import is_channel_id, is_conversation_id, is_user_id


@pytest.mark.parametrize("text", ["U012ABCDEF", "W0ENTERPRISE", "U0SDR1"])
def test_user_ids(text: str) -> None:
    assert is_user_id(text) and not is_channel_id(text) and not is_conversation_id(text)


@pytest.mark.parametrize("text", ["C012ABCDEF", "G0PRIVATE"])
def test_channel_ids_are_conversations_too(text: str) -> None:
    assert is_channel_id(text) and is_conversation_id(text) and not is_user_id(text)


def test_a_dm_is_a_conversation_but_not_a_teams_channel() -> None:
    assert is_conversation_id("D0HOME") and not is_channel_id("D0HOME")


@pytest.mark.parametrize("text", ["", "U1", "u012abcdef", "#general", "C012 ABC", "U012\n",
                                  "C" + "A" * 31, "general", "<@U012ABCDEF>"])
def test_anything_else_is_no_id(text: str) -> None:
    assert not (is_user_id(text) or is_channel_id(text) or is_conversation_id(text))


def test_the_scorecard_channel_setting_takes_a_channel_not_a_dm() -> None:
    from pydantic import ValidationError

    from bot.config import Settings

    Settings(_env_file=None, kpi_scorecard_channel="C0TEAM")
    with pytest.raises(ValidationError, match="channel ID"):
        Settings(_env_file=None, kpi_scorecard_channel="D0HOME")
