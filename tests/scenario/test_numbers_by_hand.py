"""Issue 9: numbers a sales manager can check by hand, each item through the real app.

The clock is Friday 27 November 2026, 10:00 in Oslo (the default team's time zone), unless a
test moves it. Every expected number below is worked out by hand in the comment beside it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session

from bot.console.harness import Harness
from bot.kpi.metrics import Metric
from storage.db import Store
from storage.models import TimeOff
from tests.conftest import Clock
from tests.home.test_home import home_opened, published_home
from tests.scenario.support import SDR, text_of
from tests.team.seed import activity, member, targets, team

MONDAY_30 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # 10:00 in Oslo
MANAGER = "U0MGR1"


async def card(harness: Harness, period: str = "", user: str = SDR) -> str:
    answer = await harness.command(user, "/mykpis", period)
    assert answer is not None
    return text_of(answer["blocks"])


def line(text: str, name: str) -> str:
    """The scorecard section of one metric (its first line and its details)."""
    start = text.index(f"*{name}*")
    following = text.find("\n*", start + 1)
    return text[start:] if following < 0 else text[start:following]


def day_off(session: Session, *, user_id: str, day: date) -> None:
    session.add(TimeOff(user_id=user_id, day=day))  # no `/kpi off` yet: written directly
    session.commit()


def sdr_in_default_team(harness: Harness, user: str = SDR) -> int:
    team_id = team(harness.deps.store, "Default team", default=True)
    member(harness.deps.store, team_id, user, name="Sam Seller", locale="en-US")
    return team_id


# --- item 1: own average ----------------------------------------------------------------------


async def test_item1_a_days_average_is_over_the_sdrs_previous_working_days(
        harness: Harness, clock: Clock) -> None:
    # First activity: 12 calls on Sunday 29 November. On Monday the SDR's previous working
    # days (Friday to Tuesday) all began before it, so none counts: no average, rather than
    # "your 4-day avg 12" off a Sunday.
    sdr_in_default_team(harness)
    activity(harness.deps.store, SDR, date(2026, 11, 29), {Metric.CALLS: 12})
    activity(harness.deps.store, SDR, date(2026, 11, 30), {Metric.CALLS: 5})
    clock.current = MONDAY_30
    assert "your average" not in await card(harness, "today")
    # On Tuesday, Monday is the one working day since: its 5 calls are the average.
    clock.current = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    activity(harness.deps.store, SDR, date(2026, 12, 1), {Metric.CALLS: 3})
    assert "your average, last working day: 5" in line(await card(harness, "today"), "Calls")
    # A week on, the four working days before Monday 7 December (Tuesday to Friday) count,
    # the empty ones as 0, the weekend not at all: (3 + 0 + 0 + 0) / 4 = 0.75 -> 0.8.
    clock.current = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    activity(harness.deps.store, SDR, date(2026, 12, 5), {Metric.CALLS: 40})  # Saturday
    activity(harness.deps.store, SDR, date(2026, 12, 7), {Metric.CALLS: 3})
    calls = line(await card(harness, "today"), "Calls")
    assert "your average, last 4 working days: 0.8" in calls


async def test_item1_weekend_days_do_not_dilute_a_days_average(harness: Harness) -> None:
    # 66 calls every working day from Monday 26 October to yesterday: the weekly average (the
    # four weeks before this one) is 330, the daily one 66 (the weekend is no working day),
    # never 66 * 5 / 7 = 47.
    sdr_in_default_team(harness)
    activity(harness.deps.store, SDR, date(2026, 11, 27), {Metric.CALLS: 10})
    day = date(2026, 10, 26)
    while day < date(2026, 11, 27):
        if day.weekday() < 5:
            activity(harness.deps.store, SDR, day, {Metric.CALLS: 66})
        day = date.fromordinal(day.toordinal() + 1)
    assert "your average, last 4 weeks: 330" in line(await card(harness, "week"), "Calls")
    assert "your average, last 4 working days: 66" in line(await card(harness, "today"),
                                                             "Calls")


# --- item 3: one rounding rule, percentages from the printed numbers ----------------------------


async def test_item3_a_target_keeps_its_decimal_and_the_percentage_agrees(
        harness: Harness) -> None:
    team_id = sdr_in_default_team(harness)
    targets(harness.deps.store, team_id, {Metric.OPPORTUNITIES: 21.6}, user_id=SDR,
            kind="month")
    activity(harness.deps.store, SDR, date(2026, 11, 20), {Metric.OPPORTUNITIES: 8})
    opportunities = line(await card(harness, "month"), "Opportunities")
    assert "*8* of 21.6 · 37%" in opportunities  # 8 / 21.6 = 37.04 %, not "of 22"


async def test_item3_money_in_minor_units_everywhere(harness: Harness) -> None:
    sdr_in_default_team(harness)
    await harness.command(SDR, "/kpi", "log 6 opportunities worth 46812.40")
    shown = await card(harness)
    assert "*Pipeline value*   *$46,812.40*" in shown
    assert "$7,802.07" in shown  # 46,812.40 / 6 = 7,802.0666..., half away from zero


# --- item 4: comparisons that say what they compare ---------------------------------------------


async def test_item4_monday_is_compared_with_friday_not_sunday(harness: Harness,
                                                                clock: Clock) -> None:
    sdr_in_default_team(harness)
    store = harness.deps.store
    activity(store, SDR, date(2026, 11, 27), {Metric.CALLS: 10})  # Friday
    activity(store, SDR, date(2026, 11, 29), {Metric.CALLS: 3})  # Sunday
    activity(store, SDR, date(2026, 11, 30), {Metric.CALLS: 13})  # Monday
    clock.current = MONDAY_30
    calls = line(await card(harness, "today"), "Calls")
    assert "▲ +30% vs the previous working day" in calls  # 13 against Friday's 10
    assert "333" not in calls and "same point" not in calls


async def test_item4_no_arrow_for_no_change_and_two_counts_from_a_small_base(
        harness: Harness) -> None:
    sdr_in_default_team(harness)
    store = harness.deps.store
    # this week to Friday: 40 calls, 4 meetings; last week to Friday: 40 calls, 2 meetings
    activity(store, SDR, date(2026, 11, 23), {Metric.CALLS: 40, Metric.MEETINGS_BOOKED: 4})
    activity(store, SDR, date(2026, 11, 16), {Metric.CALLS: 40, Metric.MEETINGS_BOOKED: 2})
    activity(store, SDR, date(2026, 11, 22), {Metric.CALLS: 100})  # last Sunday: not yet
    shown = await card(harness, "week")
    assert "±0% vs this time last week" in line(shown, "Calls")
    assert "▲ +0%" not in shown
    assert "4 vs 2 at this time last week" in line(shown, "Meetings booked")


# --- item 5: rates above 100 % ------------------------------------------------------------------


async def test_item5_a_rate_above_100_is_flagged(harness: Harness) -> None:
    sdr_in_default_team(harness)
    await harness.command(SDR, "/kpi", "log 4 leads 5 qualified leads")
    shown = await card(harness)
    quality = shown[shown.index("*Lead quality*"):].split("\n")[1]
    assert quality.startswith("125%") and ":warning:" in quality


# --- item 7: time off scales the targets --------------------------------------------------------


async def test_item7_time_off_scales_the_target_and_the_card_says_so(harness: Harness) -> None:
    team_id = sdr_in_default_team(harness)
    store = harness.deps.store
    targets(store, team_id, {Metric.CALLS: 100}, user_id=SDR)
    store.run_sync(day_off, user_id=SDR, day=date(2026, 11, 24))
    activity(store, SDR, date(2026, 11, 23), {Metric.CALLS: 30})
    shown = await card(harness, "week")
    # 4 of 5 working days available: 100 * 4 / 5 = 80; 30 / 80 = 37.5 % -> 38 %
    assert "*30* of 80 · 38%" in line(shown, "Calls")
    assert "targets scaled for time off: 4 of 5 working days" in shown


# --- item 10: which target applies, and where it comes from -------------------------------------


async def test_item10_one_order_and_the_source_on_the_card(harness: Harness) -> None:
    team_id = sdr_in_default_team(harness)
    store = harness.deps.store
    # Her own weekly calls target, and the team's monthly one: a quarter looks at months first
    # (SPEC: for a quarter month, week), so the team's month target applies, for 3 months.
    targets(store, team_id, {Metric.CALLS: 50}, user_id=SDR, kind="week")
    targets(store, team_id, {Metric.CALLS: 400}, kind="month")
    targets(store, team_id, {Metric.MEETINGS_BOOKED: 8}, user_id=SDR, kind="month")
    shown = await card(harness, "quarter")
    assert "of 1,200" in line(shown, "Calls")
    assert "pro-rated from the team's month target" in line(shown, "Calls")
    assert "of 24" in line(shown, "Meetings booked")
    assert "pro-rated from your month target" in line(shown, "Meetings booked")
    week = await card(harness, "week")
    assert "of 50" in line(week, "Calls") and "your own target" in line(week, "Calls")


# --- item 11: plurals from the catalogue --------------------------------------------------------


async def test_item11_one_is_singular_in_both_languages(harness: Harness) -> None:
    team_id = sdr_in_default_team(harness)
    member(harness.deps.store, team_id, MANAGER, role="manager", name="Maja", locale="nb-NO")
    await harness.command(SDR, "/kpi", "log 1 opportunity worth 15k")
    answer = await harness.command(MANAGER, "/kpi", "team")
    assert answer is not None
    shown = text_of(answer["blocks"])
    assert "fra 1 salgsmulighet" in shown and "salgsmuligheter" not in shown


# --- item 12: a manager is not measured, on every surface ---------------------------------------


async def test_item12_a_manager_who_logs_has_no_targets_anywhere(harness: Harness) -> None:
    team_id = sdr_in_default_team(harness)
    member(harness.deps.store, team_id, MANAGER, role="manager", name="Maja", locale="en-US")
    targets(harness.deps.store, team_id, {Metric.CALLS: 100})
    await harness.command(MANAGER, "/kpi", "log 5 calls")
    mine = await card(harness, user=MANAGER)
    assert "*Calls*   *5*" in mine and "of 100" not in mine
    assert "not measured as an SDR, so no targets apply" in mine
    await harness.event(home_opened(MANAGER))
    home: dict[str, Any] = await published_home(harness, MANAGER)
    text = text_of(home["blocks"])
    assert "*Calls*   *5*" in text and "of 100" not in text
    assert "not measured as an SDR, so no targets apply" in text
    # the SDR is measured as before
    assert "of 100" in await card(harness)


async def test_item12_a_manager_who_logs_nothing_is_told_so_on_home(harness: Harness,
                                                                     store: Store) -> None:
    team_id = sdr_in_default_team(harness)
    member(store, team_id, MANAGER, role="manager", name="Maja", locale="en-US")
    await harness.event(home_opened(MANAGER))
    text = text_of((await published_home(harness, MANAGER))["blocks"])
    assert "You are not measured as an SDR" in text
