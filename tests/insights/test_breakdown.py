"""Rates by source and by technique, zero counts included."""

from __future__ import annotations

from bot.insights.breakdown import breakdown, rate_metrics, rates_of
from bot.insights.effects import effect, windows
from bot.insights.stats import Verdict
from bot.kpi.metrics import Metric, Rate

L, OPP, Q, B, H = (Metric.LEADS, Metric.OPPORTUNITIES, Metric.QUALIFIED_LEADS,
                 Metric.MEETINGS_BOOKED, Metric.MEETINGS_HELD)


def test_every_rate_with_zero_counts_has_counts_and_no_share() -> None:
    rates = rates_of({})
    assert set(rates) == {Rate.CONVERSION, Rate.QUALITY, Rate.SHOW}
    assert all(p.base == 0 and p.hits == 0 and p.share is None for p in rates.values())
    only_meetings = rates_of({B: 4.0})
    assert only_meetings[Rate.SHOW].share == 0 and only_meetings[Rate.CONVERSION].share is None
    assert set(rate_metrics()) == {L, OPP, Q, B, H}


def test_a_breakdown_per_tag_with_untagged_last() -> None:
    b = breakdown([("inbound", L, 10), ("inbound", OPP, 4), (None, L, 30), ("event", B, 3),
                   ("event", H, 0), ("inbound", L, 10)])
    assert [g.key for g in b.groups] == ["inbound", "event", None]
    inbound = b.groups[0].rates
    assert (inbound[Rate.CONVERSION].hits, inbound[Rate.CONVERSION].base) == (4, 20)
    assert inbound[Rate.SHOW].share is None  # no meetings from inbound
    event = b.groups[1].rates
    assert event[Rate.CONVERSION].share is None and event[Rate.SHOW].share == 0
    assert b.best == {} and b.worst == {}


def test_the_best_and_worst_source_only_with_enough_counts() -> None:
    rows = [("referral", L, 100), ("referral", OPP, 40), ("outbound", L, 100), ("outbound", OPP, 5),
            ("inbound", L, 100), ("inbound", OPP, 20)]
    b = breakdown(rows)
    assert b.best[Rate.CONVERSION].key == "referral"
    assert b.worst[Rate.CONVERSION].key == "outbound"
    small = breakdown([(k, m, q / 20) for k, m, q in rows])
    assert small.best == {} and small.worst == {}


def test_technique_rows_break_down_the_same_way() -> None:
    b = breakdown([("video-email", L, 50), ("video-email", Q, 25), ("cold-call", L, 50),
                   ("cold-call", Q, 5)])
    assert b.groups[0].rates[Rate.QUALITY].share in (0.5, 0.1)
    assert b.best[Rate.QUALITY].key == "video-email"


def test_before_and_after_a_change() -> None:
    from datetime import date
    w = windows(date(2026, 10, 5), today=date(2026, 11, 27))
    assert w.before == (date(2026, 9, 7), date(2026, 10, 5))
    assert w.after == (date(2026, 10, 5), date(2026, 11, 2)) and w.complete
    partial = windows(date(2026, 11, 23), today=date(2026, 11, 27))
    assert partial.after == (date(2026, 11, 23), date(2026, 11, 28)) and not partial.complete
    result = effect({L: 100, OPP: 5}, {L: 100, OPP: 25})
    assert result[Rate.CONVERSION].verdict is Verdict.LIKELY_REAL
    assert result[Rate.SHOW].verdict is Verdict.NO_DATA
