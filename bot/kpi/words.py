"""The words people type, per language, as data: periods, log grammar, currencies, on/off.

Each language has one file, `bot/i18n/words/<language>.json`, beside its message catalogue.
The parsers in this package take a `Words` value; by default the union of every language's
words, since a Norwegian may well type "yesterday" and an English speaker "kr".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

_T = TypeVar("_T")
PERIOD_KINDS = ("day", "week", "month", "quarter")  # periods.PeriodKind
WORDS_DIR = Path(__file__).resolve().parent.parent / "i18n" / "words"


@dataclass(frozen=True)
class Words:
    """One language's words (or several merged), lower case, as tuples so a value hashes."""

    # phrase, period kind (day, week, month, quarter), how many periods back
    periods: tuple[tuple[str, str, int], ...] = ()
    days_back: tuple[tuple[str, int], ...] = ()  # "yesterday": 1
    and_: tuple[str, ...] = ()  # between items of a log: "25 calls and 3 meetings"
    worth: tuple[str, ...] = ()  # "2 opportunities worth 12k"
    source: tuple[str, ...] = ()  # "source: inbound"
    note: tuple[str, ...] = ()  # "note: new script"
    currencies: tuple[str, ...] = ()  # symbols and codes a money amount may carry
    # each of those to the ISO codes it may stand for: "$" to USD, CAD, AUD; "eur" to EUR
    currency_codes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # the thousands separator and the decimal mark, as this language writes numbers
    group: tuple[str, ...] = ()
    decimal: tuple[str, ...] = ()
    on: tuple[str, ...] = ()
    off: tuple[str, ...] = ()

    def codes_of(self, currency: str) -> tuple[str, ...]:
        """The ISO codes a typed symbol or code may stand for (upper case), () if unknown."""
        key = currency.lower()
        return tuple(dict.fromkeys(code for token, codes in self.currency_codes
                                   if token == key for code in codes))

    def merged(self, other: Words) -> Words:
        return Words(**{name: _union(getattr(self, name), getattr(other, name))
                        for name in self.__dataclass_fields__})


def _union(a: tuple[_T, ...], b: tuple[_T, ...]) -> tuple[_T, ...]:
    return a + tuple(x for x in b if x not in a)


def words_from_data(data: dict[str, object]) -> Words:
    """A words file's content as Words; ValueError naming what is wrong."""
    def strings(name: str) -> tuple[str, ...]:
        value = data.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ValueError(f"{name!r} must be a list of words")
        return tuple(v.lower() for v in value)

    def mapping(name: str) -> dict[str, object]:
        value = data.get(name, {})
        if not isinstance(value, dict):
            raise ValueError(f"{name!r} must be an object")
        return value

    periods, days, currencies, number = (mapping(name) for name in (
        "periods", "days_back", "currencies", "number"))
    currency_rows = []
    for token, codes in currencies.items():
        if not token or not isinstance(codes, list) or not codes or not all(
                isinstance(c, str) and len(c) == 3 and c.isalpha() for c in codes):
            raise ValueError(f"currency {token!r} must list its ISO codes, such as [\"USD\"]")
        currency_rows.append((token.lower(), tuple(c.upper() for c in codes)))
    marks = [number.get(name) for name in ("group", "decimal")]
    if number and not all(isinstance(m, str) and len(m) == 1 for m in marks):
        raise ValueError("'number' must give one 'group' and one 'decimal' character")
    period_rows = []
    for phrase, row in periods.items():
        if not isinstance(row, list) or len(row) != 2 or row[0] not in PERIOD_KINDS:
            raise ValueError(f"period {phrase!r}: [kind, periods back], kind one of "
                             f"{PERIOD_KINDS}")
        period_rows.append((phrase.lower(), str(row[0]), int(row[1])))
    return Words(
        periods=tuple(period_rows),
        days_back=tuple((phrase.lower(), int(str(back))) for phrase, back in days.items()),
        and_=strings("and"), worth=strings("worth"), source=strings("source"),
        note=strings("note"), currencies=tuple(token for token, _ in currency_rows),
        currency_codes=tuple(currency_rows), on=strings("on"), off=strings("off"),
        group=(str(marks[0]),) if number else (), decimal=(str(marks[1]),) if number else (),
    )


def languages() -> tuple[str, ...]:
    """Every language with a words file, English first."""
    found = sorted(p.stem for p in WORDS_DIR.glob("*.json"))
    return tuple(sorted(found, key=lambda code: code != "en"))


@cache
def words_for(language: str) -> Words:
    data = json.loads((WORDS_DIR / f"{language}.json").read_text("utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{language}.json must hold an object")
    return words_from_data(data)


@cache
def all_words() -> Words:
    """The union of every language's words: what the parsers understand by default."""
    result = Words()
    for language in languages():
        result = result.merged(words_for(language))
    return result
