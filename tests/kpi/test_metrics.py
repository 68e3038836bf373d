"""Metrics, their aliases, and the derived rates (never divided by zero)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.kpi.logparse import parse_log
from bot.kpi.metrics import (
    ALIASES,
    METRICS,
    RATES,
    Metric,
    Rate,
    RateDef,
    derived_rates,
    metric_from_text,
    ratio,
)


def test_ten_metrics_in_display_order_with_pipeline_the_only_money() -> None:
    assert [m.value for m in METRICS] == [
        "calls", "conversations", "emails", "social", "meetings_booked", "meetings_held",
        "leads", "qualified_leads", "opportunities", "pipeline",
    ]
    assert [m for m in METRICS if m.is_money] == [Metric.PIPELINE]


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("dials", Metric.CALLS),
        ("Dial", Metric.CALLS),
        ("cold  calls", Metric.CALLS),
        ("convos", Metric.CONVERSATIONS),
        ("connects", Metric.CONVERSATIONS),
        ("e-mails", Metric.EMAILS),
        ("LinkedIn", Metric.SOCIAL),
        ("meetings", Metric.MEETINGS_BOOKED),
        ("meetings booked", Metric.MEETINGS_BOOKED),
        ("meetings_booked", Metric.MEETINGS_BOOKED),
        ("meetings held", Metric.MEETINGS_HELD),
        ("Meetings_Held", Metric.MEETINGS_HELD),
        ("shows", Metric.MEETINGS_HELD),
        ("new leads", Metric.LEADS),
        ("sqls", Metric.QUALIFIED_LEADS),
        ("qualified leads", Metric.QUALIFIED_LEADS),
        ("qualified_leads", Metric.QUALIFIED_LEADS),
        ("opps", Metric.OPPORTUNITIES),
        ("deal", Metric.OPPORTUNITIES),
        ("pipeline value", Metric.PIPELINE),
        ("pipe", Metric.PIPELINE),
    ],
)
def test_metric_from_text_understands_aliases(text: str, metric: Metric) -> None:
    assert metric_from_text(text) is metric


@pytest.mark.parametrize("text", ["", "widgets", "callz", "meetings helds", "calls 5"])
def test_metric_from_text_rejects_unknown_words(text: str) -> None:
    assert metric_from_text(text) is None


def test_every_metric_is_its_own_alias() -> None:
    for metric in METRICS:
        assert metric_from_text(metric.value) is metric


def test_aliases_are_lower_case_and_the_longest_wins() -> None:
    assert all(alias == alias.lower() for alias in ALIASES)
    # "meetings held" must be tried before "meetings", or it would log a booking plus junk.
    logged = parse_log("3 meetings held", today=date(2026, 11, 27)).quantities
    assert logged == {Metric.MEETINGS_HELD: 3}


def test_ratio_never_divides_by_zero() -> None:
    assert ratio(3, 4) == 0.75
    assert ratio(0, 4) == 0.0
    assert ratio(5, 0) is None
    assert ratio(0, 0) is None
    assert ratio(5, -1) is None


def test_derived_rates_formulas() -> None:
    totals = {
        Metric.CALLS: 200.0,
        Metric.CONVERSATIONS: 30.0,
        Metric.MEETINGS_BOOKED: 8.0,
        Metric.MEETINGS_HELD: 6.0,
        Metric.LEADS: 20.0,
        Metric.QUALIFIED_LEADS: 5.0,
        Metric.OPPORTUNITIES: 4.0,
        Metric.PIPELINE: 60_000.0,
    }
    assert derived_rates(totals) == {
        Rate.CONNECT: 0.15,  # conversations / calls
        Rate.QUALITY: 0.25,  # qualified leads / leads
        Rate.CONVERSION: 0.2,  # opportunities / leads
        Rate.SHOW: 0.75,  # meetings held / meetings booked
        Rate.AVG_OPP_VALUE: 15_000.0,  # pipeline / opportunities
    }


@pytest.mark.parametrize("rate_def", RATES, ids=lambda d: d.rate.value)
def test_each_rate_is_none_when_its_denominator_is_zero(rate_def: RateDef) -> None:
    totals = {m: 10.0 for m in METRICS}
    totals[rate_def.denominator] = 0.0
    rates = derived_rates(totals)
    assert rates[rate_def.rate] is None
    # Rates sharing that denominator are None too; where it is the numerator, zero; else 1.
    for other in RATES:
        if other.denominator is rate_def.denominator:
            assert rates[other.rate] is None
        elif other.numerator is rate_def.denominator:
            assert rates[other.rate] == 0.0
        else:
            assert rates[other.rate] == 1.0


def test_derived_rates_of_nothing_are_all_none() -> None:
    assert derived_rates({}) == {rate: None for rate in Rate}


def test_a_numerator_without_activity_is_a_zero_rate_not_none() -> None:
    rates = derived_rates({Metric.CALLS: 50.0})
    assert rates[Rate.CONNECT] == 0.0
    assert rates[Rate.QUALITY] is None


def test_only_average_opportunity_value_is_money() -> None:
    assert [r for r in Rate if r.is_money] == [Rate.AVG_OPP_VALUE]
