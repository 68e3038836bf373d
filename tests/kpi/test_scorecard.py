"""The ranges a scorecard sums, and the scorecard built from those sums."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from bot.kpi.baseline import BASELINE_PERIODS, own_average
from bot.kpi.comparison import Direction
from bot.kpi.metrics import Metric, Rate
from bot.kpi.pace import PaceStatus
from bot.kpi.periods import Period, PeriodKind, period_containing
from bot.kpi.scorecard import Scorecard, ScorecardFacts, Totals, build_scorecard, scorecard_ranges
from bot.kpi.targets import Owner, ResolvedTarget

W, M, Q = PeriodKind.WEEK, PeriodKind.MONTH, PeriodKind.QUARTER
WEEK = period_containing(date(2026, 11, 23), W)  # Monday 23 to Sunday 29 November 2026
MONDAY, WEDNESDAY, FRIDAY, SUNDAY = (date(2026, 11, d) for d in (23, 25, 27, 29))
CALLS, CONVOS, EMAILS = Metric.CALLS, Metric.CONVERSATIONS, Metric.EMAILS
LONG_AGO = date(2020, 1, 1)  # an SDR whose history began long before any period here


def target(value: int, owner: Owner = Owner.TEAM) -> ResolvedTarget:
    return ResolvedTarget(Fraction(value), owner, W)


def d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


# --- scorecard_ranges ---------------------------------------------------------------------


def test_current_week_to_date_and_previous_week_over_the_same_span() -> None:
    ranges = scorecard_ranges(WEEK, FRIDAY, origin=LONG_AGO)
    assert ranges.current == (d(11, 23), d(11, 28))  # Monday to Friday, today included
    assert ranges.previous == (d(11, 16), d(11, 21))  # last Monday to last Friday
    assert ranges.baseline == (
        (d(11, 16), d(11, 23)), (d(11, 9), d(11, 16)), (d(11, 2), d(11, 9)), (d(10, 26), d(11, 2)),
    )
    assert len(ranges.baseline) == BASELINE_PERIODS


def test_monday_compares_with_last_monday_only() -> None:
    ranges = scorecard_ranges(WEEK, MONDAY)
    assert ranges.current == (d(11, 23), d(11, 24))
    assert ranges.previous == (d(11, 16), d(11, 17))


def test_sunday_covers_the_whole_week() -> None:
    ranges = scorecard_ranges(WEEK, SUNDAY)
    assert ranges.current == (d(11, 23), d(11, 30))
    assert ranges.previous == (d(11, 16), d(11, 23))


def test_a_past_period_is_compared_whole() -> None:
    last_week = WEEK.previous()
    ranges = scorecard_ranges(last_week, FRIDAY, origin=LONG_AGO)
    assert ranges.current == (d(11, 16), d(11, 23))
    assert ranges.previous == (d(11, 9), d(11, 16))
    assert ranges.baseline[0] == (d(11, 9), d(11, 16))


def test_month_to_date_previous_month_is_capped_at_its_end() -> None:
    march = period_containing(d(3, 30, 2027), M)
    ranges = scorecard_ranges(march, d(3, 30, 2027))
    assert ranges.current == (d(3, 1, 2027), d(3, 31, 2027))
    assert ranges.previous == (d(2, 1, 2027), d(3, 1, 2027))  # February has only 28 days
    assert scorecard_ranges(march, d(3, 10, 2027)).previous == (d(2, 1, 2027), d(2, 11, 2027))


def test_quarter_baseline_crosses_the_year() -> None:
    q1 = period_containing(d(2, 15, 2027), Q)
    ranges = scorecard_ranges(q1, d(2, 15, 2027), origin=LONG_AGO)
    assert ranges.current == (d(1, 1, 2027), d(2, 16, 2027))
    # 32 working days of Q1 so far (21 in January, 11 in February): Q4's first 32 end on
    # Friday 13 November (SPEC: up to the same team working-day offset)
    assert ranges.previous == (d(10, 1), d(11, 14))
    assert [start for start, _ in ranges.baseline] == [d(10, 1), d(7, 1), d(4, 1), d(1, 1)]


def test_new_week_starts_on_monday() -> None:
    sunday = scorecard_ranges(period_containing(SUNDAY, W), SUNDAY, origin=LONG_AGO)
    monday = scorecard_ranges(period_containing(d(11, 30), W), d(11, 30), origin=LONG_AGO)
    assert sunday.current == (d(11, 23), d(11, 30))
    assert monday.current == (d(11, 30), d(12, 1))
    assert monday.baseline[0] == sunday.current


# --- build_scorecard ----------------------------------------------------------------------


def card(
    *,
    period: Period = WEEK,
    today: date = WEDNESDAY,
    current: Totals | None = None,
    previous: Totals | None = None,
    baseline: list[Totals] | None = None,
    team_totals: Totals | None = None,
    team_size: int = 1,
    targets: dict[Metric, ResolvedTarget] | None = None,
    workdays: frozenset[int] = frozenset(range(5)),
    days_off: frozenset[date] = frozenset(),
) -> Scorecard:
    return build_scorecard(ScorecardFacts(
        user_id="U1",
        period=period,
        today=today,
        current=current or {},
        previous=previous or {},
        own_average=own_average(baseline if baseline is not None
                                else [{}] * BASELINE_PERIODS, period.kind),
        team_totals=team_totals or {},
        team_size=team_size,
        targets=targets or {},
        workdays=workdays,
        days_off=days_off,
    ))


def test_lines_only_for_metrics_with_something_to_say_in_display_order() -> None:
    result = card(
        current={EMAILS: 4, CALLS: 30},
        previous={Metric.LEADS: 2},
        targets={Metric.PIPELINE: target(10_000)},
    )
    assert [line.metric for line in result.lines] == [
        CALLS, EMAILS, Metric.LEADS, Metric.PIPELINE,
    ]
    leads = result.lines[2]
    assert leads.actual == 0 and leads.previous == 2


def test_empty_scorecard() -> None:
    result = card()
    assert result.is_empty and result.lines == ()
    assert result.rates == {rate: None for rate in Rate}


def test_trend_against_previous_period() -> None:
    result = card(current={CALLS: 15, EMAILS: 4, CONVOS: 3}, previous={CALLS: 10, CONVOS: 6})
    calls, convos, emails = result.lines
    assert (calls.change.percent, calls.change.direction) == (50, Direction.UP)
    assert (convos.change.percent, convos.change.direction) == (-50, Direction.DOWN)
    assert emails.change.percent is None  # nothing last time: the two counts instead


def test_baseline_is_the_mean_of_four_complete_periods() -> None:
    baseline: list[Totals] = [{CALLS: 40}, {CALLS: 20}, {}, {CALLS: 60}]
    result = card(current={CALLS: 5}, baseline=baseline)
    assert result.lines[0].own_average == pytest.approx(30)  # the empty period counts as 0
    assert result.own_average_count == 4
    [fresh] = card(current={CALLS: 5}, baseline=[]).lines
    assert fresh.own_average is None  # a new SDR has no history to compare with


def test_team_average() -> None:
    result = card(
        current={CALLS: 30, CONVOS: 6},
        team_totals={CALLS: 120, CONVOS: 12, Metric.LEADS: 9},
        team_size=3,
    )
    calls, convos = result.lines
    assert calls.team_average == pytest.approx(40)
    assert convos.team_average == pytest.approx(4)
    assert result.team_rates[Rate.CONNECT] == pytest.approx(0.1)
    assert result.team_size == 3
    nobody = card(current={CALLS: 30}, team_totals={CALLS: 30}, team_size=0)
    assert nobody.lines[0].team_average is None
    assert nobody.team_rates == {rate: None for rate in Rate}


def test_rates_for_current_and_previous() -> None:
    result = card(
        current={CALLS: 50, CONVOS: 10, Metric.OPPORTUNITIES: 2, Metric.PIPELINE: 30_000},
        previous={CALLS: 0, CONVOS: 3},
    )
    assert result.rates[Rate.CONNECT] == pytest.approx(0.2)
    assert result.rates[Rate.AVG_OPP_VALUE] == pytest.approx(15_000)
    assert result.rates[Rate.QUALITY] is None
    assert result.previous_rates[Rate.CONNECT] is None  # no calls last period


def test_pace_mid_week() -> None:
    goal = target(100, Owner.OWN)
    result = card(today=WEDNESDAY, current={CALLS: 30}, targets={CALLS: goal})
    assert (result.elapsed_days, result.total_days) == (2, 5)  # Monday and Tuesday are over
    [line] = result.lines
    assert line.target == goal
    assert line.pace is not None
    assert line.pace.expected_to_date == pytest.approx(40)
    assert line.pace.status is PaceStatus.BEHIND
    assert line.pace.needed_per_day == pytest.approx(70 / 3)
    assert result.in_progress


def test_pace_on_monday_morning_is_on_track() -> None:
    result = card(today=MONDAY, targets={CALLS: target(100)})
    [line] = result.lines
    assert result.elapsed_days == 0
    assert line.pace is not None and line.pace.status is PaceStatus.ON_TRACK
    assert line.pace.needed_per_day == pytest.approx(20)


def test_days_off_lower_what_is_expected() -> None:
    result = card(
        today=WEDNESDAY,
        current={CALLS: 25},
        targets={CALLS: target(100)},
        days_off=frozenset({d(11, 24)}),  # Tuesday off
    )
    assert (result.elapsed_days, result.total_days) == (1, 4)
    [line] = result.lines
    assert line.pace is not None
    assert line.pace.expected_to_date == pytest.approx(25)
    assert line.pace.status is PaceStatus.ON_TRACK


def test_custom_workdays() -> None:
    sunday_to_thursday = frozenset({6, 0, 1, 2, 3})
    result = card(today=WEDNESDAY, workdays=sunday_to_thursday)
    assert (result.elapsed_days, result.total_days) == (2, 5)  # Sunday 29 is the fifth
    friday = card(today=FRIDAY, workdays=sunday_to_thursday)
    assert friday.elapsed_days == 4


def test_weekend_has_no_day_left() -> None:
    result = card(today=d(11, 28), current={CALLS: 90},
                  targets={CALLS: target(100)})
    [line] = result.lines
    assert result.elapsed_days == 5
    assert line.pace is not None and line.pace.remaining_days == 0
    assert line.pace.needed_per_day is None
    assert line.pace.status is PaceStatus.BEHIND


def test_past_period_is_finished() -> None:
    result = card(period=WEEK.previous(), today=FRIDAY, current={CALLS: 100},
                  targets={CALLS: target(100)})
    assert not result.in_progress
    assert result.elapsed_days == result.total_days == 5
    [line] = result.lines
    assert line.pace is not None and line.pace.status is PaceStatus.DONE


def test_future_period_has_nothing_elapsed() -> None:
    result = card(period=WEEK.next(), today=FRIDAY)
    assert result.elapsed_days == 0 and not result.in_progress


def test_week_boundary_in_the_scorecard() -> None:
    goals = {CALLS: target(100)}
    sunday = card(period=period_containing(SUNDAY, W), today=SUNDAY, targets=goals)
    monday = card(period=period_containing(d(11, 30), W), today=d(11, 30), targets=goals)
    assert sunday.elapsed_days == 5 and sunday.period.key == "2026-W48"
    assert monday.elapsed_days == 0 and monday.period.key == "2026-W49"
    assert monday.lines[0].pace is not None
    assert monday.lines[0].pace.status is PaceStatus.ON_TRACK


def test_month_scorecard_working_days() -> None:
    november = period_containing(FRIDAY, M)
    result = card(period=november, today=FRIDAY)
    assert (result.elapsed_days, result.total_days) == (19, 21)
