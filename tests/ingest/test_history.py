"""The audit trail you can read: `/kpi history @sdr` for managers, `kpibot export --audit`."""

from __future__ import annotations

import io
from pathlib import Path

from bot.console.harness import Harness
from bot.console.local_slack import LocalSlack, SlackUser
from bot.services.activity_export import write_audit_csv
from tests.ingest.support import import_file, write_csv
from tests.scenario.support import text_of
from tests.slack_contract import checked_harness
from tests.team.seed import member, team

__all__ = ["checked_harness"]
MANAGER, OTHER_MANAGER, ANNA, BEA = "U0MGR1", "U0MGR2", "U0ANNA", "U0BEA"


def _org(harness: Harness) -> None:
    store = harness.deps.store
    a, b = team(store, "Nordics"), team(store, "Benelux")
    member(store, a, MANAGER, role="manager", name="Maja Manager")
    member(store, a, ANNA, name="Anna Berg")
    member(store, b, OTHER_MANAGER, role="manager", name="Bram Boss")
    member(store, b, BEA, name="Bea Janssen")


async def test_a_manager_reads_an_sdrs_changes(harness: Harness, slack: LocalSlack,
                                               tmp_path: Path) -> None:
    slack.add_user(SlackUser(ANNA, "anna", "Anna Berg", "anna@example.com"))
    _org(harness)
    await harness.command(ANNA, "/kpi", "log 25 calls yesterday")
    await harness.command(ANNA, "/kpi", "undo")
    import_file(harness.deps.store, write_csv(tmp_path / "crm.csv",
                                              ["2026-11-20,U0ANNA,emails,4,,,,,e1"]))
    answer = await harness.command(MANAGER, "/kpi", f"history <@{ANNA}|anna>")
    assert answer is not None
    text = text_of(answer["blocks"])
    assert f"Recent changes for <@{ANNA}>" in text
    lines = [line for line in text.splitlines() if line.startswith("`2026")]
    assert "`kpibot-cli` imported `crm.csv`: 1 rows" in lines[0]  # newest first
    assert f"<@{ANNA}> undid 25 calls" in lines[1].replace("Calls", "calls")
    assert f"<@{ANNA}> logged 25" in lines[2] and "2026-11-26" in lines[2]
    by_name = await harness.command(MANAGER, "/kpi", "history @Anna Berg")
    assert by_name is not None and text_of(by_name["blocks"]) == text


async def test_only_the_sdrs_managers_may_read_it(harness: Harness) -> None:
    _org(harness)
    for user, text, expected in ((ANNA, f"history <@{ANNA}>", "Only managers"),
                                 (OTHER_MANAGER, f"history <@{ANNA}>", "not an SDR in a team"),
                                 (MANAGER, "history", "Name the SDR")):
        answer = await harness.command(user, "/kpi", text)
        assert answer is not None and expected in text_of(answer["blocks"])


async def test_the_audit_export_writes_every_event(harness: Harness, tmp_path: Path) -> None:
    _org(harness)
    await harness.command(ANNA, "/kpi", "log 3 meetings")
    import_file(harness.deps.store, write_csv(tmp_path / "crm.csv",
                                              ["2026-11-20,U0BEA,emails,4,,,,,e1"]))
    out = io.StringIO()
    count = harness.deps.store.run_sync(write_audit_csv, out=out, since=None, user_id=None)
    rows = out.getvalue().splitlines()
    assert count == 2 and rows[0] == "at,actor,action,subject,detail"
    assert ",kpibot-cli,activity.import,file:crm.csv," in rows[1]
    assert f",{ANNA},activity.log,entry:" in rows[2]
