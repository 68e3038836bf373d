"""Database work runs in worker threads: the event loop keeps serving Slack meanwhile."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

from storage.db import Store


async def test_database_work_never_runs_on_the_event_loop(store: Store) -> None:
    loop_thread = threading.get_ident()

    def slow(session: Any) -> int:
        time.sleep(0.3)  # a slow query, as far as the loop can tell
        return threading.get_ident()

    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    task = asyncio.create_task(ticker())
    worker = await store.run(slow)
    task.cancel()
    assert worker != loop_thread
    assert ticks >= 10  # the loop went on ticking while the query ran
