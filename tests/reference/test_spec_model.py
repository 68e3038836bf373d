"""The reference model against numbers worked out by hand (each in a comment), one SPEC rule
or issue 9 edge case per test.

Calendar used below (2026): Friday 27 November; Monday 23 November; November has 21 working
days (1st is a Sunday), October 22 (1st a Thursday), December 23 (1st a Tuesday); Q4 has
22 + 21 + 23 = 66.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest

from tests.reference.spec_model import (
    Membership,
    Person,
    Row,
    Span,
    TargetRow,
    TeamSettings,
    World,
    availability,
    card,
    compare,
    half_up,
    inconsistent_rates,
    nudge_metrics,
    own_average,
    pace,
    printed_percent,
    printed_target,
    ranking,
    rates,
    span_of,
    target,
    team_average,
    team_of,
    today_in,
    totals,
)

FRI = date(2026, 11, 27)
MON = date(2026, 11, 23)
NORDICS = TeamSettings("Nordics", timezone="Europe/Oslo")
EAST = TeamSettings("East", timezone="America/New_York")


def world(*members: tuple[str, str], rows: list[Row] | None = None,
          targets: list[TargetRow] | None = None, people: list[Person] | None = None,
          time_off: dict[str, set[date]] | None = None) -> World:
    """SDRs in Nordics or East from 1 January 2026."""
    return World(
        teams={"Nordics": NORDICS, "East": EAST},
        memberships=[Membership(u, t, "sdr", date(2026, 1, 1)) for u, t in members],
        rows=rows or [], targets=targets or [],
        people={p.user: p for p in people or []}, time_off=time_off or {},
    )


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


# --- periods, totals, rates ---------------------------------------------------------------------


def test_periods_in_the_team_time_zone_across_dst() -> None:
    # New York leaves DST at 06:00 UTC on Sunday 1 November 2026: at 05:30 UTC it is still
    # EDT (UTC-4), 01:30 on the 1st
    assert today_in(datetime(2026, 11, 1, 5, 30, tzinfo=UTC), "America/New_York") == \
        date(2026, 11, 1)
    # 03:30 UTC on the 1st is 23:30 EDT on 31 October: still October, still Q4's first month
    assert today_in(datetime(2026, 11, 1, 3, 30, tzinfo=UTC), "America/New_York") == \
        date(2026, 10, 31)
    # 23:30 UTC on Sunday 29 November is 00:30 Monday in Oslo (CET): a new week there
    assert span_of(today_in(datetime(2026, 11, 29, 23, 30, tzinfo=UTC), "Europe/Oslo"),
                   "week").start == date(2026, 11, 30)
    assert span_of(FRI, "quarter") == Span("quarter", date(2026, 10, 1), date(2027, 1, 1))


def test_totals_skip_deleted_rows_and_rates_never_divide_by_zero() -> None:
    w = world(("ann", "Nordics"), rows=[
        Row("ann", MON, "calls", 40), Row("ann", MON, "conversations", 10),
        Row("ann", MON, "calls", 99, deleted=True),  # undone
    ])
    got = totals(w, "ann", MON, MON + timedelta(days=7))
    assert got["calls"] == 40  # 99 was undone
    r = rates(got)
    assert r["connect_rate"] == 0.25  # 10 / 40
    assert r["lead_quality"] is None and r["avg_opportunity_value"] is None  # base 0


def test_rates_above_100_percent_are_flagged_and_never_ranked() -> None:
    # 4 leads, 5 qualified -> lead quality 125 %, flagged; 6 opportunities of 4 leads -> 150 %
    got = {"leads": 4.0, "qualified_leads": 5.0, "opportunities": 6.0, "calls": 10.0}
    assert rates(got)["lead_quality"] == 1.25
    assert inconsistent_rates(got) == ["lead_quality", "conversion_rate"]
    # Ranking reads targets only: Bo's 125 % lead quality does not lift him above Ann.
    w = world(("ann", "Nordics"), ("bo", "Nordics"),
              targets=[TargetRow("Nordics", None, "calls", "week", 100, date(2026, 1, 5))],
              rows=[Row("ann", MON, "calls", 90), Row("bo", MON, "calls", 80),
                    Row("bo", MON, "leads", 4), Row("bo", MON, "qualified_leads", 5)])
    assert ranking(w, "Nordics", span_of(FRI, "week"), FRI) == [("ann", Fraction(9, 10)),
                                                                 ("bo", Fraction(8, 10))]


# --- rounding -----------------------------------------------------------------------------------


def test_half_away_from_zero() -> None:
    assert half_up(0.5) == 1 and half_up(2.5) == 3 and half_up(-2.5) == -3  # round() gives 2
    assert half_up(1.25, 1) == Decimal("1.3")  # round(1.25, 1) gives 1.2
    # "Maya · 131%" in the post but 130 % on the chart: 261 of 200 is 130.5 %, printed 131 %
    assert printed_percent(261, 200) == 131


def test_ties_are_computed_exactly_not_in_binary() -> None:
    # A quarterly target of 3 meetings, pro-rated to October (22 of Q4's 66 working days) for
    # an SDR in ramp month 2 (75 %): 3 x 22/66 x 0.75 = 0.75 exactly, printed 0.8. Summed in
    # binary floats, 22 shares of 3/66 come to 0.9999999 and the target prints 0.7.
    w = world(("ann", "Nordics"), people=[Person("ann", date(2026, 9, 1))],
              targets=[TargetRow("Nordics", None, "meetings_booked", "quarter", 3,
                                 date(2026, 1, 1))])
    october = span_of(date(2026, 10, 20), "month")
    got = target(w, "ann", "meetings_booked", october, date(2026, 10, 20))
    assert got is not None and got.exact == Fraction(3, 4) and got.ramp == 0.75
    assert printed_target(got.value, "meetings_booked") == Decimal("0.8")
    assert half_up(Fraction(1, 8), 2) == Decimal("0.13") and half_up(Fraction(-5, 2)) == -3


def test_a_target_of_21_6_prints_with_one_decimal_and_8_of_it_is_37_percent() -> None:
    assert printed_target(21.6, "opportunities") == Decimal("21.6")
    assert printed_percent(8, printed_target(21.6, "opportunities")) == 37  # 8/21.6 = 37.04 %
    assert printed_percent(8, 22) == 36  # the "8 of 22 · 37%" of the issue does not add up
    assert printed_target(7562.5, "pipeline") == Decimal("7562.50")


def test_a_prorated_week_target_of_1_52_is_not_truncated() -> None:
    # Own monthly opportunities target 7; week 7-11 December lies in December (23 working
    # days): 7 x 5 / 23 = 1.5217..., printed 1.5, not 1
    w = world(("ann", "Nordics"),
              targets=[TargetRow("Nordics", "ann", "opportunities", "month", 7, date(2026, 1, 1))])
    got = target(w, "ann", "opportunities", span_of(date(2026, 12, 9), "week"), date(2026, 12, 9))
    assert got is not None and got.source == "own month" and got.prorated
    assert got.value == pytest.approx(7 * 5 / 23)
    assert printed_target(got.value, "opportunities") == Decimal("1.5")


# --- own average --------------------------------------------------------------------------------


def test_sunday_only_activity_gives_no_daily_average() -> None:
    # Only activity: 12 calls on Sunday 22 November. On Monday the 4 previous working days
    # (Fri 20, Thu 19, ...) all begin before that first activity: no average, not "12".
    w = world(("ann", "Nordics"), rows=[Row("ann", date(2026, 11, 22), "calls", 12)])
    avg = own_average(w, "ann", span_of(MON, "day"), NORDICS)
    assert avg.values is None and avg.count == 0
    # On Thursday 26: Wed 25, Tue 24, Mon 23 count (Fri 20 is before the first activity);
    # Sunday is no working day, so the average is 0 over 3 days.
    avg = own_average(w, "ann", span_of(date(2026, 11, 26), "day"), NORDICS)
    assert avg.count == 3 and avg.values is not None and avg.values["calls"] == 0


def test_daily_average_skips_weekends() -> None:
    # 66 calls every working day since 2 November; on Monday 23 the 4 previous working days
    # are Fri 20, Thu 19, Wed 18, Tue 17: (66 x 4) / 4 = 66 (not 33 with Sat and Sun as zeros)
    rows = [Row("ann", date(2026, 11, 2) + timedelta(days=i), "calls", 66)
            for i in range(21) if (date(2026, 11, 2) + timedelta(days=i)).weekday() < 5]
    avg = own_average(world(("ann", "Nordics"), rows=rows), "ann", span_of(MON, "day"), NORDICS)
    assert avg.count == 4 and avg.values is not None and avg.values["calls"] == 66


def test_daily_average_skips_the_sdrs_time_off() -> None:
    # Time off on Thursday 19: the 4 previous working days of Monday 23 are 20, 18, 17, 16
    rows = [Row("ann", date(2026, 11, 16), "calls", 40), Row("ann", date(2026, 11, 19), "calls", 8)]
    w = world(("ann", "Nordics"), rows=rows, time_off={"ann": {date(2026, 11, 19)}})
    avg = own_average(w, "ann", span_of(MON, "day"), NORDICS)
    assert [s.start.day for s in avg.spans] == [20, 18, 17, 16]
    assert avg.values is not None and avg.values["calls"] == 10  # 40 / 4; the 8 is on a day off


def test_a_partial_quarter_is_not_a_quarter_average() -> None:
    # First activity 10 August (inside Q3, which began 1 July): Q3 does not begin on or after
    # it, so in Q4 there is no quarterly average (not "4-quarter avg 918" from one part-quarter)
    w = world(("ann", "Nordics"), rows=[Row("ann", date(2026, 8, 10), "calls", 918)])
    avg = own_average(w, "ann", span_of(FRI, "quarter"), NORDICS)
    assert avg.values is None and avg.count == 0


def test_empty_months_count_as_zero() -> None:
    # Start date 1 July; 100 calls in July, 60 in September, nothing in August and October.
    # In November: (0 + 60 + 0 + 100) / 4 = 40 over 4 months (not 80 over 2)
    w = world(("ann", "Nordics"), people=[Person("ann", date(2026, 7, 1))],
              rows=[Row("ann", date(2026, 7, 8), "calls", 100),
                    Row("ann", date(2026, 9, 8), "calls", 60)])
    avg = own_average(w, "ann", span_of(FRI, "month"), NORDICS)
    assert avg.count == 4 and avg.values is not None and avg.values["calls"] == 40


def test_average_of_a_period_shown_counts_the_periods_before_it() -> None:
    # "last week" (16-22 Nov): the 4 weeks before it are 19 Oct to 15 Nov; start 1 Oct
    w = world(("ann", "Nordics"), people=[Person("ann", date(2026, 10, 1))],
              rows=[Row("ann", date(2026, 10, 20), "calls", 80),
                    Row("ann", date(2026, 11, 17), "calls", 500)])  # inside last week: not used
    avg = own_average(w, "ann", span_of(date(2026, 11, 16), "week"), NORDICS)
    assert avg.count == 4 and avg.values is not None and avg.values["calls"] == 20  # 80 / 4


# --- comparisons --------------------------------------------------------------------------------


def test_a_monday_is_compared_with_the_previous_working_day() -> None:
    # Monday 23: 13 calls; Sunday 22: 3 (the "+333%"); Friday 20: 10 -> +30 % vs Friday
    w = world(("ann", "Nordics"), rows=[Row("ann", date(2026, 11, 20), "calls", 10),
                                        Row("ann", date(2026, 11, 22), "calls", 3),
                                        Row("ann", MON, "calls", 13)])
    c = compare(w, "ann", span_of(MON, "day"), MON, NORDICS, "calls")
    assert c.label == "previous_working_day" and c.base == 10 and c.percent == 30
    assert c.direction == "up"


def test_a_week_in_progress_is_compared_up_to_the_same_weekday() -> None:
    # Wednesday 25: this week 20 calls; last week Mon-Wed 0, Thursday 19: 30 -> base 0, so the
    # two counts are shown ("none in the previous week" would be untrue: it had 30 later)
    w = world(("ann", "Nordics"), rows=[Row("ann", date(2026, 11, 19), "calls", 30),
                                        Row("ann", MON, "calls", 20)])
    wed = date(2026, 11, 25)
    c = compare(w, "ann", span_of(wed, "week"), wed, NORDICS, "calls")
    assert c.label == "this_time_last_week"
    assert c.base_range == (date(2026, 11, 16), date(2026, 11, 19))
    assert c.base == 0 and c.percent is None and c.current == 20


def test_a_month_in_progress_is_compared_at_the_same_working_day_offset() -> None:
    # Friday 27 November is November's 20th working day; October's 20th is Wednesday 28
    # (1, 2, 5-9, 12-16, 19-23, 26, 27, 28), so the base is 1-28 October.
    w = world(("ann", "Nordics"), rows=[Row("ann", date(2026, 10, 28), "calls", 10),
                                        Row("ann", date(2026, 10, 29), "calls", 90),
                                        Row("ann", FRI, "calls", 10)])
    c = compare(w, "ann", span_of(FRI, "month"), FRI, NORDICS, "calls")
    assert c.base_range == (date(2026, 10, 1), date(2026, 10, 29))
    assert c.base == 10 and c.direction == "none" and c.percent == 0  # no arrow


@pytest.mark.parametrize(("base", "metric", "percent"), [
    (0, "calls", None), (4, "calls", None),  # below 5: "6 vs 4", not "+50%"
    (5, "calls", 20),  # 6 vs 5: +20 %
    (0, "pipeline", None),  # money: a 0 base shows the two amounts
    (1, "pipeline", 500),  # but any other base a percentage: 6 vs 1 is +500 %
])
def test_small_bases_show_two_numbers(base: int, metric: str, percent: int | None) -> None:
    # Last week (complete) has 6; the week before it `base`: compared whole
    rows = [Row("ann", date(2026, 11, 16), metric, 6)]
    if base:
        rows.append(Row("ann", date(2026, 11, 9), metric, base))
    c = compare(world(("ann", "Nordics"), rows=rows), "ann", span_of(date(2026, 11, 16), "week"),
                FRI, NORDICS, metric)
    assert (c.label, c.base, c.current, c.percent) == ("previous_week", base, 6, percent)


# --- targets ------------------------------------------------------------------------------------


def test_target_resolution_order_and_source() -> None:
    t = [TargetRow("Nordics", None, "calls", "week", 100, date(2026, 1, 5)),
         TargetRow("Nordics", "ann", "calls", "month", 420, date(2026, 1, 1)),
         TargetRow("Nordics", None, "meetings_booked", "month", 21, date(2026, 1, 1)),
         TargetRow("Nordics", "ann", "meetings_booked", "quarter", 99, date(2026, 1, 1))]
    w = world(("ann", "Nordics"), targets=t)
    week = span_of(FRI, "week")
    # a week: the team's week target (own kind) beats Ann's month target
    got = target(w, "ann", "calls", week, FRI)
    assert got is not None and (got.value, got.source, got.prorated) == (100, "team week", False)
    # a month: no month target of her own for calls... she has one: own month 420
    got = target(w, "ann", "calls", span_of(FRI, "month"), FRI)
    assert got is not None and (got.value, got.source) == (420, "own month")
    # a quarter: own quarter? none for calls; team quarter none; nearest other kind is month:
    # own month 420 per month -> 420 x 3 = 1260 (each day's share from its own month)
    got = target(w, "ann", "calls", span_of(FRI, "quarter"), FRI)
    assert got is not None and got.source == "own month" and got.value == pytest.approx(1260)
    # meetings in a week: month before quarter (nearest first), team month 21 over
    # November's 21 working days -> 1 a day -> 5
    got = target(w, "ann", "meetings_booked", week, FRI)
    assert got is not None and got.source == "team month" and got.value == pytest.approx(5)


def test_a_week_straddling_two_months_takes_each_days_share_from_its_month() -> None:
    # Week of Monday 30 November: Monday in November (210 / 21 = 10), Tue-Fri in December
    # (210 / 23 each = 36.52): 46.52, not 210 x 5 / 21 = 50
    w = world(("ann", "Nordics"),
              targets=[TargetRow("Nordics", "ann", "calls", "month", 210, date(2026, 1, 1))])
    monday = date(2026, 11, 30)
    got = target(w, "ann", "calls", span_of(monday, "week"), monday)
    assert got is not None and got.value == pytest.approx(10 + 4 * 210 / 23)


def test_target_history_a_past_week_uses_the_target_then() -> None:
    t = [TargetRow("Nordics", None, "calls", "week", 100, date(2026, 1, 5)),
         TargetRow("Nordics", None, "calls", "week", 150, MON)]
    w = world(("ann", "Nordics"), targets=t)
    last = target(w, "ann", "calls", span_of(date(2026, 11, 16), "week"), FRI)
    this = target(w, "ann", "calls", span_of(FRI, "week"), FRI)
    assert last is not None and this is not None and (last.value, this.value) == (100, 150)


def test_time_off_scales_the_quarter_target_65_of_66() -> None:
    # Q4 has 66 working days; one day off -> 65 available; a quarter target of 660 -> 650
    w = world(("ann", "Nordics"),
              targets=[TargetRow("Nordics", None, "calls", "quarter", 660, date(2026, 1, 1))],
              time_off={"ann": {date(2026, 12, 1), date(2026, 12, 5)}})  # the 5th is a Saturday
    q = span_of(FRI, "quarter")
    assert availability(w, "ann", q, NORDICS) == pytest.approx(65 / 66)
    got = target(w, "ann", "calls", q, FRI)
    assert got is not None and got.value == pytest.approx(650)
    # pace runs over the same 65 days: by Friday 27 November 41 of them are over
    # (October 22 + November 1-26: 19), so expected = 650 x 41 / 65 = 410
    p = pace(w, "ann", q, FRI, NORDICS, got.value, 400)
    assert (p.elapsed, p.total) == (41, 65) and p.expected == pytest.approx(410)
    assert p.status == "on_track"  # 400 is within 5 % of 410


def test_ramp_scales_a_new_sdrs_targets() -> None:
    # Started 15 October: November's first day is in ramp month 1 (15 Oct - 14 Nov) -> 50 %
    w = world(("ann", "Nordics"), people=[Person("ann", date(2026, 10, 15))],
              targets=[TargetRow("Nordics", None, "calls", "week", 100, date(2026, 1, 5))])
    got = target(w, "ann", "calls", span_of(FRI, "week"), FRI)  # week of 23 Nov: month 2
    assert got is not None and got.ramp == 0.75 and got.value == 75


# --- pace, attainment, team ---------------------------------------------------------------------


def test_pace_needed_per_day_counts_today() -> None:
    # Week target 100, Wednesday: Mon and Tue are over (2 of 5), expected 40. 30 done:
    # behind; needed (100 - 30) / 3 days left (Wed, Thu, Fri) = 23.33
    w = world(("ann", "Nordics"))
    wed = date(2026, 11, 25)
    p = pace(w, "ann", span_of(wed, "week"), wed, NORDICS, 100, 30)
    assert (p.expected, p.status) == (40, "behind") and p.needed_per_day == pytest.approx(70 / 3)
    assert pace(w, "ann", span_of(wed, "week"), wed, NORDICS, 100, 42).status == "on_track"
    assert pace(w, "ann", span_of(wed, "week"), wed, NORDICS, 100, 43).status == "ahead"


def test_ranking_caps_each_metric_at_150_percent() -> None:
    # Ole: calls 1000 of 100 (capped 150 %), meetings 1 of 10 (10 %) -> 80 %; Ann 120 % on both
    t = [TargetRow("Nordics", None, "calls", "week", 100, date(2026, 1, 5)),
         TargetRow("Nordics", None, "meetings_booked", "week", 10, date(2026, 1, 5))]
    w = world(("ann", "Nordics"), ("ole", "Nordics"), targets=t, rows=[
        Row("ann", MON, "calls", 120), Row("ann", MON, "meetings_booked", 12),
        Row("ole", MON, "calls", 1000), Row("ole", MON, "meetings_booked", 1)])
    board = ranking(w, "Nordics", span_of(FRI, "week"), FRI)
    assert [u for u, _ in board] == ["ann", "ole"]
    assert board[0][1] == pytest.approx(1.2) and board[1][1] == pytest.approx(0.8)
    avg = team_average(w, "Nordics", span_of(FRI, "week"), FRI)
    assert avg is not None and avg["calls"] == 560  # (120 + 1000) / 2


def test_a_moved_sdr_keeps_her_past_in_the_old_team() -> None:
    # Ann: Nordics from 1 January, East from Monday 23 November. Last week she is judged in
    # Nordics, with its target; this week in East, with East's.
    w = world(("ann", "Nordics"), ("bo", "Nordics"), targets=[
        TargetRow("Nordics", None, "calls", "week", 100, date(2026, 1, 5)),
        TargetRow("East", None, "calls", "week", 50, date(2026, 1, 5))],
        rows=[Row("ann", date(2026, 11, 17), "calls", 80)])
    w.memberships.append(Membership("ann", "East", "sdr", MON))
    last = span_of(date(2026, 11, 16), "week")
    assert team_of(w, "ann", last, FRI) == "Nordics"
    assert team_of(w, "ann", span_of(FRI, "week"), FRI) == "East"
    assert ranking(w, "Nordics", last, FRI) == [("ann", Fraction(4, 5)), ("bo", Fraction(0))]
    got = target(w, "ann", "calls", span_of(FRI, "week"), FRI)
    assert got is not None and got.value == 50 and got.source == "team week"


def test_a_new_member_belongs_from_first_activity() -> None:
    # Joined by logging: the membership row says 23 November, her first log was 20 November
    w = world(rows=[Row("cy", date(2026, 11, 20), "calls", 5)])
    w.memberships.append(Membership("cy", "Nordics", "sdr", MON))
    assert team_of(w, "cy", span_of(date(2026, 11, 20), "day"), FRI) == "Nordics"


# --- nudges -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("metric", "goal", "actual", "nudged"), [
    ("meetings_booked", 3, 1, False),  # expected 1.2 on Wednesday: 0.2 behind, not a unit
    ("meetings_booked", 5, 0, True),  # expected 2: 2 behind, >= 1 and >= 10 % of 2
    ("calls", 100, 35, True),  # expected 40: 5 behind >= 4 (10 %)
    ("calls", 100, 37, False),  # 3 behind < 4
    ("pipeline", 10_000, 3_500, True),  # money by share alone: 500 >= 400
    ("pipeline", 10_000, 3_700, False),  # 300 < 400
])
def test_nudges_need_a_whole_unit_and_the_share(metric: str, goal: float, actual: float,
                                                 nudged: bool) -> None:
    wed = date(2026, 11, 25)
    w = world(("ann", "Nordics"), rows=[Row("ann", MON, metric, actual)],
              targets=[TargetRow("Nordics", None, metric, "week", goal, date(2026, 1, 5))])
    assert (nudge_metrics(w, "ann", at(wed), "Nordics") == [metric]) is nudged


def test_no_nudge_on_a_day_off() -> None:
    wed = date(2026, 11, 25)
    w = world(("ann", "Nordics"),
              targets=[TargetRow("Nordics", None, "calls", "week", 100, date(2026, 1, 5))],
              time_off={"ann": {wed}})
    assert nudge_metrics(w, "ann", at(wed), "Nordics") == []


# --- a whole card -------------------------------------------------------------------------------


def test_a_card_puts_it_together() -> None:
    # Week target 21.6 opportunities (team), 8 logged: "8 of 21.6 · 37%"
    w = world(("ann", "Nordics"), rows=[Row("ann", MON, "opportunities", 8)],
              targets=[TargetRow("Nordics", None, "opportunities", "week", 21.6,
                                 date(2026, 1, 5))])
    c = card(w, "ann", "week", at(FRI), "Nordics")
    figures = c.metrics["opportunities"]
    assert figures.actual == 8 and figures.target is not None
    assert printed_target(figures.target.value, "opportunities") == Decimal("21.6")
    assert figures.percent == 37
    assert figures.pace is not None and figures.pace.elapsed == 4
