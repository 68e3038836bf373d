"""The checker compiled once per file passes exactly the rows the one validation passes, with
the same values, and a file's bad rows get the general check's reasons on their own lines."""

from __future__ import annotations

import csv
import gc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from bot.ingest.csv_import import ImportOptions, RowReader, collector_paused_for_old_objects
from bot.ingest.mapping import SPEC_COLUMNS, ColumnMapping, load_mapping, mapping_from_dict
from bot.ingest.record import FIELDS, CheckedRow, RecordError, as_row
from bot.ingest.users import UserDirectory
from storage import people
from storage.db import Store
from storage.models import Member, Person, Team
from tests.ingest.support import HEADER, NOW, import_file, write_csv

LONG = "x" * 301
# date, user, metric, quantity, value, source, technique, note, external_id (, currency)
CASES: list[tuple[str, ...]] = [
    ("2026-11-20", "U0SDR1", "calls", "25", "", "inbound", "cold-script", "", "crm-1"),
    (" 2026-11-20 ", " U0SDR1 ", " Calls ", " 3 ", " ", " Inbound ", " Cold-Script ", " hi ",
     " x "),
    ("2026-11-20", "U0SDR1", "opportunities", "1", "50000", "", "", "big one", "crm-2"),
    ("2026-11-20", "U0SDR1", "opportunities", "1", "40k", "", "", "", ""),
    ("2026-11-21", "U0SDR2", "meetings booked", "", "", "", "", "", ""),
    ("2026-11-21", "U0SDR2", "pipeline", "12500.50", "", "", "", "", ""),
    ("2026-11-21", "ada@example.com", "emails", "4", "", "", "", "", ""),
    ("2026-11-21", "ADA@Example.com", "emails", "4", "", "", "", "", ""),
    ("2026-11-27 23:30+05:00", "U0SDR1", "calls", "1", "", "", "", "", ""),
    # and every way a row can be bad
    ("2026-11-20", "nobody@example.com", "calls", "1", "", "", "", "", ""),
    ("2026-11-20", "not a user", "calls", "1", "", "", "", "", ""),
    ("2026-11-20", "", "calls", "1", "", "", "", "", ""),
    ("2026-11-20", "u0sdr1", "calls", "1", "", "", "", "", ""),
    ("", "U0SDR1", "calls", "1", "", "", "", "", ""),
    ("20/11/2026", "U0SDR1", "calls", "1", "", "", "", "", ""),
    ("2026-02-30", "U0SDR1", "calls", "1", "", "", "", "", ""),
    ("2030-01-01", "U0SDR1", "calls", "1", "", "", "", "", ""),
    ("2026-11-28", "U0SDR1", "calls", "1", "", "", "", "", ""),
    ("2026-11-20", "U0SDR1", "faxes", "1", "", "", "", "", ""),
    ("2026-11-20", "U0SDR1", "", "1", "", "", "", "", ""),
    ("2026-11-20", "U0SDR1", "calls", "0", "", "", "", "", ""),
    ("2026-11-20", "U0SDR1", "calls", "-2", "", "", "", "", ""),
    ("2026-11-20", "U0SDR1", "calls", "2.5", "", "", "", "", ""),
    ("2026-11-20", "U0SDR1", "calls", "lots", "", "", "", "", ""),
    ("2026-11-20", "U0SDR1", "calls", "100001", "", "", "", "", ""),
    ("2026-11-20", "U0SDR1", "calls", "1", "500", "", "", "", ""),
    ("2026-11-20", "U0SDR1", "opportunities", "1", "-5", "", "", "", ""),
    ("2026-11-20", "U0SDR1", "opportunities", "1", "1e99", "", "", "", ""),
    ("2026-11-20", "U0SDR1", "calls", "1", "", "two words", "", "", ""),
    ("2026-11-20", "U0SDR1", "calls", "1", "", "s" * 41, "", "", ""),
    ("2026-11-20", "U0SDR1", "calls", "1", "", "", "t/t", "", ""),
    ("2026-11-20", "U0SDR1", "calls", "1", "", "", "", LONG, ""),
    ("2026-11-20", "U0SDR1", "calls", "1", "", "", "", "", "e" * 129),
]
# and the currency column (issue 9: money keeps its currency): empty above, and here
CASES = [(*case, "") for case in CASES] + [
    ("2026-11-21", "U0SDR2", "pipeline", "900", "", "", "", "", "", " eur "),
    ("2026-11-20", "U0SDR1", "opportunities", "1", "500", "", "", "", "", "NOK"),
    ("2026-11-20", "U0SDR1", "pipeline", "900", "", "", "", "", "", "EURO"),
    ("2026-11-20", "U0SDR1", "pipeline", "900", "", "", "", "", "", "€"),
    ("2026-11-20", "U0SDR1", "calls", "1", "", "", "", "", "", "USD"),
    ("2026-11-20", "U0SDR1", "opportunities", "1", "", "", "", "", "", "USD"),
]


def _reader(store: Store, tmp_path: Path, mapping: ColumnMapping = SPEC_COLUMNS,
            header: str = HEADER) -> RowReader:
    store.run_sync(people.save_profile, user_id="U0ADA", name="Ada", email="ada@example.com",
                   locale="en-US")
    path = write_csv(tmp_path / "header.csv", [], header=header)
    reader = RowReader(ImportOptions(path=path, mapping=mapping, date_format="iso"),
                       UserDirectory(store, None), NOW)
    reader.prepare()
    return reader


def _general(reader: RowReader, header: list[str], row: list[str]) -> list[CheckedRow] | str:
    try:
        return [as_row(r) for r in reader.records(dict(zip(header, row, strict=True)))]
    except RecordError as exc:
        return str(exc)


def _compiled(check: object, row: list[str]) -> list[CheckedRow] | None:
    assert callable(check)
    try:
        return list(check(list(row)))
    except ValueError:
        return None


def test_the_compiled_checker_passes_exactly_what_the_general_check_passes(
        store: Store, tmp_path: Path) -> None:
    reader = _reader(store, tmp_path)
    check = reader.compile(list(FIELDS))
    good = 0
    for case in CASES:
        general = _general(reader, list(FIELDS), list(case))
        compiled = _compiled(check, list(case))
        if isinstance(general, str):
            assert compiled is None, (case, general)
        else:
            assert compiled == general, case
            good += 1
    assert good == 11  # the table's good rows, so both paths were really exercised
    # A second pass answers from the checker's memory: the same answers.
    for case in CASES:
        general = _general(reader, list(FIELDS), list(case))
        assert _compiled(check, list(case)) == (None if isinstance(general, str) else general)


def test_columns_in_another_order_or_missing_read_the_same(store: Store, tmp_path: Path) -> None:
    header = ["note", "user", "date", "metric", "quantity", "external_id", "extra"]
    reader = _reader(store, tmp_path, header=",".join(header))
    check = reader.compile(header)
    rows = [["", "U0SDR1", "2026-11-20", "calls", "3", "crm-9", "ignored"],
            ["hello", "U0SDR1", "2026-11-20", "faxes", "3", "", ""]]
    for row in rows:
        general = _general(reader, header, row)
        compiled = _compiled(check, row)
        assert compiled == (None if isinstance(general, str) else general), row


def test_a_mapping_with_count_rules_and_metric_values_checks_the_same(
        store: Store, tmp_path: Path) -> None:
    hubspot_header = ["Activity ID", "Activity type", "Activity date", "Owner email",
                      "Call outcome", "Source"]
    reader = _reader(store, tmp_path, load_mapping("hubspot"), ",".join(hubspot_header))
    check = reader.compile(hubspot_header)
    for row in (["901", "Call", "2026-11-20 09:15", "ada@example.com", "Connected", "outbound"],
                ["904", "Note", "2026-11-20 10:05", "ada@example.com", "", ""],
                ["905", "Meeting", "2026-11-20 10:05", "bo@example.com", "", ""],
                ["906", "Call", "yesterday", "ada@example.com", "", ""]):
        general = _general(reader, hubspot_header, row)
        assert _compiled(check, row) == (None if isinstance(general, str) else general), row
    valued = mapping_from_dict({"columns": {"date": "Date", "user": "Rep", "metric": "Type"},
                                "metric_values": {"Call": "calls", "Sent": "emails"}},
                               name="valued")
    reader = _reader(store, tmp_path / "..", valued, "Date,Rep,Type")
    check = reader.compile(["Date", "Rep", "Type"])
    for row in (["2026-11-20", "U0SDR1", " call "], ["2026-11-20", "U0SDR1", "SENT"],
                ["2026-11-20", "U0SDR1", "Fax"], ["2026-11-20", "U0SDR1", "calls"]):
        general = _general(reader, ["Date", "Rep", "Type"], row)
        assert _compiled(check, row) == (None if isinstance(general, str) else general), row


def test_a_files_bad_rows_get_the_general_checks_reasons_on_their_lines(
        store: Store, tmp_path: Path) -> None:
    reader = _reader(store, tmp_path)
    expected = []
    lines = []
    line = 1
    for case in CASES:
        lines.append(",".join(f'"{cell}"' for cell in case))
        line += 1
        general = _general(reader, list(FIELDS), list(case))
        if isinstance(general, str):
            expected.append((line, general))
    # A blank line (skipped, but counted in the line numbers), a short row that is good, a
    # short one that is not, and a row with a cell more than the header: the general way.
    lines += ["", "2026-11-20,U0SDR1,calls", "2030-01-01,U0SDR1",
              "2026-11-20,U0SDR1,calls,1,,,,,crm-7,,surplus"]
    expected.append((line + 3, _general_error(reader, "2030-01-01,U0SDR1")))
    path = write_csv(tmp_path / "bad.csv", lines, header=HEADER + ",currency")
    report = import_file(store, path, date_format="iso")
    assert report.summary is None and report.rows_read == len(CASES) + 3
    assert report.errors == expected
    kept = import_file(store, path, date_format="iso", skip_bad=True)
    assert kept.errors == expected
    assert kept.summary is not None and kept.summary.rows == 11 + 2


def _general_error(reader: RowReader, text: str) -> str:
    """The reason for a row shorter than the header, read as csv.DictReader reads it."""
    with (Path(reader.options.path)).open(newline="") as header_file:
        header = next(csv.reader(header_file))
    row = next(csv.reader([text]))
    as_dict: dict[str, str | None] = {name: None for name in header}
    as_dict.update(zip(header, row, strict=False))
    try:
        reader.records(as_dict)  # type: ignore[arg-type]  # None where a cell is missing
    except RecordError as exc:
        return str(exc)
    pytest.fail("the short row passed")


def test_an_import_leaves_the_collector_as_it_found_it(store: Store, tmp_path: Path) -> None:
    before = gc.get_threshold()
    with collector_paused_for_old_objects():
        assert gc.get_freeze_count() > 0 and gc.get_threshold() != before
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
    report = import_file(store, write_csv(tmp_path / "a.csv", [",".join(CASES[0])]))
    assert report.ok
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_the_same_time_is_each_users_own_day_in_their_home_teams_zone(
        store: Store, tmp_path: Path) -> None:
    def tokyo_team(session: Session) -> None:
        team = Team(name="APAC", timezone="Asia/Tokyo")
        session.add(team)
        session.add(Person(user_id="U0TOKYO"))
        session.flush()
        assert team.id is not None
        session.add(Member(team_id=team.id, user_id="U0TOKYO", role="sdr"))
        session.commit()
    store.run_sync(tokyo_team)
    reader = _reader(store, tmp_path)
    check = reader.compile(list(FIELDS))
    rows = [[moment, user, "calls", "1", "", "", "", "", "", ""]
            for moment in ("2026-11-20 20:00", "2026-11-20 20:00+00:00", "2026-11-20T01:00Z")
            for user in ("U0SDR1", "U0TOKYO", "U0SDR1")]
    days = []
    for row in rows:
        general = _general(reader, list(FIELDS), row)
        compiled = _compiled(check, row)
        assert compiled == general, row
        days.append(compiled[0][0])
    # Oslo (the default team's) and Tokyo, 8 hours apart: 20:00 in the file's zone (UTC here)
    # is the 20th in Oslo and the 21st in Tokyo.
    assert [d.day for d in days] == [20, 21, 20, 20, 21, 20, 20, 20, 20]


# A good row of the table with up to two of its fields swapped for another text: mostly a near
# miss for that field, else any text: so a row has one reason to be refused, or none.
NEAR_MISSES: tuple[tuple[str, ...], ...] = (
    ("2026-11-27", " 2026-11-20 ", "2026-11-28", "2026-02-30", "2026-11-20 23:30",
     "2026-11-27T23:30+09:00", "20/11/2026", ""),
    ("U0SDR2", " U0SDR1 ", "ada@example.com", "ADA@Example.COM", "nobody@example.com",
     "u0sdr1", "U0", ""),
    ("emails", " Calls ", "meetings booked", "opportunities", "pipeline", "faxes", ""),
    ("", "1", " 3 ", "0", "-1", "2.5", "1,000", "100000", "100001", "1e3", "40k", "0.5"),
    ("", " ", "500", "40k", "-5", "1e99", "0"),
    ("", "inbound", " Cold-Script ", "two words", "s" * 40, "s" * 41),
    ("", "cold-script", "t/t", "t" * 40, "t" * 41),
    ("", "hi", "x" * 300, LONG),
    ("", "crm-1", "e" * 128, "e" * 129),
    ("", "USD", " eur ", "EURO", "€", "us"),
)
SWAP = st.integers(0, len(FIELDS) - 1).flatmap(
    lambda i: st.tuples(st.just(i), st.sampled_from(NEAR_MISSES[i]) | st.text(max_size=12)))
ROWS = st.tuples(st.sampled_from(CASES[:9]), st.lists(SWAP, max_size=2)).map(
    lambda drawn: tuple(dict(drawn[1]).get(i, text) for i, text in enumerate(drawn[0])))


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=st.lists(ROWS, min_size=1, max_size=8))
def test_any_row_is_passed_by_both_checks_or_by_neither(
        store: Store, tmp_path_factory: pytest.TempPathFactory,
        rows: list[tuple[str, ...]]) -> None:
    reader = _reader(store, tmp_path_factory.mktemp("rows"))
    check = reader.compile(list(FIELDS))
    for row in rows + rows:  # the second time from the checker's memory
        general = _general(reader, list(FIELDS), list(row))
        assert _compiled(check, list(row)) == (None if isinstance(general, str) else general)
