"""Which currency money is counted in: SPEC's "a past period is judged with the currency in
force then".

Each money row keeps the currency its team used when it was logged; a team's currency has
history (from a date, as membership does). A period is measured in the team's currency in
force on the day that judges it (its last day, or today while under way). No exchange rates
exist here: amounts in another currency are shown beside the measured one and count toward
nothing else (targets, pace, averages, comparisons, rankings).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from bot.kpi.spells import in_force

# Money by ISO currency code, such as {"USD": 12000.0, "EUR": 3000.0}.
Amounts = Mapping[str, float]


@dataclass(frozen=True)
class CurrencySpell:
    since: date
    currency: str  # ISO 4217 code


def currency_on(spells: Iterable[CurrencySpell], day: date, *, now: str) -> str:
    """The currency in force on `day`: the latest spell begun on or before it; before the
    first, the first reaches back; with none at all, `now` (the team's current one). Spells of
    one date apply in the order given (the later recorded wins)."""
    current = in_force(spells, day)
    return now if current is None else current.currency


def other_currencies(*amounts: Amounts, measured: str) -> tuple[str, ...]:
    """The currencies other than `measured` that any of `amounts` holds money in, sorted:
    what a comparison with those periods leaves out."""
    return tuple(sorted({code for each in amounts for code in other_amounts(each, measured)}))


def other_amounts(amounts: Amounts, measured: str) -> dict[str, float]:
    """The non-zero amounts not in the `measured` currency, largest first (then by code)."""
    return dict(sorted(((code, amount) for code, amount in amounts.items()
                        if code != measured and amount),
                       key=lambda item: (-item[1], item[0])))
