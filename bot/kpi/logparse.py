"""The `/kpi log` grammar: `25 calls 3 meetings booked yesterday source:inbound note: new script`.

Either the whole text is understood or nothing is: a ParseError names the first problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.kpi.metrics import ALIASES, ALIASES_LONGEST_FIRST, Metric
from bot.kpi.numbers import NUMBER_PATTERN, parse_number

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


_ALIAS_ALT = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in ALIASES_LONGEST_FIRST)

def _num(name: str) -> str:
    return rf"(?P<{name}>-?\s?[$€£]?{NUMBER_PATTERN}(?:\s?(?:kr|nok|usd|eur)\b)?)"


_SEP = r"(?:\s|,|;|\+|&|\band\b|\bog\b)*"
_NUMBER_FIRST = re.compile(
    _num("n") + rf"\s*(?P<m>{_ALIAS_ALT})\b"
    r"(?:\s+(?:worth|at|valued\s+at|@|til|verdt)\s*" + _num("v") + ")?",
    re.IGNORECASE,
)
_METRIC_FIRST = re.compile(rf"(?P<m>{_ALIAS_ALT})\s*:?\s*" + _num("n"), re.IGNORECASE)
_DATE = re.compile(
    r"(?<!\S)(today|i\s?dag|yesterday|i\s?går|[0-9]{4}-[0-9]{2}-[0-9]{2})(?!\S)", re.I)
_SOURCE = re.compile(r"(?<!\S)(?:source|kilde)\s*:\s*(\S*)", re.IGNORECASE)
_NOTE = re.compile(r"(?<!\S)(?:note|notat)\s*:\s*(.*)$", re.IGNORECASE | re.DOTALL)
_SOURCE_OK = re.compile(r"[\w-]+")


def parse_log(text: str, *, today: date) -> LogRequest:
    """Parse the arguments of `/kpi log`; raise ParseError unless every word is understood."""
    if len(text) > MAX_TEXT:
        raise ParseError("too_long", limit=MAX_TEXT)
    rest = " ".join(text.split())
    if not rest:
        raise ParseError("empty")
    note: str | None = None
    if match := _NOTE.search(rest):
        note = match.group(1).strip() or None
        rest = rest[: match.start()]
        if note is not None and len(note) > MAX_NOTE:
            raise ParseError("note_too_long", limit=MAX_NOTE)
    source: str | None = None
    sources = _SOURCE.findall(rest)
    if len(sources) > 1:
        raise ParseError("two_sources")
    if sources:
        source = _clean_source(sources[0])
        rest = _SOURCE.sub(" ", rest)
    day = today
    dates = _DATE.findall(rest)
    if len(dates) > 1:
        raise ParseError("two_dates")
    if dates:
        day = parse_day(dates[0], today=today)
        rest = _DATE.sub(" ", rest)
    quantities = _parse_items(rest)
    return LogRequest(day=day, quantities=quantities, source=source, note=note)


def parse_day(text: str, *, today: date) -> date:
    """today / yesterday / YYYY-MM-DD, not in the future and not more than a year back."""
    word = text.lower().replace(" ", "")
    if word in ("today", "idag"):
        return today
    if word in ("yesterday", "igår"):
        return today - timedelta(days=1)
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


def _parse_items(text: str) -> dict[Metric, float]:
    quantities: dict[Metric, float] = {}
    pos = 0
    text = text.strip()
    sep = re.compile(_SEP, re.IGNORECASE)
    while True:
        pos = sep.match(text, pos).end()  # type: ignore[union-attr]  # _SEP always matches
        if pos >= len(text):
            break
        match = _NUMBER_FIRST.match(text, pos) or _METRIC_FIRST.match(text, pos)
        if match is None:
            raise ParseError("not_understood", text=_word_at(text, pos))
        # IGNORECASE folds some non-ASCII letters onto ASCII ones ("ſ" matches "s", "ı" matches
        # "i"), so a match is not always a key: such a word is simply not understood.
        metric = ALIASES.get(" ".join(match.group("m").lower().split()))
        if metric is None:
            raise ParseError("not_understood", text=_word_at(text, pos))
        amount = parse_amount(match.group("n"), metric)
        _add(quantities, metric, amount)
        worth = match.groupdict().get("v")
        if worth is not None:
            if metric is not Metric.OPPORTUNITIES:
                raise ParseError("worth_needs_opportunity")
            _add(quantities, Metric.PIPELINE, parse_amount(worth, Metric.PIPELINE))
        pos = match.end()
    if not quantities:
        raise ParseError("nothing_to_log")
    return quantities


def _word_at(text: str, pos: int) -> str:
    words = text[pos:].split(" ", 2)[:2]
    return " ".join(words)[:40]


def parse_amount(raw: str, metric: Metric) -> float:
    """One quantity for `metric`: whole and positive for counts, money for pipeline."""
    if raw.lstrip().startswith("-"):
        raise ParseError("negative", metric=metric.value)
    if not metric.is_money and re.search(r"[$€£]|kr|nok|usd|eur", raw, re.IGNORECASE):
        raise ParseError("bad_number", text=raw.strip()[:40])
    value = parse_number(raw)
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


def _add(quantities: dict[Metric, float], metric: Metric, amount: float) -> None:
    total = quantities.get(metric, 0.0) + amount
    limit = MAX_MONEY if metric.is_money else MAX_COUNT
    if total > limit:
        raise ParseError("too_large", metric=metric.value, limit=int(limit))
    quantities[metric] = total
