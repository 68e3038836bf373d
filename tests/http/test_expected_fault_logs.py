"""Faults the operator expects (a lock held too long, no free database thread) are logged in
one line by the listeners' failure policy; a bug keeps its traceback. Real locks on SQLite and
PostgreSQL, through the real app behind `kpibot run`'s HTTP server."""

from __future__ import annotations

import logging
from typing import Any

import pytest

import bot.listeners.commands.mykpis
from bot.console.harness import Harness
from storage.db import DatabaseBusy, Store
from tests.http.conftest import Client
from tests.http.test_database_locks import (
    NOT_STORED,
    _command,
    _locks,
    _settled,
    _shown,
    app_on,
    held_lock,
)
from tests.scenario.support import activity_count

__all__ = ["app_on"]
SURFACE = "bot.listeners.surface"


def _failures(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == SURFACE and "failed" in r.getMessage()]


async def test_a_lock_timeout_is_logged_in_one_line(
        app_on: tuple[Harness, Client], caplog: pytest.LogCaptureFixture) -> None:
    harness, web = app_on
    store = harness.deps.store
    for number, kind in enumerate(_locks(store)):
        await _settled(harness)
        caplog.clear()
        with held_lock(store, kind):  # a new SDR: the row lock stops their membership
            answer = await _command(harness, web, f"U0LOCK{number}", "/kpi", "log 5 calls")
        assert NOT_STORED in _shown(answer)
        [line] = _failures(caplog)
        assert line.levelno == logging.WARNING and line.exc_info is None
        assert "lock timeout" in line.getMessage() and "\n" not in line.getMessage()
        assert not any(r.exc_info for r in caplog.records), caplog.text
    assert activity_count(store) == 0


async def test_no_free_database_thread_is_logged_in_one_line(
        app_on: tuple[Harness, Client], caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    harness, web = app_on

    async def busy(*_args: Any, **_kwargs: Any) -> None:
        raise DatabaseBusy("no database thread was free within 0.5 s")
    monkeypatch.setattr(Store, "run", busy)
    answer = await _command(harness, web, "U0BUSY", "/kpi", "log 5 calls")
    assert NOT_STORED in _shown(answer)
    [line] = _failures(caplog)
    assert line.exc_info is None and "no database thread free" in line.getMessage()


async def test_a_bug_keeps_its_traceback(
        app_on: tuple[Harness, Client], caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    harness, web = app_on

    async def broken(*_args: Any, **_kwargs: Any) -> None:
        raise ZeroDivisionError("a bug")
    monkeypatch.setattr(bot.listeners.commands.mykpis, "scorecard_for", broken, raising=False)
    monkeypatch.setattr(Store, "run", broken)
    monkeypatch.setattr(Store, "read", broken)  # the scorecard's, on the event loop
    await _command(harness, web, "U0BUG", "/mykpis", "")
    [line] = _failures(caplog)
    assert line.levelno == logging.ERROR and line.exc_info is not None
