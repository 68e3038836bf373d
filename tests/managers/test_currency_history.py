"""Issue 9, item 6: changing a team's currency relabels nothing. Nordics counts in USD; on
Friday 27 November its manager switches it to EUR in `/kpi settings`. Pipeline logged before
stays dollars on every surface, a period that spans the change shows each currency's total
apart ("€3,000 + $12,000"), and a target set in dollars measures only dollars."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import col, select

from bot.blocks import ids
from bot.blocks.weekly_scorecard import build_weekly_scorecard_blocks
from bot.chart import weekly_chart
from bot.console.harness import Harness
from bot.i18n import Translator
from bot.kpi.metrics import Metric
from bot.kpi.periods import PeriodKind, period_containing
from bot.services import weekly_posts
from storage.db import Store
from storage.models import Activity, Person, Target, TeamCurrency
from tests.home.test_home import home_opened, published_home
from tests.managers.conftest import Org
from tests.managers.test_big_teams import as_shown, open_settings
from tests.scenario.support import text_of
from tests.team.seed import activity

LAST_TUESDAY = date(2026, 11, 17)
MONDAY = date(2026, 11, 23)
LAST_WEEK = period_containing(LAST_TUESDAY, PeriodKind.WEEK)
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
NOTE = "Targets, pace and averages count only amounts in EUR"


def _dollar_target(session: Any, *, team_id: int) -> None:
    """Nordics' weekly pipeline default, set while it counted in dollars."""
    session.add(Target(team_id=team_id, metric="pipeline", kind="week", value=20_000,
                       currency="USD", effective_from=date(2026, 1, 5), set_by="U0MGRB"))
    session.commit()


async def _text(harness: Harness, user: str, command: str, text: str) -> str:
    answer = await harness.answer(user, command, text)
    assert answer is not None
    return text_of(answer["blocks"])


def _weekly_post(store: Store, team_id: int, locale: str = "en-US") -> tuple[str, str]:
    """Last week's post as the channel reads it, and its chart's words."""
    p = store.run_sync(weekly_posts.prepare, team_id=team_id, week=LAST_WEEK, now=NOW,
                       default_channel=None)
    assert p is not None
    tr = Translator(locale, p.currency)
    blocks = build_weekly_scorecard_blocks(card=p.card, team_name=p.shown_name(tr),
                                           names=p.names, leaderboard_size=p.leaderboard_size,
                                           tr=tr)
    chart = weekly_chart(card=p.card, team_name=p.shown_name(tr), names=p.names,
                         leaderboard_size=p.leaderboard_size, tr=tr)
    return text_of(blocks), repr(chart)


async def _switch_to_euros(harness: Harness, org: Org) -> None:
    view = await open_settings(harness, org.manager_b)
    assert "Nordics" in str(view)
    answer = await harness.submit(org.manager_b, view, as_shown(
        view, **{ids.SETTINGS_CURRENCY_BLOCK: "EUR"}))
    assert answer is not None and answer["response_action"] == "update", answer


def _surfaces(harness: Harness, org: Org) -> list[tuple[str, str, str]]:
    return [(org.sdr_b, "/mykpis", "last week"), (org.manager_b, "/kpi", "team last week")]


async def test_switching_currency_leaves_last_weeks_cards_and_post_as_they_were(
        harness: Harness, org: Org, store: Store) -> None:
    store.run_sync(_dollar_target, team_id=org.team_b)
    activity(store, org.sdr_b, LAST_TUESDAY, {Metric.OPPORTUNITIES: 1, Metric.PIPELINE: 12_000})
    before = [await _text(harness, *s) for s in _surfaces(harness, org)]
    post_before = _weekly_post(store, org.team_b)
    assert "$12,000" in before[0] and "of $20,000" in before[0] and "60%" in before[0]
    assert "$12,000" in before[1] and "$12,000" in post_before[0]

    await _switch_to_euros(harness, org)

    assert [await _text(harness, *s) for s in _surfaces(harness, org)] == before
    assert _weekly_post(store, org.team_b) == post_before
    history = store.run_sync(lambda s: [(c.currency, c.since) for c in s.exec(
        select(TeamCurrency).where(TeamCurrency.team_id == org.team_b)
        .order_by(col(TeamCurrency.id))).all()])
    assert history == [("USD", date(1970, 1, 1)), ("EUR", date(2026, 11, 27))]


async def test_a_period_across_the_change_shows_each_currency_and_measures_one(
        harness: Harness, org: Org, store: Store) -> None:
    store.run_sync(_dollar_target, team_id=org.team_b)
    activity(store, org.sdr_b, LAST_TUESDAY, {Metric.OPPORTUNITIES: 1, Metric.PIPELINE: 12_000})
    activity(store, org.sdr_b, MONDAY, {Metric.PIPELINE: 1_000})  # this week, still dollars
    await _switch_to_euros(harness, org)
    logged = await _text(harness, org.sdr_b, "/kpi", "log 1 opportunity worth 3000")
    assert "€3,000" in logged, logged
    rows = store.run_sync(lambda s: sorted((a.day, a.quantity, a.currency) for a in s.exec(
        select(Activity).where(Activity.metric == "pipeline")).all()))
    assert rows == [(LAST_TUESDAY, 12_000, "USD"), (MONDAY, 1_000, "USD"),
                    (date(2026, 11, 27), 3_000, "EUR")]

    month = await _text(harness, org.sdr_b, "/mykpis", "month")
    assert "*€3,000 + $13,000*" in month and NOTE in month and "$13,000 logged" in month
    # the dollar target measures no euros: this week has no pipeline target at all
    week = await _text(harness, org.sdr_b, "/mykpis", "week")
    line = week.split("Pipeline value", 1)[1].split("\n", 1)[0]
    assert line == "*   *€3,000 + $1,000*" and "20,000" not in week, week
    team_month = await _text(harness, org.manager_b, "/kpi", "team month")
    assert "€3,000 + $13,000" in team_month and NOTE in team_month
    # App Home shows this week as /mykpis does
    harness.slack.clear()
    await harness.event(home_opened(org.sdr_b))
    home = text_of((await published_home(harness, org.sdr_b))["blocks"])
    assert "€3,000 + $1,000" in home and NOTE in home
    # an average opportunity value across two currencies would be invented: none is shown
    assert "Avg. opportunity value" not in month

    # a target set now, in the targets modal, is in euros and measures the euros
    harness.slack.clear()
    await harness.command(org.manager_b, "/kpi", "targets")
    [opened] = await harness.slack.wait_for("views.open")
    view = opened.args["view"]
    assert "20,000" not in str(view)  # the dollar target is not in force in euros
    answer = await harness.submit(org.manager_b, view, {
        ids.TARGETS_SDRS_BLOCK: [org.sdr_b], ids.TARGETS_KIND_BLOCK: "week",
        ids.TARGETS_FROM_BLOCK: "2026-11-23",
        f"{ids.TARGET_FIELD_PREFIX}pipeline:0": "6000"})
    assert answer is not None and answer["response_action"] == "update", answer
    week = await _text(harness, org.sdr_b, "/mykpis", "week")
    assert "€3,000 + $1,000* of €6,000 · 50%" in week, week
    euro_targets = store.run_sync(lambda s: [(t.value, t.currency) for t in s.exec(
        select(Target).where(Target.user_id == org.sdr_b)).all()])
    assert euro_targets == [(6000, "EUR")]

    # the review of the month measures euros and shows the dollars beside them, with why
    review = await _text(harness, org.manager_b, "/kpi", f"review <@{org.sdr_b}> 2026-11")
    assert "€3,000 + $13,000" in review and NOTE in review, review


async def test_norwegian_readers_see_each_currency_in_their_own_format(
        harness: Harness, org: Org, store: Store) -> None:
    def norwegian(session: Any) -> None:
        person = session.get(Person, org.sdr_b)
        person.locale = "nb-NO"
        session.add(person)
        session.commit()

    store.run_sync(norwegian)
    activity(store, org.sdr_b, LAST_TUESDAY, {Metric.OPPORTUNITIES: 1, Metric.PIPELINE: 12_000})
    before = await _text(harness, org.sdr_b, "/mykpis", "forrige uke")
    assert "12\xa0000\xa0USD" in before, before  # Norwegian money: no-break spaces
    await _switch_to_euros(harness, org)
    logged = await _text(harness, org.sdr_b, "/kpi", "log 1 mulighet verdt 3000")
    assert "3\xa0000\xa0€" in logged, logged
    assert await _text(harness, org.sdr_b, "/mykpis", "forrige uke") == before
    month = await _text(harness, org.sdr_b, "/mykpis", "måned")
    assert "3\xa0000\xa0€ + 12\xa0000\xa0USD" in month, month
    assert "Mål, tempo og snitt teller bare beløp i EUR" in month, month


async def test_after_the_change_the_own_average_counts_only_the_new_currency(
        harness: Harness, org: Org, store: Store) -> None:
    """The average beside this month's euros is of euros: the dollars of September and
    October are not averaged in (no exchange rate exists), and the line says why its average
    and comparison read €0 where dollars were logged."""
    activity(store, org.sdr_b, date(2026, 9, 1), {Metric.PIPELINE: 2_000})
    activity(store, org.sdr_b, date(2026, 10, 14), {Metric.PIPELINE: 5_500})
    activity(store, org.sdr_b, date(2026, 10, 20), {Metric.OPPORTUNITIES: 2})
    before = await _text(harness, org.sdr_b, "/mykpis", "month")
    assert "your average, last 2 months: $3,750" in before, before
    await _switch_to_euros(harness, org)
    await _text(harness, org.sdr_b, "/kpi", "log 1 opportunity worth 3000")

    month = await _text(harness, org.sdr_b, "/mykpis", "month")
    line = month.split("Pipeline value", 1)[1].split("\n", 2)[1]
    assert "*€3,000*" in month and "your average, last 2 months: €0" in line, month
    assert EARLIER in line, line
    assert "3,750" not in month and "$" not in month, month
    # the opportunities count no currency: their average is as before, with no note
    opportunities = month.split("Opportunities", 1)[1].split("\n", 2)[1]
    assert "your average, last 2 months: 1" in opportunities and EARLIER not in opportunities
    assert month.count(EARLIER) == 1, month

    # this week's card compares with weeks that hold no dollars: nothing to say
    week = await _text(harness, org.sdr_b, "/mykpis", "week")
    assert "*€3,000*" in week and "Comparisons and your average" not in week, week


EARLIER = "Comparisons and your average count only amounts in EUR; earlier amounts in USD"


async def test_a_comparison_with_a_period_in_another_currency_says_what_it_leaves_out(
        harness: Harness, org: Org, store: Store) -> None:
    """The week after the switch is measured in euros; the week before holds dollars only. Its
    comparisons read the dollars as nothing, so every surface that compares says so."""
    activity(store, org.sdr_b, LAST_TUESDAY, {Metric.OPPORTUNITIES: 1, Metric.PIPELINE: 12_000})
    await _switch_to_euros(harness, org)
    await _text(harness, org.sdr_b, "/kpi", "log 1 opportunity worth 3000")

    team_week = await _text(harness, org.manager_b, "/kpi", "team week")
    assert "€3,000" in team_week and TEAM_BEFORE in team_week, team_week
    mine = await _text(harness, org.sdr_b, "/mykpis", "week")
    line = mine.split("Pipeline value", 1)[1].split("\n", 2)[1]
    assert EARLIER in line, mine
    # Monday's post of this week, and of last week (all dollars, nothing left out)
    this_week = period_containing(MONDAY, PeriodKind.WEEK)
    monday = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    p = store.run_sync(weekly_posts.prepare, team_id=org.team_b, week=this_week, now=monday,
                       default_channel=None)
    assert p is not None
    tr = Translator("en-US", p.currency)
    post = text_of(build_weekly_scorecard_blocks(
        card=p.card, team_name=p.shown_name(tr), names=p.names,
        leaderboard_size=p.leaderboard_size, tr=tr))
    assert "€3,000" in post and TEAM_BEFORE in post, post
    assert "left out" not in _weekly_post(store, org.team_b)[0]


TEAM_BEFORE = "The comparison counts only amounts in EUR; amounts in USD before it are left out"
