"""A money target in another currency than the team's is a field error, never stored as if it
were the team's (the same rule as `/kpi log`)."""

from __future__ import annotations

import pytest

from bot.blocks import ids
from bot.console.harness import Harness
from bot.kpi.metrics import Metric
from storage.db import Store
from tests.managers.conftest import Org
from tests.managers.test_targets_modal import _field, _open, _targets


@pytest.mark.parametrize(("typed", "stored"), [("€50k", None), ("50k EUR", None),
                                               ("$50k", 50_000), ("50k USD", 50_000)])
async def test_a_money_target_in_the_teams_currency_only(harness: Harness, org: Org,
                                                         store: Store, typed: str,
                                                         stored: float | None) -> None:
    view = await _open(harness, org.manager_a)
    answer = await harness.submit(org.manager_a, view, {
        ids.TARGETS_SDRS_BLOCK: [org.sdr_a], ids.TARGETS_KIND_BLOCK: "week",
        ids.TARGETS_FROM_BLOCK: "2026-11-23", _field(Metric.PIPELINE): typed,
    })
    assert answer is not None
    if stored is None:
        assert answer["response_action"] == "errors"
        assert "not EUR" in answer["errors"][_field(Metric.PIPELINE)]
        assert _targets(store) == []
    else:
        assert answer["response_action"] == "update"
        assert [(t.metric, t.value) for t in _targets(store)] == [("pipeline", stored)]
