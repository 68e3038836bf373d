"""`/kpi log`, the log modal, `kpibot import` and the webhook pass one set of rules
(bot/ingest/record.py): what the import refuses, typing it in Slack refuses too, for the same
reason, and nothing is stored."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import bot.ingest.record
from bot.blocks import ids
from bot.console.harness import Harness
from bot.kpi.logparse import LogRequest, ParseError
from bot.kpi.metrics import Metric
from bot.services.activity_log import log_request
from storage.db import Store
from tests.ingest.support import import_file, write_csv
from tests.scenario.support import SDR, activity_count, open_log_modal, text_of, totals

TODAY = date(2026, 11, 27)  # the harness's Friday

# (a CSV row the import refuses, the same activity as a parsed log, what the reason says)
REFUSED = [
    ("2026-11-28,U0SDR1,calls,5,,,,,", LogRequest(date(2026, 11, 28), {Metric.CALLS: 5}),
     "in the future"),
    ("2026-11-20,U0SDR1,calls,200000,,,,,", LogRequest(date(2026, 11, 20),
                                                       {Metric.CALLS: 200_000}),
     "not a day's work"),
    ("2026-11-20,U0SDR1,calls,1,,two words,,,",
     LogRequest(date(2026, 11, 20), {Metric.CALLS: 1}, source="two words"), "one word"),
    ("2026-11-20,U0SDR1,calls,1,,,,%s," % ("n" * 301),
     LogRequest(date(2026, 11, 20), {Metric.CALLS: 1}, note="n" * 301), "longer than"),
]


@pytest.mark.parametrize(("row", "request_", "says"), REFUSED)
def test_what_the_import_refuses_a_log_refuses_for_the_same_reason(
        store: Store, tmp_path: Path, row: str, request_: LogRequest, says: str) -> None:
    report = import_file(store, write_csv(tmp_path / "one.csv", [row]))
    [(_, imported_reason)] = report.errors
    assert says in imported_reason
    with pytest.raises(ParseError) as refused:
        store.run_sync(log_request, user_id=SDR, request=request_, origin="slash",
                       today=TODAY)
    assert refused.value.code == "refused"
    assert str(refused.value.params["reason"]) in imported_reason
    assert activity_count(store) == 0


async def test_kpi_log_and_the_modal_follow_the_imports_rule(
        harness: Harness, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a stricter rule in the one place the rules live: every way in follows it
    monkeypatch.setattr(bot.ingest.record, "MAX_COUNT", 40)
    report = import_file(harness.deps.store,
                         write_csv(tmp_path / "a.csv", ["2026-11-26,U0SDR1,calls,50,,,,,"]))
    [(_, reason)] = report.errors
    assert reason == "calls above 40 is not a day's work"

    answer = await harness.command(SDR, "/kpi", "log 50 calls yesterday")
    assert answer is not None and answer["response_type"] == "ephemeral"
    assert f"Nothing was logged: {reason}." in text_of(answer["blocks"])
    assert activity_count(harness.deps.store) == 0

    view = await open_log_modal(harness)
    answer = await harness.submit(SDR, view, {ids.LOG_DATE_BLOCK: "2026-11-26",
                                              ids.LOG_METRIC_PREFIX + "calls": "50"})
    assert answer == {"response_action": "errors", "errors": {
        ids.LOG_METRIC_PREFIX + "calls": f"Nothing was logged: {reason}."}}
    assert activity_count(harness.deps.store) == 0

    await harness.command(SDR, "/kpi", "log 40 calls")  # within the rule: stored
    assert totals(harness.deps.store) == {"calls": 40}
