"""`kpibot import`: the spec's columns, CRM exports through mappings, all-or-nothing files."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from bot.cli import main
from bot.ingest.csv_import import ImportError_
from bot.ingest.mapping import MappingError, load_mapping
from bot.kpi.metrics import Metric
from bot.services.activity_export import write_activity_csv
from storage import activity, people
from storage.db import Store
from tests.ingest.support import audit, import_file, live_rows, totals, write_csv

GOOD_DAY = date(2026, 11, 24)
GOOD = [
    "2026-11-20,U0SDR1,calls,25,,inbound,cold-script,,crm-1",
    "2026-11-20,U0SDR1,opportunities,1,50000,,,big one,crm-2",
    "2026-11-21,U0SDR2,meetings booked,2,,,,,",
    "2026-11-23,U0SDR2,emails,12,,,,,",
]


def test_a_good_file_is_imported_with_its_summary(store: Store, tmp_path: Path) -> None:
    report = import_file(store, write_csv(tmp_path / "a.csv", GOOD))
    assert report.ok and not report.errors
    assert totals(store) == {
        ("U0SDR1", "calls"): 25, ("U0SDR1", "opportunities"): 1,
        ("U0SDR1", "pipeline"): 50000, ("U0SDR2", "meetings_booked"): 2,
        ("U0SDR2", "emails"): 12,
    }
    summary = report.summary
    assert summary is not None
    assert summary.rows == 4 and summary.joined == ["U0SDR1", "U0SDR2"]
    assert summary.per_metric["pipeline"] == 50000 and summary.per_user["U0SDR2"] == 2
    [event] = audit(store, "activity.import")
    detail = json.loads(event.detail)
    assert detail["rows"] == 4 and detail["sha256"] == report.sha256 and detail["file"] == "a.csv"


def test_re_importing_creates_no_duplicates_and_a_changed_row_updates(
        any_store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", GOOD)
    import_file(any_store, path)
    import_file(any_store, path)
    assert live_rows(any_store) == 5  # four rows, the opportunity's value is its pipeline row
    changed = write_csv(tmp_path / "b.csv", [GOOD[0].replace(",25,", ",30,"), *GOOD[1:]])
    import_file(any_store, changed)
    assert live_rows(any_store) == 5
    assert totals(any_store)[("U0SDR1", "calls")] == 30


def test_bad_rows_are_all_reported_with_their_lines_and_nothing_is_imported(
        store: Store, tmp_path: Path) -> None:
    lines = [GOOD[0], "2026-11-20,U0SDR1,calls,-3,,,,,", *GOOD[1:],
             "2026-11-20,U0SDR1,hugs,4,,,,,"]
    path = write_csv(tmp_path / "bad.csv", lines)
    report = import_file(store, path)
    assert not report.ok
    assert [line for line, _ in report.errors] == [3, 7]
    assert "negative" in report.errors[0][1] and "hugs" in report.errors[1][1]
    assert live_rows(store) == 0 and audit(store, "activity.import") == []


def test_every_kind_of_bad_field_is_a_row_error(store: Store, tmp_path: Path) -> None:
    lines = [
        "2026-11-20,,calls,1,,,,,",  # no user
        "2026-11-20,bob,calls,1,,,,,",  # neither ID nor e-mail
        "2026-11-20,U0SDR1,calls,2.5,,,,,",  # not whole
        "2026-11-20,U0SDR1,calls,0,,,,,",  # zero
        "2026-11-20,U0SDR1,calls,200000,,,,,",  # too many
        "2026-11-20,U0SDR1,calls,1,500,,,,",  # value on a count
        "2026-11-20,U0SDR1,calls,1,,two words,,,",  # source
        "2026-12-20,U0SDR1,calls,1,,,,,",  # future
        "2026-02-30,U0SDR1,calls,1,,,,,",  # no such day
        "2026-11-20,U0SDR1,calls,lots,,,,,",  # not a number
        "2026-11-20,u.sdr@example.com,calls,1,,,,,",  # an e-mail without Slack to ask
    ]
    report = import_file(store, write_csv(tmp_path / "bad.csv", lines))
    assert [line for line, _ in report.errors] == list(range(2, 2 + len(lines)))
    assert live_rows(store) == 0


def test_history_older_than_a_year_can_be_imported(store: Store, tmp_path: Path) -> None:
    import_file(store, write_csv(tmp_path / "old.csv", ["2023-01-05,U0SDR1,calls,7,,,,,"]))
    assert totals(store) == {("U0SDR1", "calls"): 7}


def test_skip_bad_imports_the_good_rows_and_writes_the_bad_ones(
        store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "mixed.csv", [GOOD[0], "2026-11-20,U0SDR1,calls,-3,,,,,"])
    report = import_file(store, path, skip_bad=True)
    assert report.ok and report.rejected == 1
    assert totals(store) == {("U0SDR1", "calls"): 25}
    assert report.rejects is not None
    rejects = report.rejects.read_text("utf-8").splitlines()
    assert rejects[0].startswith("line,error,date,user") and rejects[1].startswith("3,")


def test_a_dry_run_counts_and_stores_nothing(store: Store, tmp_path: Path) -> None:
    report = import_file(store, write_csv(tmp_path / "a.csv", GOOD), dry_run=True)
    assert report.summary is not None and report.summary.rows == 4
    assert live_rows(store) == 0 and audit(store, "activity.import") == []


def test_dates_in_the_files_format_and_time_zone(store: Store, tmp_path: Path) -> None:
    # 23:30 in New York on the 20th is the 21st in the team's Oslo
    header = "date,user,metric,quantity"
    path = write_csv(tmp_path / "us.csv", ["11/20/2026 11:30 PM,U0SDR1,calls,3",
                                           "11/13/2026 09:00 AM,U0SDR1,emails,2"], header=header)
    import_file(store, path, timezone="America/New_York")
    from sqlmodel import col, select

    from storage.models import Activity
    days = store.run_sync(lambda s: sorted(s.exec(select(col(Activity.day))).all()))
    assert days == [date(2026, 11, 13), date(2026, 11, 21)]


def test_an_ambiguous_day_month_order_must_be_declared(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "eu.csv", ["03/04/2026,U0SDR1,calls,3"],
                     header="date,user,metric,quantity")
    with pytest.raises(ImportError_, match="date-format"):
        import_file(store, path)
    import_file(store, path, date_format="%d/%m/%Y")
    assert totals(store) == {("U0SDR1", "calls"): 3}


def test_missing_columns_are_named(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "x.csv", ["2026-11-20,U0SDR1"], header="date,user")
    with pytest.raises(ImportError_, match=r"line 1: column.* missing: metric"):
        import_file(store, path)


HUBSPOT = """Activity ID,Activity type,Activity date,Owner email,Call outcome,Source
901,Call,2026-11-20 09:15,ada@example.com,Connected,outbound
902,Call,2026-11-20 09:40,ada@example.com,No answer,outbound
903,Email,2026-11-20 10:00,ada@example.com,,
904,Note,2026-11-20 10:05,ada@example.com,,
905,Meeting,2026-11-23 14:00,bo@example.com,,inbound
"""

SALESFORCE = """Activity ID,Task Subtype,Call Result,Date,Assigned Email,Subject
00T1,Call,Connected,20/11/2026,ada@example.com,Intro call
00T2,Call,Left Voicemail,20/11/2026,ada@example.com,Follow-up
00T3,Email,,21/11/2026,bo@example.com,Proposal
00T4,Task,,21/11/2026,bo@example.com,Admin
00T5,Event,,23/11/2026,bo@example.com,Demo
"""


def _known_people(store: Store) -> None:
    store.run_sync(people.save_profile, user_id="U0ADA", name="Ada", email="ada@example.com",
                   locale="en-US")
    store.run_sync(people.save_profile, user_id="U0BO", name="Bo", email="bo@example.com",
                   locale="nb-NO")


def test_a_hubspot_export_imports_with_the_shipped_mapping(store: Store, tmp_path: Path) -> None:
    _known_people(store)
    path = tmp_path / "hubspot.csv"
    path.write_text(HUBSPOT, encoding="utf-8")
    report = import_file(store, path, mapping="hubspot")
    assert report.ok and report.skipped == 1  # the note counts for nothing
    assert totals(store) == {("U0ADA", "calls"): 2, ("U0ADA", "conversations"): 1,
                             ("U0ADA", "emails"): 1, ("U0BO", "meetings_booked"): 1}
    import_file(store, path, mapping="hubspot")
    assert live_rows(store) == 5


def test_a_salesforce_report_imports_with_the_shipped_mapping(store: Store, tmp_path: Path
                                                              ) -> None:
    _known_people(store)
    path = tmp_path / "sf.csv"
    path.write_text("\ufeff" + SALESFORCE, encoding="utf-8")  # Excel's byte order mark
    report = import_file(store, path, mapping="salesforce")
    assert report.ok and report.skipped == 1
    assert totals(store) == {("U0ADA", "calls"): 2, ("U0ADA", "conversations"): 1,
                             ("U0BO", "emails"): 1, ("U0BO", "meetings_booked"): 1}


def test_a_bad_mapping_file_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text('[columns]\ndate = "D"\n', encoding="utf-8")
    with pytest.raises(MappingError, match="needs date and user"):
        load_mapping(str(path))
    with pytest.raises(MappingError, match="no such mapping"):
        load_mapping(str(tmp_path / "none.toml"))


def test_the_kpibot_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'k.db'}")
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_API_URL"):
        monkeypatch.delenv(name, raising=False)
    bad = write_csv(tmp_path / "bad.csv", [GOOD[0], "2026-11-20,U0SDR1,calls,-3,,,,,"])
    assert main(["import", str(bad)]) == 1
    assert "line 3: quantity '-3' is negative" in capsys.readouterr().out
    good = write_csv(tmp_path / "good.csv", GOOD)
    assert main(["import", str(good)]) == 0
    out = capsys.readouterr().out
    assert "imported 4 activities from 4 row(s)" in out and "U0SDR1, U0SDR2" in out
    assert main(["export", "-o", str(tmp_path / "out.csv")]) == 0
    assert len((tmp_path / "out.csv").read_text("utf-8").splitlines()) == 6


def test_export_then_import_elsewhere_gives_the_same_totals(
        any_store: Store, store: Store, tmp_path: Path) -> None:
    import_file(any_store, write_csv(tmp_path / "a.csv", GOOD))
    for _ in range(2):  # typed twice in Slack: two activities, each with its own export id
        any_store.run_sync(activity.insert_entry, user_id="U0SDR1", day=GOOD_DAY,
                           quantities={Metric.CALLS: 5}, source=None, note=None,
                           origin="slash", actor_id="U0SDR1")
    out = io.StringIO()
    assert any_store.run_sync(write_activity_csv, out=out, user_ids=None, start=None,
                              end=None) == 7
    path = tmp_path / "export.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    import_file(store, path)
    import_file(store, path)
    assert totals(store) == totals(any_store)
    import_file(any_store, path)  # back into the database it came from: nothing twice
    assert live_rows(any_store) == 7
