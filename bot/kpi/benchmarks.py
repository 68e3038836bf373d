"""An industry band for one metric or rate, with its public source, and when a number can be
set beside it. The bands themselves are data (bot/insights/benchmarks.json)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.kpi.periods import PeriodKind


@dataclass(frozen=True)
class Source:
    key: str
    publisher: str
    title: str
    url: str
    year: int
    kind: str  # "vendor" (a vendor's estimate) or "survey"


@dataclass(frozen=True)
class Band:
    key: str  # a metric key (per a period) or a rate key (a share)
    low: float
    high: float
    per: str | None  # the period a count band is for; None for a rate
    source: Source
    note: str

    @property
    def is_rate(self) -> bool:
        return self.per is None

    def fits(self, kind: PeriodKind) -> bool:
        """Whether a number of a period of `kind` can honestly be set beside the band: a
        rate is period-free; a count only for a period of the band's own kind (a month's
        band says nothing exact about a week, whose working days vary)."""
        return self.is_rate or self.per == kind.value
