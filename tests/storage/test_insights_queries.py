"""The queries behind insights, notes, time off and stale data, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from bot.kpi.metrics import Metric
from storage import activity, insights
from storage.db import Store
from tests.team.seed import team

D1, D2, D3 = date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 4)


def _log(store: Store, user: str, day: date, source: str | None, technique: str | None,
         **quantities: float) -> None:
    store.run_sync(activity.insert_entry, user_id=user, day=day,
                   quantities={Metric(k): v for k, v in quantities.items()}, source=source,
                   note=None, origin="csv", actor_id="test", technique=technique)


def test_tagged_totals_group_by_user_tag_and_metric(any_store: Store) -> None:
    _log(any_store, "U1", D1, "inbound", "video", leads=3, opportunities=1)
    _log(any_store, "U1", D2, "inbound", None, leads=2)
    _log(any_store, "U2", D2, None, "video", leads=4, calls=50)
    _log(any_store, "U3", D2, "inbound", None, leads=9)  # not asked for
    rows = any_store.run_sync(insights.tagged_totals, user_ids=["U1", "U2"], start=D1, end=D3,
                              tag="source", metrics=[Metric.LEADS, Metric.OPPORTUNITIES])
    got = sorted((r.user_id, r.tag or "", r.metric.value, r.total) for r in rows)
    assert got == [("U1", "inbound", "leads", 5.0), ("U1", "inbound", "opportunities", 1.0),
                   ("U2", "", "leads", 4.0)]
    by_technique = any_store.run_sync(insights.tagged_totals, user_ids=["U1", "U2"], start=D1,
                                      end=D2, tag="technique", metrics=[Metric.LEADS])
    assert [(r.user_id, r.tag, r.total) for r in by_technique] == [("U1", "video", 3.0)]
    assert any_store.run_sync(insights.last_logged_days, user_ids=["U1", "U2", "U9"]) == {
        "U1": D2, "U2": D2}


def test_notes_for_a_team_and_for_one_sdr(any_store: Store) -> None:
    team_id = team(any_store, "Nordics")
    any_store.run_sync(insights.add_note, team_id=team_id, user_id=None, day=D1,
                       text="new script", actor_id="U0MGR")
    any_store.run_sync(insights.add_note, team_id=team_id, user_id="U1", day=D2,
                       text="shorter emails", actor_id="U0MGR")
    any_store.run_sync(insights.add_note, team_id=team_id, user_id="U2", day=D3,
                       text="video", actor_id="U0MGR")
    everything = any_store.run_sync(insights.notes, team_id=team_id, since=D1, until=date(
        2026, 12, 1))
    assert [n.text for n in everything] == ["video", "shorter emails", "new script"]
    for_u1 = any_store.run_sync(insights.notes, team_id=team_id, since=D1,
                                until=date(2026, 12, 1), user_id="U1")
    assert [n.text for n in for_u1] == ["shorter emails", "new script"]


def test_time_off_added_listed_and_cancelled(any_store: Store) -> None:
    assert any_store.run_sync(insights.add_time_off, user_id="U1", days=[D1, D2],
                              actor_id="U1") == [D1, D2]
    assert any_store.run_sync(insights.add_time_off, user_id="U1", days=[D2, D3],
                              actor_id="U1") == [D3]
    assert any_store.run_sync(insights.time_off_from, user_ids=["U1"], since=D2) == [
        ("U1", D2), ("U1", D3)]
    assert any_store.run_sync(insights.cancel_time_off, user_id="U1", days=[D2, date(
        2026, 12, 1)], actor_id="U0MGR") == [D2]
    assert any_store.run_sync(insights.time_off_from, user_ids=["U1"], since=D1) == [
        ("U1", D1), ("U1", D3)]
