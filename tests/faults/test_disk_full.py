"""The SQLite database's disk fills up under `/kpi log`: every log either is stored whole and
confirmed, or is answered "nothing was changed" and leaves no row behind; `/mykpis` keeps
answering with what is stored, and the log says "disk full" in one line.

Two ways to fill it: a real tmpfs of 1 MB holding the database (needs root to mount; skipped,
saying so, where that is not allowed), and SQLite's `PRAGMA max_page_count`, which makes SQLite
answer SQLITE_FULL exactly as a full disk does, anywhere.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlmodel import Session, col, select

from bot.config import Settings
from bot.console.harness import Harness
from bot.console.local_slack import LocalSlack
from bot.deps import Deps
from bot.i18n import Translator
from storage import people
from storage.db import Store, make_engine
from storage.models import Activity
from tests.conftest import Clock
from tests.scenario.support import SDR, text_of

NOT_STORED = Translator().t("error.internal")
NOTE = "follow up " * 28  # 280 characters: each log fills the disk a little faster
MOST_LOGS = 2000  # a bound for a broken test only: the disk is full long before


def _statvfs_free(path: Path) -> int:
    stats = os.statvfs(path)
    return stats.f_bavail * stats.f_frsize


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs, unmounted afterwards."""
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    if os.geteuid() != 0 or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
            capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root): the max_page_count test "
                    "fills the database instead")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _sqlite_on(path: Path, template: Path, *, max_pages_above: int | None = None) -> Store:
    shutil.copy(template, path)
    engine = make_engine(f"sqlite:///{path}")
    if max_pages_above is not None:
        with engine.connect() as connection:
            pages = int(connection.exec_driver_sql("PRAGMA page_count").scalar_one())
        engine.dispose()

        @event.listens_for(engine, "connect")
        def _limit(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute(f"PRAGMA max_page_count={pages + max_pages_above}")
    store = Store(engine)
    store.run_sync(people.ensure_default_team, timezone="Europe/Oslo", channel_id="C0TEAM")
    return store


def _entries(session: Session) -> dict[str, set[str]]:
    """The metrics of each stored log command, by entry."""
    rows = session.exec(select(Activity).where(Activity.user_id == SDR,
                                               col(Activity.deleted_at).is_(None))).all()
    entries: dict[str, set[str]] = {}
    for row in rows:
        entries.setdefault(str(row.entry_id), set()).add(row.metric)
    return entries


async def _log_until_full(harness: Harness) -> int:
    """Log until the disk refuses; how many logs were confirmed."""
    for confirmed in range(MOST_LOGS):
        answer = await harness.command(SDR, "/kpi", f"log 5 calls 2 meetings note: {NOTE}")
        shown = str((answer or {}).get("text")) + text_of((answer or {}).get("blocks"))
        if NOT_STORED in shown:
            return confirmed
        assert "Calls *5*" in shown, shown
    raise AssertionError(f"{MOST_LOGS} logs and the disk is still not full")


async def _check_full_disk(harness: Harness, caplog: pytest.LogCaptureFixture) -> int:
    store = harness.deps.store
    await harness.command(SDR, "/kpi", "log 1 calls")  # the SDR exists before the disk fills
    first = 1
    confirmed = await _log_until_full(harness)
    # What was confirmed is stored, whole (both metrics of every entry); the refused log
    # left nothing, not even one of its two rows.
    entries = store.run_sync(_entries)
    assert len(entries) == first + confirmed
    assert sum(m == {"calls", "meetings_booked"} for m in entries.values()) == confirmed
    # Reads still answer, with exactly what is stored.
    card = await harness.command(SDR, "/mykpis")
    assert card is not None
    assert f"*Calls*   *{1 + 5 * confirmed}*" in text_of(card["blocks"])
    # Still full: the same log is still refused, and still nothing stored.
    answer = await harness.command(SDR, "/kpi", f"log 5 calls 2 meetings note: {NOTE}")
    assert answer is not None and NOT_STORED in str(answer.get("text"))
    assert len(store.run_sync(_entries)) == first + confirmed
    full = [r for r in caplog.records if "disk full" in r.getMessage()]
    assert full and all(r.exc_info is None and r.levelno == logging.ERROR for r in full)
    return confirmed


async def test_a_full_tmpfs(tmpfs: Path, sqlite_template: Path, settings: Settings,
                            slack: LocalSlack, clock: Clock,
                            caplog: pytest.LogCaptureFixture) -> None:
    store = _sqlite_on(tmpfs / "kpibot.db", sqlite_template)
    harness = Harness(Deps(settings, store, now=clock), slack)
    try:
        await harness.command(SDR, "/kpi", "help")
        # leave about 96 KB: a few logs fit in the write-ahead log, then the disk is full
        filler = tmpfs / "filler"
        filler.write_bytes(b"\0" * max(0, _statvfs_free(tmpfs) - 96 * 1024))
        confirmed = await _check_full_disk(harness, caplog)
        # Space again (the operator cleaned up): logging works at once, no restart.
        filler.unlink()
        answer = await harness.command(SDR, "/kpi", "log 4 calls")
        assert answer is not None and "Calls *4*" in text_of(answer.get("blocks"))
        assert len(store.run_sync(_entries)) == 1 + confirmed + 1
    finally:
        store.dispose()


async def test_a_database_at_its_max_page_count(tmp_path: Path, sqlite_template: Path,
                                               settings: Settings, slack: LocalSlack,
                                               clock: Clock,
                                               caplog: pytest.LogCaptureFixture) -> None:
    store = _sqlite_on(tmp_path / "kpibot.db", sqlite_template, max_pages_above=12)
    harness = Harness(Deps(settings, store, now=clock), slack)
    try:
        await _check_full_disk(harness, caplog)
    finally:
        store.dispose()
