"""Guards of the layout (STYLE.md): imports point inward, SQL lives in storage/, and the
listener-to-service seam is checked by mypy."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from mypy import api as mypy_api

ROOT = Path(__file__).resolve().parent.parent
SQL_CALLS = re.compile(
    r"\bsession\.(exec|execute|add|add_all|get|delete|commit|flush|rollback|connection)\(")


def test_import_contracts_hold() -> None:
    """The contracts in pyproject.toml [tool.importlinter]: services, listeners and the
    scheduler import no SQL toolkit, listeners and the scheduler no storage, services no Slack
    SDK, Bolt or Block Kit ids."""
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_services_listeners_and_the_scheduler_run_no_sql() -> None:
    files = [p for p in (ROOT / "bot" / "services").glob("*.py")]
    files += list((ROOT / "bot" / "listeners").rglob("*.py"))
    files.append(ROOT / "bot" / "scheduler.py")
    offenders = [f"{p.relative_to(ROOT)}:{n}" for p in files
                 for n, line in enumerate(p.read_text().splitlines(), 1)
                 if SQL_CALLS.search(line)]
    assert offenders == []


PROBE = '''
from __future__ import annotations

from datetime import UTC, date, datetime

from bot.config import Settings
from bot.inputs import TargetsInput
from bot.kpi.periods import PeriodChoice, PeriodKind
from bot.services.access import run_with_access
from bot.services.scorecard_view import scorecard_message
from bot.services.targets import save_targets
from storage.db import Store


async def probe(store: Store, settings: Settings, given: TargetsInput) -> None:
    await store.run(scorecard_message, user_id="U1", choise=PeriodChoice(PeriodKind.WEEK),
                    now=datetime.now(UTC))
    await run_with_access(store, settings, "U1", save_targets, given, noww=datetime.now(UTC))
'''


def test_a_misspelled_keyword_at_a_service_call_fails_mypy(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(PROBE)
    out, err, status = mypy_api.run(["--config-file", str(ROOT / "pyproject.toml"),
                                     "--cache-dir", str(tmp_path / "cache"), str(probe)])
    assert status == 1, out + err
    assert 'Unexpected keyword argument "choise"' in out
    assert 'Unexpected keyword argument "noww"' in out
    assert "Found 2 errors in 1 file" in out  # and nothing else is wrong with the probe
