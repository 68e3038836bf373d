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


_USER_MENTION = re.compile(r"<@([UW][A-Z0-9]{2,30})(?:\|[^>]*)?>")
_CHANNEL_MENTION = re.compile(r"<#([CG][A-Z0-9]{2,30})(?:\|([^>]*))?>")
_LINK = re.compile(r"<((?:https?|mailto):[^|>]*)(?:\|([^>]*))?>")


def plain_command_text(text: str) -> str:
    """A slash command's text as the person typed it, from Slack's escaped form (the command
    has `should_escape: true`, so a picked @person arrives as `<@U012|name>`): mentions of
    people stay as `<@U012>` (what the commands that take an SDR read), channels read `#name`,
    links their address, and `&amp;`, `&lt;`, `&gt;` the characters typed. Text that was never
    escaped (the console, tests) comes back unchanged."""
    text = _USER_MENTION.sub(lambda m: f"<@{m.group(1)}>", text)
    text = _CHANNEL_MENTION.sub(lambda m: f"#{m.group(2) or m.group(1)}", text)
    text = _LINK.sub(lambda m: (m.group(2) if m.group(1).startswith("mailto:") and m.group(2)
                                else m.group(1)), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
