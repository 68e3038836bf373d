"""The scorecard's arithmetic made cheaper (issue 14) gives the very numbers of its exact
definitions: rounding on integer ratios against Fractions, and a pro-rated target counted per
span against adding each working day's share."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from bot.kpi.periods import PeriodKind, is_working_day, period_containing, working_days
from bot.kpi.rounding import Number, exact, half_away, percent_of, shown_count, whole_percent
from bot.kpi.targets import prorated


def _half_away(value: Fraction) -> int:
    magnitude = (2 * abs(value.numerator) + value.denominator) // (2 * value.denominator)
    return magnitude if value >= 0 else -magnitude


def _exact(value: Number) -> Fraction:
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


numbers = st.one_of(
    st.integers(-10**9, 10**9),
    st.floats(-1e9, 1e9, allow_nan=False),
    st.decimals(-10**9, 10**9, places=3, allow_nan=False, allow_infinity=False),
    st.fractions(max_denominator=10**4).filter(lambda f: abs(f) < 10**9),
    st.sampled_from([0.5, -0.5, 2.5, 9.95, 9.949999999999999, 10.0, -10.0, 0.125, 1e-7]),
)


@given(numbers)
def test_exact_and_whole_percent_are_the_fraction_definitions(value: Number) -> None:
    assert exact(value) == _exact(value)
    assert whole_percent(value) == _half_away(_exact(value) * 100)


@given(numbers, numbers)
def test_percent_of_is_the_fraction_definition(top: Number, bottom: Number) -> None:
    base = _exact(bottom)
    assert percent_of(top, bottom) == (None if base <= 0 else _half_away(_exact(top) * 100 / base))


@given(numbers, st.integers(0, 3))
def test_half_away_and_shown_count_are_the_fraction_definitions(value: Number,
                                                                places: int) -> None:
    scaled = _exact(value) * 10 ** places
    assert half_away(value, places) == Decimal(_half_away(scaled)).scaleb(-places)
    assert half_away(exact(value), places) == half_away(value, places)
    small = abs(_exact(value)) < 10
    expected = half_away(exact(value), 1 if small else 0)
    if small and expected == expected.to_integral_value():
        expected = expected.quantize(Decimal(1))
    assert shown_count(value) == expected


def _prorated_day_by_day(value: Fraction, start: date, end: date, kind: PeriodKind,
                         workdays: frozenset[int]) -> Fraction:
    total, day = Fraction(0), start
    while day < end:
        if is_working_day(day, workdays=workdays):
            other = period_containing(day, kind)
            span = working_days(other.start, other.end, workdays=workdays)
            if span:
                total += value / span
        day += timedelta(days=1)
    return total


@given(st.fractions(min_value=0, max_value=10**6, max_denominator=100),
       st.dates(date(2024, 1, 1), date(2027, 12, 31)),
       st.sampled_from(list(PeriodKind)), st.sampled_from(list(PeriodKind)),
       st.frozensets(st.integers(0, 6)))
def test_prorated_is_each_working_days_share_added(value: Fraction, day: date,
                                                   kind: PeriodKind, source: PeriodKind,
                                                   workdays: frozenset[int]) -> None:
    period = period_containing(day, kind)
    assert prorated(value, period=period, kind=source, workdays=workdays) == \
        _prorated_day_by_day(value, period.start, period.end, source, workdays)
