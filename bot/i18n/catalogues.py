"""The compiled gettext catalogues (locale/<language>/LC_MESSAGES/messages.mo), read once.

English is the source language: its texts are the declarations in messages.py. Every other
language is a catalogue compiled by `make messages` from its .po file; a text it lacks (or has
only as fuzzy) reads in English.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

from bot.i18n import messages as _declared  # noqa: F401  (declares every text)
from bot.i18n.source import MESSAGES, SOURCE_LANGUAGE

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"


def find_languages(directory: Path) -> tuple[str, ...]:
    """English and every language with a compiled catalogue in `directory`, English first."""
    compiled = sorted(p.parent.parent.name for p in directory.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return (SOURCE_LANGUAGE, *(code for code in compiled if code != SOURCE_LANGUAGE))


LANGUAGES = find_languages(LOCALE_DIR)


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The language's compiled catalogue; for English, the declarations as they are."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    with (LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as handle:
        return gettext.GNUTranslations(handle)


@cache
def catalogue(language: str) -> dict[str, str]:
    """Every text by key in `language`; a text with plural forms as its form for many (the
    Translator picks the form). A metric added at run time (bot.kpi.metrics.register) may add
    its names here."""
    found = translations(language)
    return {key: found.pgettext(key, entry.singular) if entry.plural is None
            else found.npgettext(key, entry.singular, entry.plural, 2)
            for key, entry in MESSAGES.items()}
