"""The benchmarks data file: every band valid and sourced; the team motion picks the bands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from bot.blocks.benchmarks import benchmark_plain, benchmark_text
from bot.config import Settings
from bot.i18n import Translator
from bot.insights.benchmarks import DATA_FILE, MOTIONS, bands_for, load
from bot.services.access import NotAllowed, with_access
from bot.services.team_motion import set_team_motion, set_team_stale_days
from storage.db import Store
from storage.models import AuditEvent, Team
from tests.team.seed import member, team


def test_every_motion_has_sourced_bands() -> None:
    data = json.loads(DATA_FILE.read_text("utf-8"))
    loaded = load()
    assert set(loaded) == set(MOTIONS)
    for motion, bands in loaded.items():
        assert bands, motion
        for band in bands.values():
            [row] = [r for r in data["motions"][motion] if r["key"] == band.key]
            source = data["sources"][row["source"]]
            assert (band.low, band.high) == (row["low"], row["high"])
            assert (band.source.url, band.source.year) == (source["url"], source["year"])
            tr = Translator("en-US")
            text = benchmark_text(band, tr)
            assert f"<{source['url']}|{source['publisher']}> {source['year']}" in text
            assert f"({source['publisher']} {source['year']}, vendor estimate)" in \
                benchmark_plain(band, tr)
    assert bands_for("no-such-motion") == bands_for("outbound")


@pytest.mark.parametrize(("change", "problem"), [
    ({"key": "widgets"}, "neither a metric nor a rate"),
    ({"per": None}, "needs 'per'"),
    ({"low": 20, "high": 10}, "is not a band"),
    ({"source": "nowhere"}, "names no known source")])
def test_a_bad_band_is_named(tmp_path: Path, change: dict[str, object], problem: str) -> None:
    data = json.loads(DATA_FILE.read_text("utf-8"))
    data["motions"]["outbound"][0].update(change)
    path = tmp_path / "benchmarks.json"
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(ValueError, match=problem):
        load(path)


def test_a_manager_sets_the_motion_of_their_team_only(store: Store, settings: Settings) -> None:
    mine, other = team(store, "Nordics"), team(store, "Benelux")
    member(store, mine, "U0MGR1", role="manager")
    store.run_sync(lambda s: with_access(s, settings, "U0MGR1", set_team_motion, team_id=mine,
                                         motion="enterprise"))
    with pytest.raises(NotAllowed):
        store.run_sync(lambda s: with_access(s, settings, "U0MGR1", set_team_motion,
                                             team_id=other, motion="inbound"))
    with pytest.raises(ValueError):
        store.run_sync(lambda s: with_access(s, settings, "U0MGR1", set_team_motion,
                                             team_id=mine, motion="sideways"))
    motions = store.run_sync(lambda s: {t.name: t.motion for t in s.exec(select(Team))})
    assert motions["Nordics"] == "enterprise" and motions["Benelux"] == "outbound"
    assert store.run_sync(lambda s: [e.action for e in s.exec(select(AuditEvent))]) == [
        "team.motion"]


def test_a_manager_sets_the_stale_days_of_their_team(store: Store, settings: Settings) -> None:
    mine, other = team(store, "Nordics"), team(store, "Benelux")
    member(store, mine, "U0MGR1", role="manager")
    store.run_sync(lambda s: with_access(s, settings, "U0MGR1", set_team_stale_days,
                                         team_id=mine, days=5))
    for team_id, count, error in ((other, 5, NotAllowed), (mine, 0, ValueError),
                                  (mine, 21, ValueError)):
        with pytest.raises(error):
            _set_stale(store, settings, team_id, count)
    stale = store.run_sync(lambda s: {t.name: t.stale_days for t in s.exec(select(Team))})
    assert (stale["Nordics"], stale["Benelux"]) == (5, 3)


def _set_stale(store: Store, settings: Settings, team_id: int, days: int) -> None:
    store.run_sync(lambda s: with_access(s, settings, "U0MGR1", set_team_stale_days,
                                         team_id=team_id, days=days))
