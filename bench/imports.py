"""`make bench`, CSV import: rows a second into SQLite and PostgreSQL.

Each database is fresh (migrated, the default team only). Two rates per database: the whole
`kpibot import` pipeline on a file (one pass: every row read, mapped, validated and stored in
the file's one transaction), and the storing stage alone (checked records into the
database, as the webhook and the second pass do it).
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg
from psycopg import sql

from bench.databases import postgres_url
from bench.stats import line
from bot.ingest.csv_import import ImportOptions, run_import
from bot.ingest.mapping import SPEC_COLUMNS
from bot.ingest.record import ActivityRecord
from bot.ingest.users import UserDirectory
from bot.kpi.metrics import Metric
from bot.services.activity_ingest import store_records
from storage import people
from storage.db import Store
from storage.migrate import upgrade

BAR_SQLITE = 100_000.0
BAR_POSTGRES = 50_000.0
HEADER = "date,user,metric,quantity,value,source,technique,note,external_id"
_METRICS = (Metric.CALLS, Metric.EMAILS, Metric.CONVERSATIONS, Metric.MEETINGS_BOOKED)
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class ImportRates:
    database: str
    rows: int
    file_rate: float  # rows/s, the whole command
    store_rate: float  # rows/s, storing checked records
    file_cpu_rate: float  # rows per CPU second of this process and, on PostgreSQL, of its
    # server when it runs here (a loaded machine's wall clock says more about the
    store_cpu_rate: float  # neighbours than about the import)
    server_counted: bool  # the PostgreSQL server's CPU is in the CPU rates


class ServerClock:
    """CPU seconds the PostgreSQL server spent for one database, from /proc: the server runs
    on this machine in `make bench`. None where its processes cannot be read."""

    def __init__(self, url: str | None) -> None:
        self._url = url
        self._start = self._times()

    def _times(self) -> dict[int, float] | None:
        if self._url is None:
            return None
        with psycopg.connect(self._url, autocommit=True) as connection:
            pids = [pid for (pid,) in connection.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid()")]
        tick = os.sysconf("SC_CLK_TCK")
        times = {}
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                return None
            times[pid] = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
        return times

    def seconds(self) -> float | None:
        """Since the clock was made, by the backends alive now (a pool keeps them)."""
        end = self._times()
        if self._start is None or end is None:
            return None
        return sum(t - self._start.get(pid, 0.0) for pid, t in end.items())


def write_file(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER + "\n")
        for i in range(rows):
            out.write(f"2026-{1 + i % 10:02d}-{1 + i % 28:02d},U0SDR{i % 500},"
                      f"{_METRICS[i % 4].value},{1 + i % 30},,outbound,,,crm-{i}\n")


def _records(rows: int) -> list[ActivityRecord]:
    return [ActivityRecord(day=date(2026, 1 + i % 10, 1 + i % 28), user=f"U0SDR{i % 500}",
                           metric=_METRICS[i % 4], quantity=float(1 + i % 30),
                           source="outbound", external_id=f"api-{i}") for i in range(rows)]


def _measure(name: str, url: str, path: Path, rows: int, *, server: str | None
             ) -> ImportRates:
    store = Store.from_url(url)
    try:
        upgrade(store.engine)
        store.run_sync(people.ensure_default_team, timezone="UTC", channel_id=None)
        clock = ServerClock(server)
        started, cpu = time.perf_counter(), time.process_time()
        report = run_import(store, UserDirectory(store, None),
                            ImportOptions(path=path, mapping=SPEC_COLUMNS), now=NOW)
        file_s, file_cpu = time.perf_counter() - started, time.process_time() - cpu
        file_server = clock.seconds()
        assert report.summary is not None and report.summary.rows == rows, report.errors[:3]
        records = _records(rows)
        clock = ServerClock(server)
        started, cpu = time.perf_counter(), time.process_time()
        store.run_sync(store_records, records=records, origin="api", actor_id="bench",
                       action="activity.ingest", subject="bench", detail={})
        store_s, store_cpu = time.perf_counter() - started, time.process_time() - cpu
        store_server = clock.seconds()
    finally:
        store.dispose()
    counted = file_server is not None and store_server is not None
    return ImportRates(name, rows, rows / file_s, rows / store_s,
                       rows / (file_cpu + (file_server or 0.0)),
                       rows / (store_cpu + (store_server or 0.0)), counted)


def measure_imports(*, rows: int, postgres: bool) -> list[ImportRates]:
    results = []
    with tempfile.TemporaryDirectory(prefix="kpibot-bench-import-") as folder:
        path = Path(folder) / "activities.csv"
        write_file(path, rows)
        results.append(_measure("SQLite", f"sqlite:///{Path(folder) / 'import.db'}", path, rows,
                                server=None))
        if postgres:
            name = f"kpibot_bench_import_{os.getpid()}"
            with psycopg.connect(postgres_url("postgres"), autocommit=True) as admin:
                admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                try:
                    results.append(_measure("PostgreSQL", postgres_url(name), path, rows,
                                            server=postgres_url(name)))
                finally:
                    admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(name)))
    for result in results:
        server = ", the server's included" if result.server_counted else ""
        print(f"  {result.database}: {result.rows:,} rows; `kpibot import` (check and store) "
              f"{result.file_rate:,.0f} rows/s ({result.file_cpu_rate:,.0f} per CPU second"
              f"{server}); "
              f"storing checked records {result.store_rate:,.0f} rows/s "
              f"({result.store_cpu_rate:,.0f} per CPU second{server})")
    return results


def import_bar_lines(results: list[ImportRates]) -> list[str]:
    bars = {"SQLite": BAR_SQLITE, "PostgreSQL": BAR_POSTGRES}
    out = []
    for result in results:
        bar = bars[result.database]
        out.append(line(f"CSV import into {result.database}, whole command",
                        f"{result.file_rate:,.0f} rows/s", f">= {bar:,.0f} rows/s",
                        result.file_rate >= bar))
        # Issue 11's bar is the whole command's; the storing stage (the webhook's way, run
        # second, into the same database already holding the file's rows) is shown beside it.
        out.append(line(f"  of which storing alone (the webhook's way), {result.database}",
                        f"{result.store_rate:,.0f} rows/s"))
    return out
