"""`kpibot import FILE.csv`: every row checked, and the file stored in one transaction.

One streaming pass, so memory stays flat however long the file is: each row is checked and
stored in batches inside the file's one transaction, and every bad row's line and reason is
collected. The transaction commits only when the whole file was good: a file with any bad row
stores nothing (the rest of it is still checked, so every bad row is reported), unless
skip_bad is set: then the good rows are stored and the bad ones go to a reject file.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import itertools
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rich.console import Console
from rich.progress import Progress

from bot.ingest.dates import DateError, DateReader, detect_format
from bot.ingest.mapping import ColumnMapping
from bot.ingest.record import (
    FIELDS,
    ActivityRecord,
    CheckedRow,
    RecordError,
    as_row,
    check_record,
    record_from_fields,
)
from bot.ingest.row_check import compile_checker
from bot.ingest.users import UserDirectory
from bot.kpi.rounding import half_away
from bot.services.activity_ingest import IngestSummary, metric_order, store_rows
from storage.db import Store

SAMPLE_ROWS = 1000  # rows read to detect the date format
CLI_ACTOR = "kpibot-cli"
csv.field_size_limit(1024 * 1024)  # a CRM's long notes; beyond this the file is not a CSV


class ImportError_(Exception):  # ImportError is Python's own
    """The file as a whole cannot be read (missing headers, unknown date format)."""


@dataclass(frozen=True)
class ImportOptions:
    path: Path
    mapping: ColumnMapping
    date_format: str | None = None
    timezone: str | None = None  # of times in the file that carry no offset
    skip_bad: bool = False
    rejects: Path | None = None
    dry_run: bool = False
    actor_id: str = CLI_ACTOR
    progress: bool = False


@dataclass
class ImportReport:
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    rows_read: int = 0
    skipped: int = 0  # rows no count rule matched (notes, tasks)
    rejected: int = 0  # bad rows left out with skip_bad
    summary: IngestSummary | None = None  # None: nothing stored
    sha256: str = ""
    rejects: Path | None = None

    @property
    def ok(self) -> bool:
        return self.summary is not None


class RowReader:
    """A CSV's rows as ActivityRecords, through a mapping, a date reader and the users."""

    def __init__(self, options: ImportOptions, users: UserDirectory, now: datetime) -> None:
        self.options = options
        self.users = users
        self.now = now
        self.dates: DateReader | None = None
        self._readers: dict[str, tuple[DateReader, date]] = {}  # user -> their zone's reader, today

    def prepare(self) -> None:
        mapping = self.options.mapping
        zone_name = self.options.timezone or mapping.timezone or "UTC"
        try:
            zone = ZoneInfo(zone_name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ImportError_(f"{zone_name!r} is not a time zone such as Europe/Oslo") from None
        with self.open() as rows:
            headers = set(rows.fieldnames or ())
            missing = sorted(mapping.required_headers() - headers)
            if missing:
                raise ImportError_(f"line 1: column(s) missing: {', '.join(missing)} "
                                   f"(the {mapping.name} format needs them)")
            fmt = self.options.date_format or mapping.date_format
            if fmt is None:
                header = mapping.columns["date"]
                try:
                    fmt = detect_format(r.get(header) or "" for r in
                                        itertools.islice(rows, SAMPLE_ROWS))
                except DateError as exc:
                    raise ImportError_(str(exc)) from None
        self.dates = DateReader(fmt=fmt, from_zone=zone, to_zone=zone)

    @contextmanager
    def open(self, progress: Progress | None = None, label: str = ""
             ) -> Iterator[csv.DictReader[str]]:
        with open(self.options.path, "rb") as raw:
            binary: IO[bytes] = raw
            if progress is not None:
                size = self.options.path.stat().st_size
                binary = progress.wrap_file(raw, total=size, description=label)
            text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
            yield csv.DictReader(text)

    def records(self, row: dict[str, str]) -> list[ActivityRecord]:
        """The row's records, every one checked; RecordError names the first problem."""
        out = []
        for fields in self.options.mapping.fields_of(row):
            user_id = self.users.user_id((fields.get("user") or "").strip())
            reader, today = self._reader(user_id)
            try:
                day = reader.day(fields.get("date") or "")
            except DateError as exc:
                raise RecordError(str(exc)) from None
            fields["user"] = user_id
            record = record_from_fields(fields, day=day)
            out.append(check_record(record, today=today, max_days_back=None))
        return out

    def compile(self, fieldnames: Sequence[str]) -> Callable[[list[str]], list[CheckedRow]]:
        """The same checks as `records`, compiled for this file's columns: a CSV row (as the
        csv module reads it, of the header's width) to its checked rows; ValueError when it
        is not good, and `records` then names its first problem."""
        mapping = self.options.mapping
        check = compile_checker(user_id=self.users.user_id, reader_of=self._reader,
                                metric_text=_same if mapping.rules else mapping.metric_text)
        width = len(fieldnames)
        if mapping.rules:
            def by_rules(row: list[str]) -> list[CheckedRow]:
                fields = mapping.fields_of(dict(zip(fieldnames, row, strict=True)))
                return [check(tuple(f.get(name) or "" for name in FIELDS))
                        for f in fields]
            return by_rules
        # A field's column (the last of a repeated header, as a dict of the row keeps), or an
        # empty text added at the row's end for a field the file has no column for.
        where = {name: index for index, name in enumerate(fieldnames)}
        indexes = [where.get(mapping.columns[name], width) if name in mapping.columns
                   else width for name in FIELDS]
        pick = itemgetter(*indexes)
        if width not in indexes:
            return lambda row: [check(pick(row))]
        return lambda row: [check(pick([*row, ""]))]

    def _reader(self, user_id: str) -> tuple[DateReader, date]:
        """Dates are read into the user's home team's time zone, where their today is."""
        found = self._readers.get(user_id)
        if found is None:
            assert self.dates is not None
            zone = self.users.zone(user_id)
            found = (DateReader(self.dates.fmt, self.dates.from_zone, zone),
                     self.users.today(user_id, self.now))
            self._readers[user_id] = found
        return found


# A file's rows are short-lived tuples with no reference cycles, but each young-generation pass
# and, every so often, a full pass over every object of the process (SQLAlchemy's and all)
# cost a third of the import's Python time (measured on 200,000 rows). During an import the
# objects already there are set aside (gc.freeze) and young passes run less often; the
# collector still runs, so memory stays flat.
BULK_GC_THRESHOLD = 50_000


@contextmanager
def collector_paused_for_old_objects() -> Iterator[None]:
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(BULK_GC_THRESHOLD, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as raw:
        for chunk in iter(lambda: raw.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def run_import(store: Store, users: UserDirectory, options: ImportOptions,
               *, now: datetime, status: Callable[[str], None] = lambda _line: None
               ) -> ImportReport:
    """Check every row and store the file (or, with skip_bad, its good rows) in one
    transaction; `status` hears when storing begins."""
    reader = RowReader(options, users, now)
    reader.prepare()
    report = ImportReport(sha256=_sha256(options.path))
    detail: dict[str, object] = {"file": options.path.name, "sha256": report.sha256,
                                 "dry_run": options.dry_run}
    with ExitStack() as stack:
        stack.enter_context(collector_paused_for_old_objects())
        progress = None
        if options.progress:
            progress = stack.enter_context(Progress(transient=True, console=Console(stderr=True)))
        status(f"importing {options.path.name}")
        records = _checked_records(reader, report, options, progress, detail)
        summary = store.run_sync(
            store_rows, rows=records, origin="csv", actor_id=options.actor_id,
            action="activity.import", subject=f"file:{options.path.name}", detail=detail,
            dry_run=options.dry_run,
            keep=lambda: options.skip_bad or not report.errors)
    if options.skip_bad or not report.errors:
        report.summary = summary
    return report


def _checked_records(reader: RowReader, report: ImportReport, options: ImportOptions,
                     progress: Progress | None, detail: dict[str, object]
                     ) -> Iterator[CheckedRow]:
    """The good rows' records; bad rows go to report.errors (and the reject file). After the
    first bad row of a file that will not be kept, rows are only checked, no longer stored.

    Rows are read as lists (the csv module's C reader); each goes through the checker compiled
    for the file, and a row it refuses through `RowReader.records`, which names the reason."""
    with ExitStack() as stack:
        rows = stack.enter_context(reader.open(progress, "importing"))
        fieldnames = list(rows.fieldnames or ())
        rejects = None
        if options.skip_bad:
            path = options.rejects or options.path.with_suffix(".rejects.csv")
            report.rejects = path
            out = stack.enter_context(open(path, "w", encoding="utf-8", newline=""))
            rejects = csv.writer(out)
            rejects.writerow(["line", "error", *fieldnames])
        fast = reader.compile(fieldnames)
        width = len(fieldnames)
        lines = rows.reader
        errors = report.errors
        stored_anyway = rejects is not None
        read = 0
        try:
            for row in lines:
                if not row:
                    continue  # a blank line, as csv.DictReader skips it
                read += 1
                checked: list[CheckedRow] | None = None
                if len(row) == width:
                    try:
                        checked = fast(row)
                    except ValueError:
                        checked = None
                if checked is None:
                    checked = _checked_the_general_way(reader, report, rejects, fieldnames, row,
                                                       lines.line_num)
                    if checked is None:
                        continue
                if not checked:
                    report.skipped += 1
                elif stored_anyway or not errors:
                    yield from checked
        finally:
            report.rows_read = read
    detail["rejected"] = report.rejected


def _checked_the_general_way(reader: RowReader, report: ImportReport, rejects: Any,
                             fieldnames: list[str], row: list[str], line: int
                             ) -> list[CheckedRow] | None:
    """A row the compiled checker refused, through RowReader.records: its rows, or None when
    it is bad (its line and reason reported, and written to the reject file if there is one)."""
    as_dict = _as_dict(fieldnames, row)
    try:
        return [as_row(r) for r in reader.records(as_dict)]
    except RecordError as exc:
        report.errors.append((line, str(exc)))
        if rejects is not None:
            report.rejected += 1
            rejects.writerow([line, str(exc), *(as_dict.get(h, "") for h in fieldnames)])
        return None


def _as_dict(fieldnames: list[str], row: list[str]) -> dict[str, str]:
    """The row as csv.DictReader gives it: missing cells None, extra ones under None."""
    out: dict[Any, Any] = dict(zip(fieldnames, row, strict=False))
    if len(row) > len(fieldnames):
        out[None] = row[len(fieldnames):]
    for name in fieldnames[len(row):]:
        out[name] = None
    return out


def _same(text: str) -> str:
    return text


def print_report(report: ImportReport, *, dry_run: bool, out: Callable[[str], None]) -> None:
    for line, reason in report.errors:
        out(f"line {line}: {reason}")
    if report.summary is None:
        out(f"{len(report.errors)} bad row(s) of {report.rows_read}: nothing imported. "
            "Fix them, or import the good rows with --skip-bad.")
        return
    summary = report.summary
    verb = "would import" if dry_run else "imported"
    out(f"{verb} {summary.rows} activit{'y' if summary.rows == 1 else 'ies'} "
        f"from {report.rows_read} row(s); skipped {report.skipped} not counted, "
        f"{report.rejected} bad" + (f" (written to {report.rejects})" if report.rejects else ""))
    for metric, amount in metric_order(summary.per_metric):
        out(f"  {metric:<18} {half_away(amount):,}")
    for user, count in summary.per_user.most_common(20):
        out(f"  {user:<18} {count:,} row(s)")
    if len(summary.per_user) > 20:
        out(f"  ... and {len(summary.per_user) - 20} more users")
    if summary.joined:
        out(f"new users joined the default team: {', '.join(summary.joined)}")


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()
