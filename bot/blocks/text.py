"""Small helpers for Block Kit text objects, with Slack's length limits applied."""

from __future__ import annotations

from typing import Any

Block = dict[str, Any]

SECTION_TEXT_LIMIT = 3000
HEADER_LIMIT = 150
BUTTON_LIMIT = 75
CONTEXT_LIMIT = 2000


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Slack has no escape for mrkdwn's formatting marks, so a user's mark is swapped for a
# look-alike that formats nothing: a name like "a* b *c" cannot end the bold around it.
_MARKS = str.maketrans({"*": "\u2217", "_": "\u02cd", "~": "\u223c", "`": "\u02cb"})
_CONTROL = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def escape(text: str) -> str:
    """User text (a team or person name, a note, a source, words echoed back) made inert in
    any text Slack parses: mrkdwn, a message's fallback `text`, an image's alt text, a file's
    title. No mention (`<!everyone>`, `<@U1>`), link or entity gets through, and no
    formatting mark pairs with the markup around it. The one place this is done."""
    return text.translate(_CONTROL).translate(_MARKS)


def escape_code(text: str) -> str:
    """User text shown inside `backticks` for copying (a team name to type): its underscores
    and asterisks stay as typed (a code span formats nothing), but not its backticks."""
    return text.translate(_CONTROL).replace("`", "\u02cb")


def plain(text: str, limit: int = SECTION_TEXT_LIMIT) -> dict[str, Any]:
    return {"type": "plain_text", "text": clip(text, limit), "emoji": True}


def mrkdwn(text: str, limit: int = SECTION_TEXT_LIMIT) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": clip(text, limit)}


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, HEADER_LIMIT)}


def section(text: str) -> Block:
    return {"type": "section", "text": mrkdwn(text)}


def context(*texts: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(t, CONTEXT_LIMIT) for t in texts[:10]]}


def divider() -> Block:
    return {"type": "divider"}


def button(
    text: str, *, action_id: str, value: str | None = None, style: str | None = None
) -> Block:
    element: Block = {"type": "button", "text": plain(text, BUTTON_LIMIT), "action_id": action_id}
    if value is not None:
        element["value"] = value[:2000]
    if style is not None:
        element["style"] = style
    return element


def actions(*elements: Block, block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": list(elements)[:25]}
    if block_id:
        block["block_id"] = block_id
    return block


def redrawing_select(*, block_id: str, action_id: str, label: str,
                     options: list[tuple[str, str]], selected: str) -> Block:
    """A static select input whose change Slack sends at once (dispatch_action), so the modal
    can be redrawn for the choice. `options` are (value, text); Slack takes 100 at most."""
    choices = [{"text": plain(text[:75]), "value": value} for value, text in options[:100]]
    initial = next((o for o in choices if o["value"] == selected), choices[0])
    return {
        "type": "input", "block_id": block_id, "dispatch_action": True, "label": plain(label),
        "element": {"type": "static_select", "action_id": action_id, "options": choices,
                    "initial_option": initial},
    }
