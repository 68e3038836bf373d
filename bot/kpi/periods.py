"""Periods (day, ISO week from Monday, month, quarter) and working days, in the team's time zone."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.kpi.words import Words, all_words

MONDAY_TO_FRIDAY: frozenset[int] = frozenset(range(5))  # date.weekday(): Monday is 0


class PeriodKind(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"


@dataclass(frozen=True, order=True)
class Period:
    """A half-open range of days [start, end) of one kind."""

    kind: PeriodKind
    start: date
    end: date

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    def days(self) -> Iterator[date]:
        day = self.start
        while day < self.end:
            yield day
            day += timedelta(days=1)

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end

    def previous(self) -> Period:
        return period_containing(self.start - timedelta(days=1), self.kind)

    def next(self) -> Period:
        return period_containing(self.end, self.kind)

    def shifted(self, count: int) -> Period:
        """The period `count` periods later (negative: earlier)."""
        period = self
        for _ in range(abs(count)):
            period = period.next() if count > 0 else period.previous()
        return period

    @property
    def key(self) -> str:
        """A stable, sortable name: 2026-11-27, 2026-W48, 2026-11, 2026-Q4."""
        if self.kind is PeriodKind.DAY:
            return self.start.isoformat()
        if self.kind is PeriodKind.WEEK:
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind is PeriodKind.MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"


def period_containing(day: date, kind: PeriodKind) -> Period:
    if kind is PeriodKind.DAY:
        return Period(kind, day, day + timedelta(days=1))
    if kind is PeriodKind.WEEK:
        start = day - timedelta(days=day.weekday())
        return Period(kind, start, start + timedelta(days=7))
    if kind is PeriodKind.MONTH:
        start = day.replace(day=1)
        return Period(kind, start, _add_months(start, 1))
    start = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return Period(kind, start, _add_months(start, 3))


def _add_months(first_of_month: date, months: int) -> date:
    index = first_of_month.year * 12 + first_of_month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def week_from_key(key: str) -> Period:
    """Parse an ISO week such as 2026-W47; ValueError when it is not one."""
    year_text, _, week_text = key.upper().partition("-W")
    start = date.fromisocalendar(int(year_text), int(week_text), 1)
    return period_containing(start, PeriodKind.WEEK)


def local_today(tz: str, now: datetime | None = None) -> date:
    """Today's date in the time zone `tz`; `now` must be aware when given."""
    moment = now if now is not None else datetime.now(ZoneInfo("UTC"))
    return moment.astimezone(ZoneInfo(tz)).date()


def is_working_day(
    day: date, *, workdays: Collection[int] = MONDAY_TO_FRIDAY, days_off: Collection[date] = ()
) -> bool:
    return day.weekday() in workdays and day not in days_off


def working_days(
    start: date,
    end: date,
    *,
    workdays: Collection[int] = MONDAY_TO_FRIDAY,
    days_off: Collection[date] = (),
) -> int:
    """Working days in [start, end)."""
    if end <= start:
        return 0
    total = _weekdays_between(start, end, frozenset(workdays))
    return total - sum(1 for day in set(days_off)
                       if start <= day < end and day.weekday() in workdays)


@lru_cache(maxsize=4096)
def _weekdays_between(start: date, end: date, workdays: frozenset[int]) -> int:
    # Scorecards ask for the same few periods over and over: count each once.
    total = 0
    day = start
    while day < end:
        if day.weekday() in workdays:
            total += 1
        day += timedelta(days=1)
    return total


@dataclass(frozen=True)
class PeriodChoice:
    """What a user asked for: a kind, and how many periods back (0 = the current one)."""

    kind: PeriodKind
    back: int = 0

    @property
    def token(self) -> str:
        """The words that ask for it, as `/mykpis` accepts them and buttons carry them."""
        names = {PeriodKind.DAY: "today", PeriodKind.WEEK: "week",
                 PeriodKind.MONTH: "month", PeriodKind.QUARTER: "quarter"}
        if self.back == 0:
            return names[self.kind]
        if self.kind is PeriodKind.DAY:
            return "yesterday"
        return f"last {names[self.kind]}"

    def resolve(self, today: date) -> Period:
        return period_containing(today, self.kind).shifted(-self.back)


# The choices the period buttons offer, by the token each carries (see PeriodChoice.token).
PERIOD_WORDS: tuple[str, ...] = ("today", "week", "last week", "month", "quarter")


def parse_period_choice(text: str, *, words: Words | None = None) -> PeriodChoice | None:
    """`/mykpis` arguments to a PeriodChoice, or None when they are not understood. Nothing at
    all is the current week; the words are every language's unless `words` is given."""
    phrase = " ".join(text.lower().split())
    if not phrase:
        return PeriodChoice(PeriodKind.WEEK)
    return _choices(words or all_words()).get(phrase)


@lru_cache(maxsize=16)
def _choices(words: Words) -> dict[str, PeriodChoice]:
    return {phrase: PeriodChoice(PeriodKind(kind), back) for phrase, kind, back in words.periods}


def parse_workdays(text: str) -> frozenset[int]:
    """A team's stored working days ("0,1,2,3,4", date.weekday() numbers); Monday to Friday
    when the text is empty or broken."""
    try:
        days = frozenset(int(d) for d in text.split(",") if d.strip())
    except ValueError:
        return MONDAY_TO_FRIDAY
    return days if days and days <= frozenset(range(7)) else MONDAY_TO_FRIDAY
