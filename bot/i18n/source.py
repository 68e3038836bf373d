"""How the English source texts are declared (bot/i18n/messages.py) and read back.

Each text has a key (its gettext context, what the code asks for) and its English wording (the
msgid translators see). `pybabel extract` reads the declarations with the keywords
`message:1c,2` and `plural:1c,2,3` (see `make messages`).
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCE_LANGUAGE = "en"


@dataclass(frozen=True)
class Message:
    """One English text; a plural one has both forms and names the parameter that counts."""

    key: str
    singular: str
    plural: str | None = None
    count: str | None = None


MESSAGES: dict[str, Message] = {}


def message(key: str, text: str) -> None:
    _declare(Message(key, text))


def plural(key: str, singular: str, plural_: str, count: str) -> None:
    """A text whose wording follows the number in parameter `count`: "1 change", "2 changes"."""
    if f"{{{count}}}" not in singular + plural_:
        raise ValueError(f"{key}: the counted parameter {{{count}}} is in neither form")
    _declare(Message(key, singular, plural_, count))


def _declare(entry: Message) -> None:
    if entry.key in MESSAGES:
        raise ValueError(f"message {entry.key!r} is declared twice")
    MESSAGES[entry.key] = entry
