"""The `currency` column (issue 9, item 6): an export writes each money row's currency, so it
re-imports to the same totals in each currency even into a team that counts in another now;
an import may give it (else the SDR's team's currency now), and a bad one is a row error."""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path
from typing import Any

from bot.console.harness import Harness
from bot.kpi.metrics import Metric
from bot.services.activity_export import write_activity_csv
from storage import activity, people
from storage.db import Store
from tests.ingest.support import HEADER, import_file, live_rows, write_csv
from tests.ingest.test_webhook import Client, _post, web

__all__ = ["web"]
WITH_CURRENCY = HEADER + ",currency"
SPAN = (date(2026, 1, 1), date(2027, 1, 1))


def _currency(session: Any, *, code: str) -> None:
    team = people.default_team(session=session)
    assert team is not None
    team.currency = code
    session.add(team)
    session.commit()


def money(store: Store, user_id: str) -> dict[str, float]:
    [found] = store.run_sync(activity.money_parts, parts=[([user_id], SPAN)])
    return found


def test_an_export_re_imports_each_currency_to_the_same_totals(
        any_store: Store, sqlite_template: Path, tmp_path: Path) -> None:
    any_store.run_sync(people.ensure_sdr, user_id="U0SDR1")
    log = activity.insert_entry
    any_store.run_sync(log, user_id="U0SDR1", day=date(2026, 11, 10),
                       quantities={Metric.OPPORTUNITIES: 1, Metric.PIPELINE: 12_000.5},
                       source=None, note=None, origin="slash", actor_id="U0SDR1")
    any_store.run_sync(_currency, code="EUR")  # the team switched; the next row is in euros
    any_store.run_sync(log, user_id="U0SDR1", day=date(2026, 11, 24),
                       quantities={Metric.PIPELINE: 3_000, Metric.CALLS: 5},
                       source=None, note=None, origin="slash", actor_id="U0SDR1")
    assert money(any_store, "U0SDR1") == {"USD": 12_000.5, "EUR": 3_000}

    out = io.StringIO()
    any_store.run_sync(write_activity_csv, out=out, user_ids=None, start=None, end=None)
    lines = out.getvalue().splitlines()
    assert lines[0] == WITH_CURRENCY
    by_metric = {line.split(",")[2] + line.split(",")[0]: line.split(",")[-1]
                 for line in lines[1:]}
    assert by_metric == {"opportunities2026-11-10": "", "pipeline2026-11-10": "USD",
                         "pipeline2026-11-24": "EUR", "calls2026-11-24": ""}

    shutil.copy(sqlite_template, tmp_path / "empty.db")
    empty = Store.from_url(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        empty.run_sync(people.ensure_default_team, timezone="Europe/Oslo", channel_id="C0TEAM")
        empty.run_sync(_currency, code="NOK")  # a team counting in a third currency now
        path = tmp_path / "export.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        for _ in range(2):  # twice: nothing counted twice
            report = import_file(empty, path)
            assert report.ok and not report.errors
            assert money(empty, "U0SDR1") == {"USD": 12_000.5, "EUR": 3_000}
    finally:
        empty.dispose()


def test_an_import_without_the_column_counts_in_the_teams_currency_now(
        store: Store, tmp_path: Path) -> None:
    store.run_sync(_currency, code="NOK")
    path = write_csv(tmp_path / "a.csv", ["2026-11-20,U0SDR1,opportunities,1,50000,,,,crm-2",
                                          "2026-11-20,U0SDR1,pipeline,700,,,,,crm-3"])
    assert import_file(store, path).ok
    assert money(store, "U0SDR1") == {"NOK": 50_700}


def test_an_import_may_name_each_rows_currency(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [
        "2026-11-20,U0SDR1,opportunities,1,50000,,,,crm-2,eur",
        "2026-11-20,U0SDR1,pipeline,700,,,,,crm-3,SEK",
        "2026-11-20,U0SDR1,calls,7,,,,,crm-4,",
    ], header=WITH_CURRENCY)
    assert import_file(store, path).ok
    assert money(store, "U0SDR1") == {"EUR": 50_000, "SEK": 700}


def test_a_bad_currency_is_a_row_error_and_nothing_is_stored(store: Store, tmp_path: Path
                                                             ) -> None:
    path = write_csv(tmp_path / "bad.csv", [
        "2026-11-20,U0SDR1,pipeline,700,,,,,,EURO",  # not a code
        "2026-11-20,U0SDR1,pipeline,700,,,,,,€",  # a symbol, not a code
        "2026-11-20,U0SDR1,calls,7,,,,,,USD",  # a count has no currency
        "2026-11-20,U0SDR1,opportunities,1,900,,,,,USD",  # fine: its value is money
    ], header=WITH_CURRENCY)
    report = import_file(store, path)
    assert not report.ok
    assert [line for line, _ in report.errors] == [2, 3, 4]
    assert "three-letter code" in report.errors[0][1]
    assert "three-letter code" in report.errors[1][1]
    assert "only for money" in report.errors[2][1]
    assert live_rows(store) == 0


async def test_the_webhook_takes_a_currency_and_refuses_a_bad_one(
        web: Client, harness: Harness) -> None:
    deal = {"date": "2026-11-20", "user": "U0SDR1", "metric": "opportunities", "quantity": 1,
            "value": "50k", "external_id": "hs-deal-1", "currency": "GBP"}
    status, answer = await _post(web, [deal, {**deal, "external_id": "hs-deal-2",
                                              "currency": "pounds"}])
    assert status == 400 and [e["index"] for e in answer["errors"]] == [1]
    assert "three-letter code" in answer["errors"][0]["error"]
    assert live_rows(harness.deps.store) == 0
    status, answer = await _post(web, [deal])
    assert status == 200 and answer == {"ok": True, "stored": 1}
    assert money(harness.deps.store, "U0SDR1") == {"GBP": 50_000}
