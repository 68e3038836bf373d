"""What a Slack ID looks like, in one place: users, the channels a team posts to, and any
conversation. Checked wherever an ID is typed or configured (settings, environment, console).

Slack IDs are upper-case letters and digits after a prefix: U or W for people (W on
Enterprise Grid), C for a public channel, G for a private one (older workspaces), D for a DM.
"""

from __future__ import annotations

import re

_USER = re.compile(r"[UW][A-Z0-9]{2,30}")
_CHANNEL = re.compile(r"[CG][A-Z0-9]{2,30}")  # what a team's scorecard can be posted to
_CONVERSATION = re.compile(r"[CGD][A-Z0-9]{2,30}")  # anything a conversations_select returns


def is_user_id(text: str) -> bool:
    """A person: U012ABCDEF (or W… on Enterprise Grid)."""
    return _USER.fullmatch(text) is not None


def is_channel_id(text: str) -> bool:
    """A public or private channel, where a team's scorecard goes; not a DM."""
    return _CHANNEL.fullmatch(text) is not None


def is_conversation_id(text: str) -> bool:
    """A channel or a DM: what a conversations_select with no filter may return."""
    return _CONVERSATION.fullmatch(text) is not None
