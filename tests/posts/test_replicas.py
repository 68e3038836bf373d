"""Two processes on one PostgreSQL, started together, post each scorecard once."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.console.local_slack import LocalSlack
from storage import people
from storage.db import Store
from storage.migrate import upgrade
from tests.posts.seed import TOKEN, add_team, claims

pytestmark = pytest.mark.postgres
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def own_schema(postgres_engine: Engine) -> Iterator[str]:
    """A schema of its own in the test run's database: the subprocesses find it by URL."""
    schema = f"replicas_{os.getpid()}"
    with postgres_engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = postgres_engine.url.update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with postgres_engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


async def test_two_processes_started_together_post_once(own_schema: str, slack: LocalSlack,
                                                        tmp_path: Path) -> None:
    store = Store.from_url(own_schema)
    try:
        upgrade(store.engine)
        store.run_sync(people.ensure_default_team, timezone="Europe/Oslo", channel_id="C0TEAM")
        add_team(store, name="Default team", channel="C0TEAM", sdrs=3, prefix="S",
                 default=True)
        add_team(store, name="Oslo", channel="C0OSLO", sdrs=3, prefix="O")
        env = {**os.environ, "SLACK_BOT_TOKEN": TOKEN, "SLACK_API_URL": slack.api_url,
               "DATABASE_URL": own_schema, "KPI_TIMEZONE": "Europe/Oslo",
               "PYTHONPATH": str(REPO)}
        processes = [
            await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "post-scorecards", "--week", "2026-W48",
                env=env, cwd=tmp_path, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE)
            for _ in range(2)
        ]
        results = await asyncio.wait_for(
            asyncio.gather(*(p.communicate() for p in processes)), timeout=60)
        outputs = [out.decode() for out, _ in results]
        assert [p.returncode for p in processes] == [0, 0], [err.decode() for _, err in results]
        posts = sorted(c.args["channel"] for c in slack.of("chat.postMessage"))
        assert posts == ["C0OSLO", "C0TEAM"]  # each team once, between the two of them
        for team in ("Default team", "Oslo"):
            said = [line for out in outputs for line in out.splitlines()
                    if line.startswith(f"{team} 2026-W48:")]
            assert sorted(s.split(": ", 1)[1].split(" ")[0] for s in said) == [
                "already", "posted"], said
        owners = {c.claimed_by for c in claims(store)}
        assert all(owner.split(":")[1].isdigit() for owner in owners)  # host:pid of a process
    finally:
        store.dispose()
