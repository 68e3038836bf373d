"""Periods (Monday weeks, months, quarters), their keys, time zones and working days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.kpi.periods import (
    PERIOD_WORDS,
    Period,
    PeriodChoice,
    PeriodKind,
    is_working_day,
    local_today,
    parse_period_choice,
    period_containing,
    week_from_key,
    working_days,
)

D, W, M, Q = PeriodKind.DAY, PeriodKind.WEEK, PeriodKind.MONTH, PeriodKind.QUARTER
FRIDAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("day", "kind", "start", "end"),
    [
        (FRIDAY, D, date(2026, 11, 27), date(2026, 11, 28)),
        (FRIDAY, W, date(2026, 11, 23), date(2026, 11, 30)),
        (date(2026, 11, 23), W, date(2026, 11, 23), date(2026, 11, 30)),  # Monday starts it
        (date(2026, 11, 29), W, date(2026, 11, 23), date(2026, 11, 30)),  # Sunday ends it
        (date(2026, 11, 30), W, date(2026, 11, 30), date(2026, 12, 7)),
        (FRIDAY, M, date(2026, 11, 1), date(2026, 12, 1)),
        (date(2026, 12, 31), M, date(2026, 12, 1), date(2027, 1, 1)),
        (date(2028, 2, 29), M, date(2028, 2, 1), date(2028, 3, 1)),
        (FRIDAY, Q, date(2026, 10, 1), date(2027, 1, 1)),
        (date(2026, 1, 1), Q, date(2026, 1, 1), date(2026, 4, 1)),
        (date(2026, 6, 30), Q, date(2026, 4, 1), date(2026, 7, 1)),
        (date(2026, 7, 1), Q, date(2026, 7, 1), date(2026, 10, 1)),
    ],
)
def test_period_containing(day: date, kind: PeriodKind, start: date, end: date) -> None:
    period = period_containing(day, kind)
    assert (period.kind, period.start, period.end) == (kind, start, end)
    assert period.contains(day)
    assert not period.contains(end) and period.contains(start)
    assert period.last_day == end - timedelta(days=1)
    assert list(period.days()) == [start + timedelta(days=i) for i in range((end - start).days)]


def test_every_week_starts_on_monday_and_has_seven_days() -> None:
    day = date(2026, 1, 1)
    while day < date(2028, 1, 1):
        week = period_containing(day, W)
        assert week.start.weekday() == 0 and (week.end - week.start).days == 7
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("period", "previous", "following"),
    [
        (period_containing(date(2027, 1, 1), D), date(2026, 12, 31), date(2027, 1, 2)),
        (period_containing(date(2027, 1, 6), W), date(2026, 12, 28), date(2027, 1, 11)),
        (period_containing(date(2027, 1, 15), M), date(2026, 12, 1), date(2027, 2, 1)),
        (period_containing(date(2027, 2, 15), Q), date(2026, 10, 1), date(2027, 4, 1)),
        (period_containing(date(2026, 12, 15), M), date(2026, 11, 1), date(2027, 1, 1)),
        (period_containing(date(2026, 11, 15), Q), date(2026, 7, 1), date(2027, 1, 1)),
    ],
)
def test_previous_and_next_across_the_year_end(
    period: Period, previous: date, following: date
) -> None:
    assert period.previous().start == previous and period.previous().kind is period.kind
    assert period.previous().end == period.start
    assert period.next().start == following == period.end
    assert period.next().previous() == period == period.previous().next()


def test_shifted() -> None:
    month = period_containing(date(2027, 1, 20), M)
    assert month.shifted(0) == month
    assert month.shifted(-1).start == date(2026, 12, 1)
    assert month.shifted(-13).start == date(2025, 12, 1)
    assert month.shifted(12).start == date(2028, 1, 1)
    quarter = period_containing(date(2026, 11, 1), Q)
    assert quarter.shifted(-4).start == date(2025, 10, 1)
    assert quarter.shifted(2).start == date(2027, 4, 1)
    week = period_containing(date(2026, 12, 30), W)
    assert week.shifted(1).start == date(2027, 1, 4)
    assert week.shifted(-52).start == date(2025, 12, 29)


@pytest.mark.parametrize(
    ("day", "kind", "key"),
    [
        (FRIDAY, D, "2026-11-27"),
        (FRIDAY, W, "2026-W48"),
        (FRIDAY, M, "2026-11"),
        (FRIDAY, Q, "2026-Q4"),
        (date(2026, 1, 1), Q, "2026-Q1"),
        (date(2026, 4, 1), Q, "2026-Q2"),
        # ISO weeks belong to the year of their Thursday.
        (date(2026, 12, 31), W, "2026-W53"),  # 2026 begins on a Thursday: 53 weeks
        (date(2027, 1, 3), W, "2026-W53"),
        (date(2027, 1, 4), W, "2027-W01"),
        (date(2020, 12, 31), W, "2020-W53"),  # leap year beginning on a Wednesday: 53 weeks
        (date(2021, 1, 1), W, "2020-W53"),
        (date(2024, 12, 30), W, "2025-W01"),  # a Monday in December opens next year's week 1
        (date(2025, 12, 29), W, "2026-W01"),
        (date(2021, 12, 31), W, "2021-W52"),
    ],
)
def test_keys(day: date, kind: PeriodKind, key: str) -> None:
    assert period_containing(day, kind).key == key


def test_keys_sort_like_periods() -> None:
    weeks = [period_containing(date(2026, 12, 1), W).shifted(i) for i in range(8)]
    assert sorted(w.key for w in weeks) == [w.key for w in weeks]


@pytest.mark.parametrize(
    ("key", "start"),
    [
        ("2026-W48", date(2026, 11, 23)),
        ("2026-w48", date(2026, 11, 23)),
        ("2026-W01", date(2025, 12, 29)),
        ("2026-W53", date(2026, 12, 28)),
        ("2020-W53", date(2020, 12, 28)),
        ("2025-W1", date(2024, 12, 30)),
    ],
)
def test_week_from_key(key: str, start: date) -> None:
    week = week_from_key(key)
    assert (week.kind, week.start, week.end) == (W, start, start + timedelta(days=7))
    assert week_from_key(week.key) == week


@pytest.mark.parametrize(
    "key", ["2021-W53", "2027-W53", "2026-W00", "2026-W54", "2026-W", "2026", "W48", "week 48",
            "2026-Wxx", ""],
)
def test_week_from_key_rejects(key: str) -> None:
    with pytest.raises(ValueError):
        week_from_key(key)


def test_week_keys_round_trip_for_years() -> None:
    week = week_from_key("2019-W01")
    while week.start.year < 2031:
        assert week_from_key(week.key) == week
        week = week.next()


# Sunday 29 November 2026, 23:30 UTC: already Monday in Oslo, still Sunday afternoon in LA.
SUNDAY_LATE_UTC = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("tz", "now", "today"),
    [
        ("UTC", SUNDAY_LATE_UTC, date(2026, 11, 29)),
        ("Europe/Oslo", SUNDAY_LATE_UTC, date(2026, 11, 30)),
        ("America/Los_Angeles", SUNDAY_LATE_UTC, date(2026, 11, 29)),
        ("Europe/Oslo", datetime(2026, 11, 29, 22, 59, tzinfo=UTC), date(2026, 11, 29)),
        ("Europe/Oslo", datetime(2026, 11, 29, 23, 0, tzinfo=UTC), date(2026, 11, 30)),
        # Monday 07:30 UTC is still Sunday 23:30 in Los Angeles.
        ("America/Los_Angeles", datetime(2026, 11, 30, 7, 30, tzinfo=UTC), date(2026, 11, 29)),
        ("America/Los_Angeles", datetime(2026, 11, 30, 8, 0, tzinfo=UTC), date(2026, 11, 30)),
        ("Pacific/Auckland", datetime(2026, 11, 29, 10, 59, tzinfo=UTC), date(2026, 11, 29)),
        ("Pacific/Auckland", datetime(2026, 11, 29, 11, 0, tzinfo=UTC), date(2026, 11, 30)),
        # Summer time: Oslo is UTC+2 in June.
        ("Europe/Oslo", datetime(2026, 6, 14, 22, 0, tzinfo=UTC), date(2026, 6, 15)),
        # The same instant given in another zone means the same.
        ("Europe/Oslo", SUNDAY_LATE_UTC.astimezone(ZoneInfo("Asia/Tokyo")), date(2026, 11, 30)),
    ],
)
def test_local_today_at_the_day_boundary(tz: str, now: datetime, today: date) -> None:
    assert local_today(tz, now) == today


def test_local_today_decides_the_week() -> None:
    oslo = period_containing(local_today("Europe/Oslo", SUNDAY_LATE_UTC), W)
    los_angeles = period_containing(local_today("America/Los_Angeles", SUNDAY_LATE_UTC), W)
    assert oslo.key == "2026-W49" and los_angeles.key == "2026-W48"


def test_local_today_without_now_uses_the_real_clock() -> None:
    before = datetime.now(UTC).date()
    assert abs((local_today("UTC") - before).days) <= 1


def test_working_days_monday_to_friday() -> None:
    assert working_days(date(2026, 11, 23), date(2026, 11, 30)) == 5
    assert working_days(date(2026, 11, 1), date(2026, 12, 1)) == 21
    assert working_days(date(2026, 12, 1), date(2027, 1, 1)) == 23
    assert working_days(date(2026, 10, 1), date(2027, 1, 1)) == 66
    assert working_days(date(2026, 11, 28), date(2026, 11, 30)) == 0  # a weekend
    assert working_days(date(2026, 11, 23), date(2026, 11, 23)) == 0  # empty range
    assert working_days(date(2026, 11, 30), date(2026, 11, 23)) == 0  # backwards


def test_working_days_with_custom_workdays_and_days_off() -> None:
    week = (date(2026, 11, 23), date(2026, 11, 30))
    sunday_to_thursday = {6, 0, 1, 2, 3}
    assert working_days(*week, workdays=sunday_to_thursday) == 5
    assert working_days(*week, workdays={0, 1, 2, 3}) == 4
    assert working_days(*week, workdays=set(range(7))) == 7
    assert working_days(*week, workdays=()) == 0
    off = {date(2026, 11, 24), date(2026, 11, 28)}  # a Tuesday and a Saturday
    assert working_days(*week, days_off=off) == 4
    assert working_days(*week, workdays=set(range(7)), days_off=off) == 5
    assert not is_working_day(date(2026, 11, 24), days_off=off)
    assert is_working_day(date(2026, 11, 29), workdays=sunday_to_thursday)
    assert not is_working_day(date(2026, 11, 27), workdays=sunday_to_thursday)


@pytest.mark.parametrize(
    ("text", "choice"),
    [
        ("", PeriodChoice(W)),
        ("   ", PeriodChoice(W)),
        ("today", PeriodChoice(D)),
        ("TODAY", PeriodChoice(D)),
        ("yesterday", PeriodChoice(D, 1)),
        ("week", PeriodChoice(W)),
        ("this week", PeriodChoice(W)),
        ("  Last   Week ", PeriodChoice(W, 1)),
        ("month", PeriodChoice(M)),
        ("last month", PeriodChoice(M, 1)),
        ("quarter", PeriodChoice(Q)),
        ("last quarter", PeriodChoice(Q, 1)),
        ("i dag", PeriodChoice(D)),
        ("i går", PeriodChoice(D, 1)),
        ("forrige uke", PeriodChoice(W, 1)),
        ("Måned", PeriodChoice(M)),
        ("forrige kvartal", PeriodChoice(Q, 1)),
    ],
)
def test_parse_period_choice(text: str, choice: PeriodChoice) -> None:
    assert parse_period_choice(text) == choice


@pytest.mark.parametrize("text", ["year", "last", "next week", "week 48", "lastweek", "🎉"])
def test_parse_period_choice_rejects(text: str) -> None:
    assert parse_period_choice(text) is None


def test_period_words_and_tokens_round_trip() -> None:
    for word in PERIOD_WORDS:
        choice = parse_period_choice(word)
        assert choice is not None and choice.token == word
    for kind in PeriodKind:
        for back in (0, 1):
            choice = PeriodChoice(kind, back)
            assert parse_period_choice(choice.token) == choice


def test_period_choice_resolve() -> None:
    assert PeriodChoice(W).resolve(FRIDAY).start == date(2026, 11, 23)
    assert PeriodChoice(W, 1).resolve(FRIDAY).start == date(2026, 11, 16)
    assert PeriodChoice(D, 1).resolve(date(2027, 1, 1)).start == date(2026, 12, 31)
    assert PeriodChoice(M, 1).resolve(date(2027, 1, 1)).start == date(2026, 12, 1)
    assert PeriodChoice(Q, 1).resolve(date(2027, 1, 1)).start == date(2026, 10, 1)
    assert PeriodChoice(W).resolve(date(2026, 11, 30)).start == date(2026, 11, 30)
