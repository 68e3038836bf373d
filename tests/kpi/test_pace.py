"""Pace against a target, attainment, and the capped average that ranks SDRs."""

from __future__ import annotations

import pytest

from bot.kpi.pace import (
    ATTAINMENT_CAP,
    PaceStatus,
    attainment,
    average_capped_attainment,
    capped,
    pace,
)


def test_expected_to_date_is_target_times_elapsed_over_total() -> None:
    p = pace(target=100, actual=40, elapsed_days=2, total_days=5)
    assert p.expected_to_date == 40
    assert p.remaining_days == 3
    assert p.needed_per_day == pytest.approx(20)  # (100 - 40) / 3
    assert p.attainment == pytest.approx(0.4)


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        (0, PaceStatus.BEHIND),
        (37, PaceStatus.BEHIND),  # below 95 % of the 40 expected
        (38, PaceStatus.ON_TRACK),  # exactly 95 %
        (40, PaceStatus.ON_TRACK),
        (41.9, PaceStatus.ON_TRACK),
        (42, PaceStatus.ON_TRACK),  # exactly 105 %: "within 5 %" (SPEC) includes it
        (42.1, PaceStatus.AHEAD),
        (99, PaceStatus.AHEAD),
        (100, PaceStatus.DONE),
        (250, PaceStatus.DONE),
    ],
)
def test_status_bands(actual: float, status: PaceStatus) -> None:
    assert pace(target=100, actual=actual, elapsed_days=2, total_days=5).status is status


def test_monday_morning_nobody_is_behind() -> None:
    p = pace(target=100, actual=0, elapsed_days=0, total_days=5)
    assert p.expected_to_date == 0
    assert p.status is PaceStatus.ON_TRACK
    assert p.remaining_days == 5
    assert p.needed_per_day == 20  # today counts among the days left


def test_monday_morning_with_some_work_done_is_ahead() -> None:
    assert pace(target=100, actual=3, elapsed_days=0, total_days=5).status is PaceStatus.AHEAD


def test_needed_per_day_counts_only_the_gap() -> None:
    assert pace(target=100, actual=90, elapsed_days=4, total_days=5).needed_per_day == 10
    assert pace(target=10, actual=3, elapsed_days=1, total_days=4).needed_per_day == (
        pytest.approx(7 / 3)
    )


def test_done_needs_nothing_more() -> None:
    p = pace(target=100, actual=120, elapsed_days=3, total_days=5)
    assert p.status is PaceStatus.DONE and p.needed_per_day is None
    assert p.attainment == pytest.approx(1.2)


def test_finished_period_short_of_target() -> None:
    p = pace(target=100, actual=80, elapsed_days=5, total_days=5)
    assert p.expected_to_date == 100
    assert p.status is PaceStatus.BEHIND
    assert p.remaining_days == 0
    assert p.needed_per_day is None  # no working day left to need anything on


def test_finished_period_on_target_band() -> None:
    assert pace(target=100, actual=96, elapsed_days=5, total_days=5).status is (
        PaceStatus.ON_TRACK
    )


def test_elapsed_beyond_total_is_clamped() -> None:
    p = pace(target=100, actual=50, elapsed_days=9, total_days=5)
    assert p.expected_to_date == 100 and p.remaining_days == 0


def test_zero_target() -> None:
    p = pace(target=0, actual=0, elapsed_days=2, total_days=5)
    assert p.attainment is None
    assert p.needed_per_day is None
    assert p.status is PaceStatus.ON_TRACK  # nothing expected, nothing missing
    assert pace(target=0, actual=5, elapsed_days=2, total_days=5).status is PaceStatus.AHEAD


def test_attainment() -> None:
    assert attainment(50, 100) == 0.5
    assert attainment(0, 100) == 0.0
    assert attainment(300, 100) == 3.0  # uncapped here: the scorecard shows the real number
    assert attainment(5, 0) is None
    assert attainment(5, -1) is None


def test_capped() -> None:
    assert ATTAINMENT_CAP == 1.5
    assert capped(3.0) == 1.5
    assert capped(1.2) == 1.2
    assert capped(2.0, cap=1.0) == 1.0


def test_average_capped_attainment() -> None:
    # 300 % on a vanity metric counts as 150 %: (1.5 + 0.5) / 2, not (3.0 + 0.5) / 2.
    assert average_capped_attainment([(300, 100), (50, 100)]) == pytest.approx(1.0)
    assert average_capped_attainment([(150, 100), (100, 100)]) == pytest.approx(1.25)
    assert average_capped_attainment([(80, 100)]) == pytest.approx(0.8)


def test_average_capped_attainment_skips_metrics_without_a_target() -> None:
    assert average_capped_attainment([(50, 100), (999, 0)]) == pytest.approx(0.5)
    assert average_capped_attainment([(10, 0)]) is None
    assert average_capped_attainment([]) is None
    assert average_capped_attainment(iter([(1, 2)])) == pytest.approx(0.5)
