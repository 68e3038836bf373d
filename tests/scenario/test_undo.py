"""`/kpi undo` takes back the SDR's own last entry typed in Slack (command, modal, App Home),
never a row that came from an import, the webhook or a sync, and says when nothing is left."""

from __future__ import annotations

from pathlib import Path

from bot.blocks import ids
from bot.console.harness import Harness
from tests.ingest.support import import_file, write_csv
from tests.scenario.support import SDR, open_log_modal, text_of, totals

NOTHING_YET = "You have nothing to undo: no activity logged yet."
NOTHING_LEFT = "Nothing left to undo"


async def _undo(harness: Harness, user: str = SDR) -> str:
    answer = await harness.command(user, "/kpi", "undo")
    assert answer is not None and answer["response_type"] == "ephemeral"
    return text_of(answer["blocks"])


async def test_an_undo_right_after_an_import_takes_back_the_typed_entry(
        harness: Harness, tmp_path: Path) -> None:
    store = harness.deps.store
    await harness.command(SDR, "/kpi", "log 4 calls")
    view = await open_log_modal(harness)
    await harness.submit(SDR, view, {ids.LOG_DATE_BLOCK: "2026-11-26",
                                     ids.LOG_METRIC_PREFIX + "emails": "6"})
    # imported after both: the newest rows of this SDR are the CRM's
    report = import_file(store, write_csv(tmp_path / "crm.csv", [
        "2026-11-25,U0SDR1,meetings booked,2,,,,,crm-1"]))
    assert report.ok
    assert totals(store) == {"calls": 4, "emails": 6, "meetings_booked": 2}

    assert "Emails *6*" in await _undo(harness)  # the modal's entry, the last one typed
    assert totals(store) == {"calls": 4, "meetings_booked": 2}
    assert "Calls *4*" in await _undo(harness)
    assert totals(store) == {"meetings_booked": 2}

    said = await _undo(harness)  # only the imported row is left: it stays
    assert NOTHING_LEFT in said and NOTHING_YET not in said
    assert totals(store) == {"meetings_booked": 2}


async def test_nothing_typed_yet_and_everything_undone_are_told_apart(harness: Harness) -> None:
    assert await _undo(harness) == NOTHING_YET
    await harness.command(SDR, "/kpi", "log 3 calls")
    assert "Calls *3*" in await _undo(harness)
    said = await _undo(harness)
    assert said.startswith(NOTHING_LEFT) and "no activity logged yet" not in said
