from __future__ import annotations

from datetime import date

from bot.kpi.metrics import Metric
from storage import activity, people
from storage.db import Store
from tests.conftest import NOW


def test_sums_and_undo(any_store: Store) -> None:
    any_store.run_sync(people.ensure_sdr, user_id="U1")
    for day, calls in ((date(2026, 11, 23), 10), (date(2026, 11, 27), 5)):
        any_store.run_sync(
            activity.insert_entry, user_id="U1", day=day, quantities={Metric.CALLS: calls},
            source=None, note=None, origin="slash", actor_id="U1",
        )
    week, one_day = any_store.run_sync(
        activity.sum_parts,
        parts=[(["U1"], (date(2026, 11, 23), date(2026, 11, 30))),
               (["U1"], (date(2026, 11, 27), date(2026, 11, 28)))], currency=None,
    )
    assert week == {Metric.CALLS: 15} and one_day == {Metric.CALLS: 5}
    undone = any_store.run_sync(activity.undo_last_entry, user_id="U1", actor_id="U1",
                                now=NOW, origins=["slash"])
    assert [r.quantity for r in undone] == [5]
    [week] = any_store.run_sync(
        activity.sum_parts, parts=[(["U1"], (date(2026, 11, 23), date(2026, 11, 30)))],
        currency=None,
    )
    assert week == {Metric.CALLS: 10}
