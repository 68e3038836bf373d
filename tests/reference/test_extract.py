"""The extractor reads every figure of the texts the app prints today (en-US)."""

from __future__ import annotations

from decimal import Decimal

from tests.reference.extract import POST_LINE, figure, flagged, read


def test_a_scorecard_line_with_everything_beside_the_actual() -> None:
    fig = figure("*Calls*   *1,030* of 2,100.5 · 49%   :large_orange_circle: Behind · 23.3 a "
                 "day needed\n▲ +50% vs this time last week · your average, last 3 weeks: 20 · "
                 "team avg 1,025 · pro-rated from your month target")
    assert fig is not None and fig.metric == "calls"
    assert (fig.actual, fig.target, fig.percent) == (Decimal(1030), Decimal("2100.5"), 49)
    assert (fig.status, fig.needed_per_day) == ("behind", Decimal("23.3"))
    assert (fig.arrow, fig.change_percent) == ("▲", 50)
    assert (fig.own_average, fig.team_average) == (Decimal(20), Decimal(1025))
    assert fig.prorated_from == "month"


def test_money_a_fall_and_a_line_without_target() -> None:
    fig = figure("*Pipeline value*   *$7,562.50*\n▼ −12% vs the previous week")
    assert fig is not None and fig.actual == Decimal("7562.50") and fig.target is None
    assert (fig.arrow, fig.change_percent) == ("▼", -12)
    assert figure("*Lead quality*\n125%") is None  # a rate, not a metric


def test_no_change_and_two_numbers_instead_of_a_percentage() -> None:
    same = figure("*Calls*   *40*\n±0% vs the previous week")
    assert same is not None and (same.arrow, same.change_percent) == (None, 0)
    small = figure("*Meetings booked*   *3*\n3 vs 1 on the previous working day")
    assert small is not None and small.change_percent is None
    assert small.compared == (Decimal(3), Decimal(1))


def test_team_and_weekly_leaderboards() -> None:
    team = read([{"type": "section", "text": {"type": "mrkdwn", "text":
                  ":first_place_medal: *Ann*  *120%* · Calls 120\n• *Bo*  no targets"}}])
    assert team.leaderboard == [("Ann", 120), ("Bo", None)]
    post = read([{"type": "section", "text": {"type": "mrkdwn", "text":
                  "*Leaderboard*\n:first_place_medal: Ann · *131%*\n4. Di · *7%*"}}],
                leaderboard=POST_LINE)
    assert post.leaderboard == [("Ann", 131), ("Di", 7)]


def test_a_flag_is_a_warning_beside_the_rate() -> None:
    assert not flagged("*Lead quality*\n125%")
    assert flagged("*Lead quality*\n125% :warning: more qualified than generated")
