"""Every command that opens the database, against one it cannot open: one line naming
DATABASE_URL with the password masked, exit code 2, no traceback (as a process)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.http.test_run_command import _env, _free_port, _kpibot, _secrets

PASSWORD = "Sup3r-s3cret-pw"
COMMANDS = {
    "run": ["run"],
    "db upgrade": ["db", "upgrade"],
    "demo-data": ["demo-data"],
    "nudge": ["nudge"],
    "post-scorecards": ["post-scorecards"],
}


def _unreachable_postgres(tmp_path: Path) -> str:
    return f"postgresql://kpibot:{PASSWORD}@127.0.0.1:{_free_port()}/kpibot"


def _unwritable_sqlite_folder(tmp_path: Path) -> str:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    if os.access(folder, os.W_OK):  # root writes anywhere: a folder under a plain file, then
        blocker = tmp_path / "a-file"
        blocker.write_text("not a folder")
        return f"sqlite:///{blocker / 'data' / 'kpibot.db'}"
    return f"sqlite:///{folder / 'data' / 'kpibot.db'}"


def _not_a_database(tmp_path: Path) -> str:
    path = tmp_path / "notes.db"
    path.write_bytes(b"These are meeting notes, not an SQLite database.\n" * 200)
    return f"sqlite:///{path}"


DATABASES = {
    "unreachable-postgres": _unreachable_postgres,
    "unwritable-sqlite-folder": _unwritable_sqlite_folder,
    "not-a-database": _not_a_database,
}


@pytest.mark.parametrize("database", DATABASES)
@pytest.mark.parametrize("command", COMMANDS)
def test_a_database_that_cannot_be_opened_is_one_line_naming_database_url(
        tmp_path: Path, command: str, database: str) -> None:
    url = DATABASES[database](tmp_path)
    values = _secrets()
    env = _env(tmp_path, **values, SLACK_MODE="http", PORT=str(_free_port()),
               SLACK_API_URL="http://127.0.0.1:9/api/", KPI_ADMIN_IDS="U0ADMIN",
               DATABASE_URL=url)
    done = subprocess.run([*_kpibot(), *COMMANDS[command]], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 2, output
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    assert "DATABASE_URL" in lines[0] and "Traceback" not in output
    assert PASSWORD not in output
    if "postgres" in database:
        assert "kpibot:***@127.0.0.1" in lines[0]
    for name, value in values.items():
        assert value not in output, name

