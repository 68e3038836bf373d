"""`/kpi export` through the real app, and the round trip: what it uploads re-imports into an
empty database to the same `/mykpis` and `/kpi team` numbers."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.config import Settings
from bot.console.harness import Harness
from bot.console.local_slack import LocalSlack, SlackUser
from bot.deps import Deps
from bot.kpi.metrics import Metric
from storage import people
from storage.db import Store
from tests.conftest import Clock
from tests.ingest.support import import_file, totals
from tests.scenario.support import text_of
from tests.slack_contract import checked_harness
from tests.team.seed import LAST_MONDAY, MONDAY, activity, member, targets, team

__all__ = ["checked_harness"]
MANAGER, ANNA, OLE, BEA = "U0MGR1", "U0ANNA", "U0OLE", "U0BEA"
C, MB, OPP, P = Metric.CALLS, Metric.MEETINGS_BOOKED, Metric.OPPORTUNITIES, Metric.PIPELINE


def org(store: Store, *, with_activity: bool) -> None:
    """Nordics (Anna, Ole; managed by U0MGR1) and Benelux (Bea)."""
    a, b = team(store, "Nordics"), team(store, "Benelux")
    member(store, a, MANAGER, role="manager", name="Maja Manager")
    member(store, a, ANNA, name="Anna Berg")
    member(store, a, OLE, name="Ole Nord")
    member(store, b, BEA, name="Bea Janssen")
    targets(store, a, {C: 100, MB: 10, P: 20_000})
    if with_activity:
        activity(store, ANNA, MONDAY, {C: 60, MB: 4, OPP: 1, P: 12_500.5})
        activity(store, ANNA, MONDAY, {C: 60})  # the same again: two activities, not one
        activity(store, OLE, LAST_MONDAY, {C: 40})
        activity(store, OLE, MONDAY, {C: 35, MB: 1})
        activity(store, BEA, MONDAY, {C: 777})


async def _upload(harness: Harness, slack: LocalSlack, user: str, text: str) -> bytes:
    slack.clear()
    answer = await harness.command(user, "/kpi", text)
    assert answer is not None and "on its way to your DMs" in text_of(answer["blocks"])
    [upload] = await slack.wait_for("upload")
    [complete] = await slack.wait_for("files.completeUploadExternal")
    assert complete.args["channel_id"] == "D" + user[1:]  # the requester's DM
    data: bytes = upload.args["bytes"]
    return data


async def _numbers(harness: Harness) -> tuple[str, str, str]:
    mine = await harness.command(ANNA, "/mykpis", "month")
    team_week = await harness.command(MANAGER, "/kpi", "team")
    team_last = await harness.command(MANAGER, "/kpi", "team last week")
    return tuple(text_of(a["blocks"]) for a in (mine, team_week, team_last)  # type: ignore[index]
                 )  # type: ignore[return-value]


async def test_an_export_re_imports_to_the_same_numbers(
        harness: Harness, slack: LocalSlack, settings: Settings, clock: Clock,
        sqlite_template: Path, tmp_path: Path) -> None:
    for user_id, name in ((ANNA, "Anna Berg"), (OLE, "Ole Nord"), (MANAGER, "Maja Manager")):
        slack.add_user(SlackUser(user_id, name.split()[0].lower(), name, f"{user_id}@x.test"))
    org(harness.deps.store, with_activity=True)
    before = await _numbers(harness)
    data = await _upload(harness, slack, MANAGER, "export month Nordics")
    lines = data.decode("utf-8").splitlines()
    assert lines[0] == "date,user,metric,quantity,value,source,technique,note,external_id,currency"
    assert not any(BEA in line for line in lines)  # Benelux is not the manager's team
    export = tmp_path / "export.csv"
    export.write_bytes(data)

    shutil.copy(sqlite_template, tmp_path / "empty.db")
    empty = Store.from_url(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        empty.run_sync(people.ensure_default_team, timezone="Europe/Oslo", channel_id="C0TEAM")
        org(empty, with_activity=False)
        report = import_file(empty, export)
        assert report.ok and not report.errors
        assert report.summary is not None and report.summary.joined == []
        again = Harness(Deps(settings, empty, now=clock), slack)
        after = await _numbers(again)
        assert after == before and "Anna Berg" in before[1] and "$12,50" in before[0]
        import_file(empty, export)  # and once more: nothing counted twice
        assert await _numbers(again) == before
        assert totals(empty)[(ANNA, "calls")] == 120
    finally:
        empty.dispose()


async def test_an_sdr_exports_only_their_own_numbers(harness: Harness, slack: LocalSlack
                                                     ) -> None:
    org(harness.deps.store, with_activity=True)
    data = (await _upload(harness, slack, ANNA, "export month")).decode("utf-8")
    users = {line.split(",")[1] for line in data.splitlines()[1:]}
    assert users == {ANNA}
    answer = await harness.command(ANNA, "/kpi", "export month Nordics")
    assert answer is not None and "Only managers can export a team" in text_of(answer["blocks"])


async def test_an_unknown_team_is_answered_with_the_managers_teams(harness: Harness) -> None:
    org(harness.deps.store, with_activity=True)
    answer = await harness.command(MANAGER, "/kpi", "export week Atlantis")
    assert answer is not None
    text = text_of(answer["blocks"])
    assert "no team called `Atlantis`" in text and "`Nordics`" in text
