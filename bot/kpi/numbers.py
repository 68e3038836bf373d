"""Numbers as people type them: 12k, 1.5m, 12,000, 12 000, 12 000,50, and in Norwegian 1.500.

Which of "." and "," groups thousands depends on the writer's language (`Marks`): "1.500" is
1500 in Norwegian and "1,500" is 1500 in English. Where the language's own reading and the other
language's disagree, as "1.500" from an English writer, the number is refused (AmbiguousNumber),
not guessed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from bot.kpi.words import all_words

# ASCII digits only: Python's \d would also take Arabic-Indic or fullwidth digits.
# Thousands grouped by a space (any width), a comma or a point; then decimals; then k or m.
# What the marks mean is decided by `parse_number`, which knows the writer's language.
NUMBER_PATTERN = (
    r"(?:[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+|[0-9]{1,3}(?:[.,][0-9]{3})+|[0-9]+)"
    r"(?:[.,][0-9]+)?"
    r"(?:\s?[km](?![a-z]))?"
)
_NUMBER = re.compile(rf"^{NUMBER_PATTERN}$", re.IGNORECASE)
_SUFFIX = {"k": 1_000, "m": 1_000_000}
_SPACES = re.compile(r"[ \u00a0\u202f]")


@dataclass(frozen=True)
class Marks:
    """A language's thousands separator and decimal mark (spaces always group thousands)."""

    group: str = ","
    decimal: str = "."


ENGLISH = Marks(",", ".")


class AmbiguousNumber(ValueError):
    """A number two languages read differently: `whole` as thousands, `fraction` as decimals."""

    def __init__(self, text: str, *, whole: float, fraction: float) -> None:
        super().__init__(text)
        self.whole = whole
        self.fraction = fraction


def parse_number(text: str, *, currencies: Sequence[str] | None = None,
                 marks: Marks = ENGLISH) -> float | None:
    """The value of `text`, or None when it is not a plain non-negative number. A currency
    (every language's unless `currencies` is given) may come before or after it. Raises
    AmbiguousNumber for a number `marks` would read one way and the other language another."""
    cleaned = text.strip().lower()
    for currency in all_words().currencies if currencies is None else currencies:
        cleaned = cleaned.removeprefix(currency).removesuffix(currency).strip()
    if not _NUMBER.match(cleaned):
        return None
    factor = 1
    if cleaned[-1] in _SUFFIX:
        factor = _SUFFIX[cleaned[-1]]
        cleaned = cleaned[:-1].strip()
    digits = _plain_digits(_SPACES.sub("", cleaned), marks, factor)
    if digits is None:
        return None
    return _value(digits, factor)


def _value(digits: str, factor: int) -> float | None:
    try:
        # Decimal, not float: 16.1 * 1000 is 16100.000000000002 in binary, not a whole number.
        value = float(Decimal(digits) * factor)
    except (ArithmeticError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _grouped(head: str, mark: str) -> bool:
    return re.fullmatch(rf"[0-9]{{1,3}}(?:{re.escape(mark)}[0-9]{{3}})*", head) is not None


def _plain_digits(text: str, marks: Marks, factor: int) -> str | None:
    """`text` (no spaces) with thousands marks dropped and a point for the decimal mark."""
    used = [c for c in text if c in ".,"]
    if not used:
        return text
    last = used[-1]
    if len(set(used)) == 2:  # both: the last one is the decimal mark, whatever the language
        head, _, tail = text.rpartition(last)
        other = "," if last == "." else "."
        if used.count(last) != 1 or not _grouped(head, other):
            return None
        return head.replace(other, "") + "." + tail
    if len(used) > 1:  # one mark, repeated: it can only group thousands
        return text.replace(last, "") if _grouped(text, last) else None
    head, _, tail = text.partition(last)
    # 1.500: thousands or decimals, by language. (1.500k is 1.5 thousand in any language.)
    if len(tail) == 3 and len(head) <= 3 and head != "0" and factor == 1:
        if last == marks.group and last != marks.decimal:
            return head + tail
        if last == marks.decimal:
            raise AmbiguousNumber(text, whole=float(Decimal(head + tail) * factor),
                                  fraction=float(Decimal(f"{head}.{tail}") * factor))
    # A decimal mark: the language's own, a point, or a comma before one or two digits (as
    # money is written where the comma is the decimal mark).
    if last == marks.decimal or last == "." or len(tail) <= 2:
        return f"{head}.{tail}"
    return None
