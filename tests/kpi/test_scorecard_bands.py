"""Which industry band a scorecard sets beside which number: a rate's beside the rate in any
period, a count's only beside a period of the band's own kind."""

from __future__ import annotations

from datetime import date

import pytest

from bot.kpi.benchmarks import Band, Source
from bot.kpi.metrics import Metric, Rate
from bot.kpi.periods import PeriodKind, period_containing
from bot.kpi.scorecard import ScorecardFacts, build_scorecard

SOURCE = Source("s", "Publisher", "Title", "https://example.com/b", 2026, "vendor")
HELD = Band("meetings_held", 12, 15, "month", SOURCE, "a month")
SHOW = Band("show_rate", 0.65, 0.75, None, SOURCE, "a share")
FRIDAY = date(2026, 11, 27)


@pytest.mark.parametrize(("kind", "held_band"), [
    (PeriodKind.DAY, None), (PeriodKind.WEEK, None), (PeriodKind.MONTH, HELD),
    (PeriodKind.QUARTER, None)])
def test_a_count_band_only_beside_its_own_period_a_rate_band_beside_any(
        kind: PeriodKind, held_band: Band | None) -> None:
    card = build_scorecard(ScorecardFacts(
        user_id="U1", period=period_containing(FRIDAY, kind), today=FRIDAY,
        current={Metric.MEETINGS_BOOKED: 4, Metric.MEETINGS_HELD: 3, Metric.CALLS: 10},
        previous={}, own_average=None, team_totals={}, team_size=1, targets={},
        bands={"meetings_held": HELD, "show_rate": SHOW}))
    bands = {line.metric: line.band for line in card.lines}
    assert bands == {Metric.CALLS: None, Metric.MEETINGS_BOOKED: None,
                     Metric.MEETINGS_HELD: held_band}
    assert card.rate_bands == {Rate.SHOW: SHOW}


def test_no_bands_given_none_shown() -> None:
    card = build_scorecard(ScorecardFacts(
        user_id="U1", period=period_containing(FRIDAY, PeriodKind.MONTH), today=FRIDAY,
        current={Metric.MEETINGS_HELD: 3}, previous={}, own_average=None, team_totals={},
        team_size=1, targets={}))
    assert [line.band for line in card.lines] == [None] and card.rate_bands == {}
