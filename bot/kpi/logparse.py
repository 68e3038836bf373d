"""The `/kpi log` grammar: `25 calls 3 meetings booked yesterday source:inbound note: new script`.

Either the whole text is understood or nothing is: a ParseError names the first problem.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from bot.kpi.metrics import ALIASES, Metric, metric_from_text, registry_version
from bot.kpi.numbers import ENGLISH, NUMBER_PATTERN, AmbiguousNumber, Marks, parse_number
from bot.kpi.words import Words, all_words, languages, words_for

MAX_TEXT = 500
MAX_COUNT = 100_000  # per metric in one log: more is a typo, not a day's work
MAX_MONEY = 1_000_000_000.0
MAX_DAYS_BACK = 366
MAX_SOURCE = 40
MAX_NOTE = 300
KNOWN_SOURCES = ("inbound", "outbound", "referral", "event", "partner")


class ParseError(ValueError):
    """Why a text was not understood: a catalogue key and its parameters."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class LogRequest:
    day: date
    quantities: dict[Metric, float] = field(default_factory=dict)
    source: str | None = None
    note: str | None = None


def _alternatives(phrases: Iterable[str]) -> str:
    """A regex alternation of phrases, longest first, any run of spaces where one is."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


def _bounded(words: Iterable[str]) -> str:
    """Word boundaries around the words made of letters (not around "@" or "$")."""
    return "|".join(rf"\b{re.escape(w)}\b" if w[:1].isalnum() else re.escape(w)
                    for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class _Grammar:
    """The `/kpi log` patterns for one set of words and one state of the metric table."""

    words: Words
    number_first: re.Pattern[str]
    metric_first: re.Pattern[str]
    separator: re.Pattern[str]
    date: re.Pattern[str]
    source: re.Pattern[str]
    note: re.Pattern[str]
    currency: re.Pattern[str]


@lru_cache(maxsize=8)
def _grammar(words: Words, version: int) -> _Grammar:
    del version  # part of the cache key: a registered metric brings new aliases
    aliases = _alternatives(ALIASES)
    symbols = [c for c in words.currencies if not c[:1].isalnum()]
    codes = [c for c in words.currencies if c[:1].isalnum()]
    # A symbol or a code, before or after the amount: $15k, 15k$, EUR 10k, 10 000 kr.
    marks = [*(re.escape(c) for c in symbols), *(rf"\b{re.escape(c)}(?![^\W\d_])" for c in codes)]
    currency = f"(?:{'|'.join(marks)})" if marks else "(?!)"
    before, after = rf"(?:{currency}\s?)?", rf"(?:\s?{currency})?"

    def number(name: str) -> str:
        return rf"(?P<{name}>-?\s?{before}-?{NUMBER_PATTERN}{after})"

    worth = _alternatives(words.worth) or "(?!)"
    days = "|".join(re.escape(p).replace(r"\ ", r"\s?") for p, _ in
                    sorted(words.days_back, key=lambda row: len(row[0]), reverse=True))
    return _Grammar(
        words=words,
        number_first=re.compile(number("n") + rf"\s*(?P<m>{aliases})\b"
                                rf"(?:\s+(?:{worth})\s*" + number("v") + ")?", re.IGNORECASE),
        metric_first=re.compile(rf"(?P<m>{aliases})\s*:?\s*" + number("n"), re.IGNORECASE),
        separator=re.compile(rf"(?:\s|,|;|\+|&|{_bounded(words.and_) or '(?!)'})*",
                             re.IGNORECASE),
        date=re.compile(rf"(?<!\S)({days + '|' if days else ''}[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})"
                        r"(?!\S)", re.IGNORECASE),
        source=re.compile(rf"(?<!\S)(?:{_alternatives(words.source) or '(?!)'})\s*:\s*(\S*)",
                          re.IGNORECASE),
        note=re.compile(rf"(?<!\S)(?:{_alternatives(words.note) or '(?!)'})\s*:\s*(.*)$",
                        re.IGNORECASE | re.DOTALL),
        currency=re.compile(currency, re.IGNORECASE),
    )


def grammar(words: Words | None = None) -> _Grammar:
    return _grammar(words or all_words(), registry_version())


_SOURCE_OK = re.compile(r"[\w-]+")


@dataclass(frozen=True)
class Reader:
    """Who is typing, for what a word or number means: the language whose thousands
    separator applies (English unless given), and the team's currency (ISO code), against
    which a currency typed with an amount is checked."""

    language: str | None = None
    currency: str | None = None

    @property
    def marks(self) -> Marks:
        if self.language not in languages():
            return ENGLISH
        words = words_for(self.language)
        if not words.group or not words.decimal:
            return ENGLISH
        return Marks(words.group[0], words.decimal[0])


def parse_log(text: str, *, today: date, words: Words | None = None,
              reader: Reader | None = None) -> LogRequest:
    """Parse the arguments of `/kpi log`; raise ParseError unless every word is understood.
    The words are every language's unless `words` is given."""
    g = grammar(words)
    reader = reader or Reader()
    if len(text) > MAX_TEXT:
        raise ParseError("too_long", limit=MAX_TEXT)
    rest = " ".join(text.split())
    if not rest:
        raise ParseError("empty")
    note: str | None = None
    if match := g.note.search(rest):
        note = match.group(1).strip() or None
        rest = rest[: match.start()]
        if note is not None and len(note) > MAX_NOTE:
            raise ParseError("note_too_long", limit=MAX_NOTE)
    source: str | None = None
    sources = g.source.findall(rest)
    if len(sources) > 1:
        raise ParseError("two_sources")
    if sources:
        source = _clean_source(sources[0])
        rest = g.source.sub(" ", rest)
    day = today
    dates = g.date.findall(rest)
    if len(dates) > 1:
        raise ParseError("two_dates")
    if dates:
        day = parse_day(dates[0], today=today, words=g.words)
        rest = g.date.sub(" ", rest)
    quantities = _parse_items(rest, g, reader)
    return LogRequest(day=day, quantities=quantities, source=source, note=note)


def parse_day(text: str, *, today: date, words: Words | None = None) -> date:
    """today / yesterday (in any language unless `words` is given) / YYYY-MM-DD, not in the
    future and not more than a year back."""
    word = text.lower().replace(" ", "")
    for phrase, back in (words or all_words()).days_back:
        if word == phrase.replace(" ", ""):
            return today - timedelta(days=back)
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ParseError("bad_date", text=text) from None
    if day > today:
        raise ParseError("future_date", date=day.isoformat())
    if (today - day).days > MAX_DAYS_BACK:
        raise ParseError("old_date", date=day.isoformat(), days=MAX_DAYS_BACK)
    return day


def _clean_source(raw: str) -> str:
    source = raw.strip().lower()
    if not source:
        raise ParseError("empty_source", known=", ".join(KNOWN_SOURCES))
    if len(source) > MAX_SOURCE or not _SOURCE_OK.fullmatch(source):
        raise ParseError("bad_source", known=", ".join(KNOWN_SOURCES))
    return source


def _parse_items(text: str, g: _Grammar, reader: Reader) -> dict[Metric, float]:
    quantities: dict[Metric, float] = {}
    pos = 0
    text = text.strip()
    while True:
        pos = g.separator.match(text, pos).end()  # type: ignore[union-attr]  # matches empty
        if pos >= len(text):
            break
        match = g.number_first.match(text, pos) or g.metric_first.match(text, pos)
        if match is None:
            raise _not_understood(text, pos, g)
        # IGNORECASE folds some non-ASCII letters onto ASCII ones ("ſ" matches "s", "ı" matches
        # "i"), so a match is not always a key: such a word is simply not understood.
        metric = metric_from_text(match.group("m"))
        if metric is None:
            raise ParseError("not_understood", text=_word_at(text, pos))
        amount = parse_amount(match.group("n"), metric, words=g.words, reader=reader)
        _add(quantities, metric, amount)
        worth = match.groupdict().get("v")
        if worth is not None:
            if metric is not Metric.OPPORTUNITIES:
                raise ParseError("worth_needs_opportunity")
            _add(quantities, Metric.PIPELINE,
                 parse_amount(worth, Metric.PIPELINE, words=g.words, reader=reader))
        pos = match.end()
    if not quantities:
        raise ParseError("nothing_to_log")
    return quantities


def _word_at(text: str, pos: int) -> str:
    words = text[pos:].split(" ", 2)[:2]
    return " ".join(words)[:40]


_LEADING_NUMBER = re.compile(rf"-?\s?{NUMBER_PATTERN}\s*", re.IGNORECASE)
SUGGEST_CUTOFF = 0.75  # "cals" for calls, "meetngs" for meetings; not "widgets" for "dials"


def _not_understood(text: str, pos: int, g: _Grammar) -> ParseError:
    """Not understood; with "did you mean" when the word is a near miss of a metric's name."""
    shown = _word_at(text, pos)
    number = _LEADING_NUMBER.match(text, pos)
    start = number.end() if number else pos
    word = text[start:].split(" ", 1)[0].lower()
    close = difflib.get_close_matches(word, list(ALIASES), n=1, cutoff=SUGGEST_CUTOFF)
    if word and close and close[0] != word and not word[:1].isdigit():
        return ParseError("did_you_mean", text=shown,
                          suggestion=(text[pos:start] + close[0])[:40])
    return ParseError("not_understood", text=shown)


def parse_amount(raw: str, metric: Metric, *, words: Words | None = None,
                 reader: Reader | None = None) -> float:
    """One quantity for `metric`: whole and positive for counts, money for pipeline (in the
    reader's team currency, when it is known)."""
    g = grammar(words)
    reader = reader or Reader()
    if raw.replace(" ", "").lstrip().lstrip("".join(g.words.currencies)).startswith("-"):
        raise ParseError("negative", metric=metric.value)
    typed = g.currency.search(raw)
    if typed and not metric.is_money:
        raise ParseError("bad_number", text=raw.strip()[:40])
    if typed and reader.currency:
        _check_currency(typed.group(0), reader.currency, raw, g.words)
    try:
        value = parse_number(raw, currencies=g.words.currencies, marks=reader.marks)
    except AmbiguousNumber as exc:
        raise ParseError("ambiguous_number", text=raw.strip()[:40], whole=_plain(exc.whole),
                         fraction=_plain(exc.fraction).replace(".", reader.marks.decimal)
                         ) from None
    if value is None:
        raise ParseError("bad_number", text=raw.strip()[:40])
    if metric.is_money:
        if value > MAX_MONEY:
            raise ParseError("too_large", metric=metric.value, limit=int(MAX_MONEY))
        money = round(value, 2)
        if money == 0:  # a zero-value row would be stored, confirmed and undone as an entry
            raise ParseError("zero", metric=metric.value)
        return money
    if value == 0:
        raise ParseError("zero", metric=metric.value)
    if value != int(value):
        raise ParseError("not_whole", metric=metric.value, text=raw.strip())
    if value > MAX_COUNT:
        raise ParseError("too_large", metric=metric.value, limit=MAX_COUNT)
    return value


def _plain(value: float) -> str:
    return f"{value:f}".rstrip("0").rstrip(".")


def currency_problem(raw: str, currency: str, *, words: Words | None = None
                     ) -> ParseError | None:
    """What is wrong with the currency typed in `raw` for a team counting in `currency`:
    nothing when none is typed or it is the team's (a form checks this once the team is known)."""
    g = grammar(words)
    typed = g.currency.search(raw)
    if typed is None:
        return None
    try:
        _check_currency(typed.group(0), currency, raw, g.words)
    except ParseError as exc:
        return exc
    return None


def _check_currency(typed: str, currency: str, raw: str, words: Words) -> None:
    """A typed currency must be one the team's code may be written as: "$" in a CAD team,
    "kr" in a NOK team; "€" in a USD team is refused, never converted or dropped."""
    codes = words.codes_of(typed)
    if currency.upper() in codes:
        return
    amount = " ".join(raw.replace(typed, " ").split())
    raise ParseError("wrong_currency", typed=typed, given="/".join(codes) or typed.upper(),
                     currency=currency.upper(), amount=amount[:40])


def _add(quantities: dict[Metric, float], metric: Metric, amount: float) -> None:
    total = quantities.get(metric, 0.0) + amount
    limit = MAX_MONEY if metric.is_money else MAX_COUNT
    if total > limit:
        raise ParseError("too_large", metric=metric.value, limit=int(limit))
    quantities[metric] = total
