"""Settings that have history, "from this date on": a team's membership, a team's currency.

The spell in force on a day is the latest that began on or before it; before the first, the
first reaches back (nothing older than it is ever judged). Spells of one date apply in the
order given: the later recorded wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol, TypeVar


class Dated(Protocol):
    @property
    def since(self) -> date: ...


S = TypeVar("S", bound=Dated)


def in_force(spells: Iterable[S], day: date) -> S | None:
    """The spell in force on `day`; None when there are no spells at all."""
    ordered = sorted(spells, key=lambda spell: spell.since)  # stable: same-date order kept
    if not ordered:
        return None
    current = ordered[0]
    for spell in ordered:
        if spell.since <= day:
            current = spell
    return current
