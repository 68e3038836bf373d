"""The KPI domain is pure: its modules import the standard library and each other, nothing
else (no Slack, database, Babel or framework), so it can be read and tested on its own."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

KPI = Path(__file__).resolve().parents[2] / "bot" / "kpi"


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(KPI.glob("*.py")), ids=lambda p: p.name)
def test_kpi_imports_only_the_standard_library_and_itself(path: Path) -> None:
    foreign = {name for name in imported(path)
               if name.split(".")[0] not in sys.stdlib_module_names
               and name != "bot.kpi" and not name.startswith("bot.kpi.")}
    assert not foreign, foreign
