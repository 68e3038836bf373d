"""Numbers as people type them: 12k, 1.5m, 12,000, 12 000, 12 000,50."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from decimal import Decimal

from bot.kpi.words import all_words

# ASCII digits only: Python's \d would also take Arabic-Indic or fullwidth digits.
# Thousands grouped by comma, space or no-break space; decimals by a point (or a comma when
# followed by one or two digits only, as Norwegians write money); an optional k/m suffix.
NUMBER_PATTERN = (
    r"(?:[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+|[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)"
    r"(?:[.,][0-9]{1,2}(?![0-9])|\.[0-9]+)?"
    r"(?:\s?[km](?![a-z]))?"
)
_NUMBER = re.compile(rf"^{NUMBER_PATTERN}$", re.IGNORECASE)
_SUFFIX = {"k": 1_000, "m": 1_000_000}


def parse_number(text: str, *, currencies: Sequence[str] | None = None) -> float | None:
    """The value of `text`, or None when it is not a plain non-negative number. A currency
    (every language's unless `currencies` is given) may come before or after it."""
    cleaned = text.strip().lower()
    for currency in all_words().currencies if currencies is None else currencies:
        cleaned = cleaned.removeprefix(currency).removesuffix(currency).strip()
    if not _NUMBER.match(cleaned):
        return None
    factor = 1
    if cleaned[-1] in _SUFFIX:
        factor = _SUFFIX[cleaned[-1]]
        cleaned = cleaned[:-1].strip()
    digits = re.sub(r"[ \u00a0\u202f]", "", cleaned)
    if re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?", digits):
        digits = digits.replace(",", "")
    digits = digits.replace(",", ".")
    try:
        # Decimal, not float: 16.1 * 1000 is 16100.000000000002 in binary, not a whole number.
        value = float(Decimal(digits) * factor)
    except (ArithmeticError, ValueError):
        return None
    return value if math.isfinite(value) else None
