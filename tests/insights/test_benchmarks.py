"""The benchmarks data file: every band valid and sourced; the team motion picks the bands."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import time
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlmodel import select

from bot.blocks.benchmarks import benchmark_plain, benchmark_text
from bot.config import Settings
from bot.i18n import Translator
from bot.inputs import FieldErrors, PeopleChange, SettingsInput
from bot.insights.benchmarks import DATA_FILE, MOTIONS, bands_for, load
from bot.services.access import NotAllowed, with_access
from bot.services.team_settings import save_settings
from storage.db import Store
from storage.models import AuditEvent, Team
from storage.session import Session
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


def _settings(team_id: int, name: str, **change: object) -> SettingsInput:
    """The team's settings as the modal would send them unchanged, with `change` applied."""
    given = SettingsInput(
        team_id=team_id, name=name, channel_id=None, timezone="UTC", currency="USD",
        managers=PeopleChange(), members=PeopleChange(), workdays=frozenset(range(5)),
        scorecard_weekday=0, scorecard_time=time(9, 0), nudge_schedule="2@12:00,4@12:00",
        leaderboard_size=5, stretch_pct=10)
    return replace(given, **change)  # type: ignore[arg-type]


def _save(store: Store, settings: Settings, given: SettingsInput) -> None:
    store.run_sync(lambda s: with_access(s, settings, "U0MGR1", save_settings, given))


def _teams(store: Store) -> dict[str, tuple[str, int]]:
    return store.run_sync(lambda s: {t.name: (t.motion, t.stale_days)
                                     for t in s.exec(select(Team))})


def _actions(store: Store) -> list[str]:
    return store.run_sync(lambda s: [e.action for e in s.exec(select(AuditEvent))
                                     if e.action.startswith(("team.motion", "team.stale"))])


def test_a_manager_sets_the_motion_of_their_team_only(store: Store, settings: Settings) -> None:
    mine, other = team(store, "Nordics"), team(store, "Benelux")
    member(store, mine, "U0MGR1", role="manager")
    _save(store, settings, _settings(mine, "Nordics", motion="enterprise"))
    with pytest.raises(NotAllowed):
        _save(store, settings, _settings(other, "Benelux", motion="inbound"))
    with pytest.raises(FieldErrors) as refused:
        _save(store, settings, _settings(mine, "Nordics", motion="sideways", stale_days=5))
    assert set(refused.value.errors) == {"motion"}
    teams = _teams(store)
    assert teams["Nordics"] == ("enterprise", 3) and teams["Benelux"] == ("outbound", 3)
    _save(store, settings, _settings(mine, "Nordics", motion="enterprise"))  # unchanged
    assert _actions(store) == ["team.motion"]


def test_a_manager_sets_the_stale_days_of_their_team(store: Store, settings: Settings) -> None:
    mine, other = team(store, "Nordics"), team(store, "Benelux")
    member(store, mine, "U0MGR1", role="manager")
    _save(store, settings, _settings(mine, "Nordics", stale_days=5))
    for team_id, name, count, error in ((other, "Benelux", 5, NotAllowed),
                                        (mine, "Nordics", 0, FieldErrors),
                                        (mine, "Nordics", 21, FieldErrors)):
        with pytest.raises(error):
            _save(store, settings, _settings(team_id, name, stale_days=count))
    teams = _teams(store)
    assert (teams["Nordics"][1], teams["Benelux"][1]) == (5, 3)
    assert _actions(store) == ["team.stale_days"]


def test_settings_with_motion_and_stale_days_are_saved_in_one_transaction(
        store: Store, settings: Settings) -> None:
    mine = team(store, "Nordics")
    member(store, mine, "U0MGR1", role="manager")
    commits: list[object] = []

    def save(session: Session) -> None:
        event.listen(session, "after_commit", commits.append)
        with_access(session, settings, "U0MGR1", save_settings,
                    _settings(mine, "Nordics 2", motion="inbound", stale_days=4))

    store.run_sync(save)
    assert len(commits) == 1
    assert _teams(store)["Nordics 2"] == ("inbound", 4)
    assert sorted(_actions(store)) == ["team.motion", "team.stale_days"]
