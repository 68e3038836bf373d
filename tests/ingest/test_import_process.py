"""`kpibot import` as a process: killed with SIGKILL while storing, then run again, the database
holds exactly the file's rows; and a million-row file imports in flat memory."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.db import Store
from tests.ingest.support import HEADER, audit, live_rows, totals

REPO = Path(__file__).resolve().parents[2]
# The child reports its own peak resident set size (kB on Linux) when it is done.
PEAK_RSS = ("import resource, sys\n"
            "from bot.cli import main\n"
            "code = main(sys.argv[1:])\n"
            "print('PEAK_RSS_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
            "sys.exit(code)\n")


def _file(path: Path, rows: int) -> Path:
    metrics = ("calls", "emails", "conversations", "meetings_booked")
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER + "\n")
        for i in range(rows):
            out.write(f"2026-{1 + i % 10:02d}-{1 + i % 28:02d},U0SDR{i % 40},"
                      f"{metrics[i % 4]},{1 + i % 30},,,,,crm-{i}\n")
    return path


def _expected(rows: int) -> dict[tuple[str, str], float]:
    metrics = ("calls", "emails", "conversations", "meetings_booked")
    out: dict[tuple[str, str], float] = {}
    for i in range(rows):
        key = (f"U0SDR{i % 40}", metrics[i % 4])
        out[key] = out.get(key, 0) + 1 + i % 30
    return out


def _env(store: Store) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "KPI_"))}
    env["DATABASE_URL"] = store.engine.url.render_as_string(hide_password=False)
    env["KPI_TIMEZONE"] = "Europe/Oslo"
    env["PYTHONPATH"] = str(REPO)
    return env


def _kpibot(store: Store, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", PEAK_RSS, *args], cwd=REPO,
                            env=_env(store), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _writing(store: Store, path: Path) -> bool:
    """Has the import written rows it has not committed yet?"""
    if store.is_postgres:
        with store.engine.connect() as connection:
            return bool(connection.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()")).scalar())
    # SQLite: another connection cannot start writing while the import's transaction is open
    # (its rows may all still be in the page cache: the write-ahead log alone does not say).
    probe = sqlite3.connect(str(store.engine.url.database), timeout=0)
    try:
        probe.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:  # database is locked
        return True
    else:
        probe.rollback()
        return False
    finally:
        probe.close()


def test_an_import_killed_midway_then_run_again_leaves_exactly_the_files_rows(
        any_store: Store, tmp_path: Path) -> None:
    rows = 60_000
    path = _file(tmp_path / "crm.csv", rows)
    child = _kpibot(any_store, "import", str(path))
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line.startswith("importing crm.csv"), line + child.stderr.read() if child.stderr else ""
    while not _writing(any_store, path):  # storing has begun, and not committed
        assert child.poll() is None, "the import finished before it could be killed"
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.communicate()
    assert child.returncode == -signal.SIGKILL
    assert live_rows(any_store) == 0  # one transaction per file: nothing half-written
    assert audit(any_store, "activity.import") == []

    again = _kpibot(any_store, "import", str(path))
    _out, err = again.communicate()
    assert again.returncode == 0, err
    assert live_rows(any_store) == rows
    assert totals(any_store) == _expected(rows)
    assert len(audit(any_store, "activity.import")) == 1


def _peak_kb(store: Store, path: Path) -> int:
    child = _kpibot(store, "import", str(path))
    out, err = child.communicate()
    assert child.returncode == 0, err
    return int(out.split("PEAK_RSS_KB")[1].split()[0])


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in kB on Linux")
def test_a_million_rows_import_in_flat_memory(store: Store, tmp_path: Path) -> None:
    small = _peak_kb(store, _file(tmp_path / "small.csv", 10_000))
    big = _peak_kb(store, _file(tmp_path / "big.csv", 1_000_000))
    assert live_rows(store) == 1_000_000  # the small file's crm-0..9999 were updated in place
    # A million rows held in memory would take a gigabyte; streamed, the peak barely moves
    # from a ten-thousand-row file's.
    assert big < small + 40_000, (small, big)
