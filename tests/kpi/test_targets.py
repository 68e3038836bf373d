"""Which target applies: individual over team default, history, and pro-rating by working days."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from bot.kpi.metrics import Metric
from bot.kpi.periods import PeriodKind, period_containing
from bot.kpi.targets import Owner, ResolvedTarget, TargetRecord, measured_targets, resolve_target

D, W, M, Q = PeriodKind.DAY, PeriodKind.WEEK, PeriodKind.MONTH, PeriodKind.QUARTER
CALLS = Metric.CALLS
LONG_AGO = date(2026, 1, 1)
THIS_WEEK = period_containing(date(2026, 11, 25), W)  # Monday 23 to Sunday 29 November
NOVEMBER = period_containing(date(2026, 11, 25), M)  # 21 working days; starts on a Sunday


def rec(value: float, kind: PeriodKind = W, *, user: str | None = None,
        since: date = LONG_AGO, metric: Metric = CALLS) -> TargetRecord:
    return TargetRecord(metric, kind, value, since, user)


def test_nothing_set_is_none() -> None:
    assert resolve_target([], metric=CALLS, period=THIS_WEEK, user_id="U1") is None
    others = [rec(50, metric=Metric.EMAILS), rec(60, user="U2")]
    assert resolve_target(others, metric=CALLS, period=THIS_WEEK, user_id="U1") is None


def test_team_default_applies_to_everyone() -> None:
    found = resolve_target([rec(100)], metric=CALLS, period=THIS_WEEK, user_id="U1")
    assert found == ResolvedTarget(Fraction(100), Owner.TEAM, W)


def test_individual_beats_team_default_whatever_the_order() -> None:
    records = [rec(100), rec(80, user="U1"), rec(120, user="U2")]
    for ordered in (records, records[::-1]):
        assert resolve_target(ordered, metric=CALLS, period=THIS_WEEK, user_id="U1") == (
            ResolvedTarget(Fraction(80), Owner.OWN, W)
        )
        assert resolve_target(ordered, metric=CALLS, period=THIS_WEEK, user_id="U2") == (
            ResolvedTarget(Fraction(120), Owner.OWN, W)
        )
        assert resolve_target(ordered, metric=CALLS, period=THIS_WEEK, user_id="U3") == (
            ResolvedTarget(Fraction(100), Owner.TEAM, W)
        )


def test_individual_beats_a_newer_team_default() -> None:
    records = [rec(80, user="U1"), rec(100, since=date(2026, 11, 2))]
    found = resolve_target(records, metric=CALLS, period=THIS_WEEK, user_id="U1")
    assert found is not None and found.value == 80


def test_target_effective_next_week_leaves_this_week_unchanged() -> None:
    records = [rec(100), rec(150, since=THIS_WEEK.end)]
    assert resolve_target(records, metric=CALLS, period=THIS_WEEK, user_id="U1") == (
        ResolvedTarget(Fraction(100), Owner.TEAM, W)
    )
    assert resolve_target(records, metric=CALLS, period=THIS_WEEK.next(), user_id="U1") == (
        ResolvedTarget(Fraction(150), Owner.TEAM, W)
    )


def test_a_target_taking_effect_within_the_week_applies_to_that_week() -> None:
    records = [rec(100), rec(150, since=date(2026, 11, 29))]  # the week's Sunday
    found = resolve_target(records, metric=CALLS, period=THIS_WEEK, user_id="U1")
    assert found is not None and found.value == 150


def test_past_period_uses_the_target_in_force_then() -> None:
    records = [rec(80), rec(100, since=date(2026, 7, 6)), rec(150, since=date(2026, 11, 30))]
    june = period_containing(date(2026, 6, 10), W)
    august = period_containing(date(2026, 8, 12), W)
    for period, value in ((june, 80), (august, 100), (THIS_WEEK, 100), (THIS_WEEK.next(), 150)):
        found = resolve_target(records, metric=CALLS, period=period, user_id="U1")
        assert found is not None and found.value == value, period.key


def test_before_any_target_existed_there_is_none() -> None:
    records = [rec(100, since=date(2026, 11, 23))]
    found = resolve_target(records, metric=CALLS, period=THIS_WEEK.previous(), user_id="U1")
    assert found is None


def test_individual_history_falls_back_to_team_before_it_started() -> None:
    records = [rec(100), rec(70, user="U1", since=date(2026, 11, 23))]
    before = resolve_target(records, metric=CALLS, period=THIS_WEEK.previous(), user_id="U1")
    assert before == ResolvedTarget(Fraction(100), Owner.TEAM, W)


def test_week_prorated_from_month_by_working_days() -> None:
    week = period_containing(date(2026, 11, 18), W)  # 5 working days of November's 21
    found = resolve_target([rec(210, M)], metric=CALLS, period=week, user_id="U1")
    assert found == ResolvedTarget(pytest.approx(50), Owner.TEAM, M, prorated=True)  # type: ignore[arg-type]


def test_month_prorated_from_week_by_working_days() -> None:
    found = resolve_target([rec(50, W)], metric=CALLS, period=NOVEMBER, user_id="U1")
    assert found == ResolvedTarget(pytest.approx(210), Owner.TEAM, W, prorated=True)  # type: ignore[arg-type]


def test_quarter_prorated_from_month() -> None:
    q4 = period_containing(date(2026, 11, 25), Q)  # 66 working days; October has 22
    found = resolve_target([rec(100, M)], metric=CALLS, period=q4, user_id="U1")
    assert found is not None and found.origin == "prorated" and found.source_kind is M
    assert found.value == pytest.approx(300)


def test_day_is_prorated_from_the_week() -> None:
    friday = period_containing(date(2026, 11, 27), D)
    saturday = period_containing(date(2026, 11, 28), D)
    records = [rec(50, W)]
    assert resolve_target(records, metric=CALLS, period=friday, user_id="U1") == (
        ResolvedTarget(pytest.approx(10), Owner.TEAM, W, prorated=True)  # type: ignore[arg-type]
    )
    found = resolve_target(records, metric=CALLS, period=saturday, user_id="U1")
    assert found is not None and found.value == 0  # not a working day


def test_own_kind_wins_over_prorating() -> None:
    records = [rec(210, M), rec(60, W)]
    assert resolve_target(records, metric=CALLS, period=THIS_WEEK, user_id="U1") == (
        ResolvedTarget(Fraction(60), Owner.TEAM, W)
    )


def test_individual_of_another_kind_is_prorated_before_the_team_default_of_another_kind() -> None:
    records = [rec(210, M), rec(42, M, user="U1")]
    week = period_containing(date(2026, 11, 18), W)
    found = resolve_target(records, metric=CALLS, period=week, user_id="U1")
    assert found is not None and found.value == pytest.approx(10)


def test_prorating_with_custom_workdays() -> None:
    monday_to_thursday = {0, 1, 2, 3}  # November 2026 has 17 such days; a full week has 4
    week = period_containing(date(2026, 11, 18), W)
    found = resolve_target([rec(170, M)], metric=CALLS, period=week, user_id="U1",
                           workdays=monday_to_thursday)
    assert found is not None and found.value == pytest.approx(40)
    month = resolve_target([rec(40, W)], metric=CALLS, period=NOVEMBER, user_id="U1",
                           workdays=monday_to_thursday)
    assert month is not None and month.value == pytest.approx(170)


def test_weekly_target_from_the_first_monday_applies_to_a_month_that_starts_on_a_weekend() -> None:
    # November 2026 starts on a Sunday, so the week containing its first day is mostly October's.
    # A weekly target set from Monday 2 November is the one in force for November.
    records = [rec(50, W, since=date(2026, 11, 2))]
    found = resolve_target(records, metric=CALLS, period=NOVEMBER, user_id="U1")
    assert found is not None and found.value == pytest.approx(210)


def test_prorated_target_effective_next_week_leaves_this_week_unchanged() -> None:
    # A new monthly target from Monday 30 November must not rewrite the week of 16 November.
    records = [rec(210, M), rec(420, M, since=date(2026, 11, 30))]
    week = period_containing(date(2026, 11, 18), W)
    found = resolve_target(records, metric=CALLS, period=week, user_id="U1")
    assert found is not None and found.value == pytest.approx(50)


def test_ramp_months_count_from_the_start_date() -> None:
    from bot.kpi.targets import Ramp, ramp_for

    start = date(2026, 3, 15)
    assert ramp_for(start, date(2026, 3, 10)) == Ramp(1, 3, 0.5)  # before the first day
    assert ramp_for(start, date(2026, 4, 14)) == Ramp(1, 3, 0.5)
    assert ramp_for(start, date(2026, 4, 15)) == Ramp(2, 3, 0.75)
    assert ramp_for(start, date(2026, 6, 14)) == Ramp(3, 3, 1.0)
    assert ramp_for(start, date(2026, 6, 15)) is None  # fully ramped
    assert ramp_for(None, date(2026, 6, 15)) is None
    assert ramp_for(date(2026, 1, 31), date(2026, 2, 28)) == Ramp(1, 3, 0.5)
    assert ramp_for(date(2026, 1, 31), date(2026, 3, 1)) == Ramp(2, 3, 0.75)


def test_measured_targets_scale_while_ramping_and_leave_zero_out() -> None:
    week = period_containing(date(2026, 11, 23), PeriodKind.WEEK)
    records = [
        TargetRecord(Metric.CALLS, PeriodKind.WEEK, 100.0, date(2026, 1, 5), None),
        TargetRecord(Metric.EMAILS, PeriodKind.WEEK, 0.0, date(2026, 1, 5), None),
        TargetRecord(Metric.MEETINGS_BOOKED, PeriodKind.WEEK, 8.0, date(2026, 1, 5), "U1"),
    ]
    metrics = [Metric.CALLS, Metric.EMAILS, Metric.MEETINGS_BOOKED, Metric.LEADS]
    full = measured_targets(records, metrics=metrics, period=week, user_id="U1")
    assert {m: t.value for m, t in full.items()} == {Metric.CALLS: 100.0,
                                                     Metric.MEETINGS_BOOKED: 8.0}
    # started 1 November: month 1 of the ramp on the week's first day, half the targets
    ramping = measured_targets(records, metrics=metrics, period=week, user_id="U1",
                               start=date(2026, 11, 1))
    assert {m: t.value for m, t in ramping.items()} == {Metric.CALLS: 50.0,
                                                        Metric.MEETINGS_BOOKED: 4.0}
    assert ramping[Metric.CALLS].origin == "team"
