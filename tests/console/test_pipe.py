"""`kpibot console` as a user runs it, with commands piped in."""

from __future__ import annotations

from pathlib import Path

from tests.console.conftest import run_kpibot

BLANK_METRICS = [""] * 8  # conversations .. opportunities left empty


def test_the_pipe_session_from_the_readme(tmp_path: Path) -> None:
    done = run_kpibot(["console", "--as", "U0SDR1"], stdin="/kpi log 5 calls\n/mykpis\n",
                      cwd=tmp_path, database_url=f"sqlite:///{tmp_path / 'pipe.db'}")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "U0SDR1> /kpi log 5 calls" in out and "Logged for today: Calls 5." in out
    assert "U0SDR1> /mykpis" in out and "Your KPIs · Week" in out
    assert "Calls   5" in out[out.index("U0SDR1> /mykpis"):]
    assert done.stderr == ""


def test_a_modal_through_the_pipe_with_a_field_error(tmp_path: Path) -> None:
    answers = ["", "-3", *BLANK_METRICS, "12k", "1", "met at the fair"]
    lines = ["/kpi log", *answers, "40", "/mykpis"]
    done = run_kpibot(["console", "--as", "U0SDR9"], stdin="\n".join(lines) + "\n",
                      cwd=tmp_path, database_url=f"sqlite:///{tmp_path / 'modal.db'}")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Modal: Log activity" in out
    assert "  Calls (optional): -3" in out
    assert "  Lead source (optional, 1-5): 1" in out
    error = out.index("✗ Calls: Cannot be negative.")
    assert "Calls (optional): 40" in out[error:]
    assert "Conversations (optional)" not in out[error:]  # only the field in error again
    confirmation = out[error:out.index("U0SDR9> /mykpis")]
    assert "Calls 40, Pipeline value $12,000" in confirmation
    assert "Source: inbound · Note: met at the fair" in confirmation
    card = out[out.index("U0SDR9> /mykpis"):]
    assert "Calls   40" in card and "Pipeline value   $12,000" in card
