"""/mykpis handled in-process: signed requests dispatched through the real AsyncApp.

Each request is timed from `AsyncApp.async_dispatch` being called with a signed request to the
response coming back (signature check, middleware, listener, ack). Requests run one at a time;
after each, the listener's work that follows the ack (learn_profile) is awaited before the
next request starts, so no request is timed while another one's tail is still running.

The bare app runs in the same process, in alternating blocks with ours, so both see the same
machine at the same moments.
"""

from __future__ import annotations

import asyncio
import cProfile
import io
import json
import pstats
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from slack_bolt.async_app import AsyncApp

from bench.bare import build_bare_app
from bench.dataset import NOW, sdr_ids
from bench.workload import PERIODS, Workload
from bot.config import Settings
from bot.console.harness import LOCAL_BOT_TOKEN, LOCAL_SIGNING_SECRET, Harness
from bot.console.local_slack import LocalSlack
from bot.console.payloads import SlackRequests
from bot.deps import Deps
from bot.kpi.periods import parse_period_choice
from bot.services.scorecard_view import scorecard_message
from bot.slack_client import make_client
from storage.db import Store


@dataclass
class Series:
    """Latencies (ms) of one app, overall and by /mykpis text."""

    name: str
    latencies: list[float] = field(default_factory=list)
    by_period: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def add(self, text: str, ms: float) -> None:
        self.latencies.append(ms)
        self.by_period.setdefault(text or "(none: week)", []).append(ms)


@dataclass
class _Target:
    series: Series
    app: AsyncApp
    requests: SlackRequests
    check: Callable[[int, str], str | None]  # status and body -> a problem, or None


def _check_scorecard(status: int, body: str) -> str | None:
    if status != 200:
        return f"HTTP {status}: {body[:200]}"
    answer = json.loads(body) if body else {}
    if not answer.get("blocks"):
        return f"no blocks: {body[:200]}"
    return None


def _check_empty(status: int, body: str) -> str | None:
    return None if status == 200 and not body else f"HTTP {status}: {body[:200]}"


async def _one(target: _Target, user: str, text: str) -> None:
    body = target.requests.slash_command(user_id=user, command="/mykpis", text=text)
    request = target.requests.bolt_request(body)  # signed now, as Slack would have
    before = asyncio.all_tasks()
    started = time.perf_counter()
    response = await target.app.async_dispatch(request)
    elapsed_ms = (time.perf_counter() - started) * 1000
    problem = target.check(response.status, response.body or "")
    if problem is not None:
        target.series.errors.append(problem)
    target.series.add(text, elapsed_ms)
    # Let the work after the ack finish, so the next request runs alone.
    tail = asyncio.all_tasks() - before
    if tail:
        await asyncio.wait(tail, timeout=1.0)


def settings_for(url: str) -> Settings:
    return Settings(_env_file=None, database_url=url,
                    kpi_timezone="UTC")


@dataclass(frozen=True)
class Database:
    name: str  # "SQLite", "PostgreSQL"
    url: str
    store: Store


async def measure(databases: list[Database], *, count: int, warmup: int, block: int,
                  seed: int = 1) -> list[Series]:
    """`count` timed requests per app after `warmup` untimed ones, in alternating blocks."""
    slack = await LocalSlack().start()
    try:
        targets: list[_Target] = []
        for database in databases:
            deps = Deps(settings_for(database.url), database.store, now=lambda: NOW)
            harness = Harness(deps, slack)
            targets.append(_Target(Series(f"ours, {database.name}"), harness.app, harness.requests,
                                   _check_scorecard))
        bare = build_bare_app(client=make_client(LOCAL_BOT_TOKEN, slack.api_url),
                              signing_secret=LOCAL_SIGNING_SECRET)
        targets.append(_Target(
            Series("bare Bolt app (ack only)"), bare,
            SlackRequests(signing_secret=LOCAL_SIGNING_SECRET,
                          response_url_base=slack.url + "/response"),
            _check_empty))
        workload = Workload(seed)
        for target in targets:
            for _ in range(warmup):
                await _one(target, *workload.next())
            target.series.latencies.clear()
            target.series.by_period.clear()
        done = 0
        while done < count:
            size = min(block, count - done)
            for target in targets:
                for _ in range(size):
                    await _one(target, *workload.next())
            done += size
        slack.clear()
        return [t.series for t in targets]
    finally:
        await slack.stop()


def direct_work(store: Store, *, count: int, name: str = "", seed: int = 2) -> Series:
    """The scorecard's own work (SQL and blocks), called directly: what hides behind the ack
    polling."""
    workload = Workload(seed)
    series = Series(name)
    for _ in range(count):
        user, text = workload.next()
        choice = parse_period_choice(text)
        assert choice is not None
        started = time.perf_counter()
        store.run_sync(scorecard_message, user_id=user, choice=choice, now=NOW)
        series.add(text, (time.perf_counter() - started) * 1000)
    return series


def profile_work(store: Store, *, count: int, top: int = 25) -> str:
    """cProfile of `count` direct scorecard calls: the hot spots, by own time and cumulative."""
    profiler = cProfile.Profile()
    profiler.enable()
    direct_work(store, count=count, seed=3)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def scorecard_cpu(store: Store, *, rounds: int = 1) -> float:
    """CPU (ms) per scorecard computed afresh, as a cache miss computes it: every SDR and
    period word once, in turn, in this thread (SQL, domain and blocks)."""
    users = sdr_ids()
    choices = [choice for word, _ in PERIODS if (choice := parse_period_choice(word))]
    store.run_sync(scorecard_message, user_id=users[0], choice=choices[0], now=NOW)  # warm
    started, count = time.process_time(), 0
    for _ in range(rounds):
        for choice in choices:
            for user in users:
                store.run_sync(scorecard_message, user_id=user, choice=choice, now=NOW)
                count += 1
    return (time.process_time() - started) * 1000 / count


async def request_cpu(database: Database, *, count: int, miss: bool) -> float:
    """CPU (ms) per /mykpis through the real AsyncApp, work after the ack included, once each
    SDR has been seen: `miss`, every SDR and period word in turn (each asked for once: the
    cache never holds it); else the same 5 users and 3 words again and again (the cache
    answers)."""
    slack = await LocalSlack().start()
    try:
        harness = Harness(Deps(settings_for(database.url), database.store, now=lambda: NOW),
                          slack)
        target = _Target(Series(database.name), harness.app, harness.requests,
                         _check_scorecard)
        users = sdr_ids()
        words = [word for word, _ in PERIODS]
        # Untimed first: every user's first request, which learns their profile (a users.info
        # call answered by the LocalSlack in this process, and a write); for hits, the asks.
        for user in users:
            await _one(target, user, words[0])
        asks = [(user, word) for word in words[1:] for user in users] if miss else \
            [(user, word) for user in users[:5] for word in words[:3]]
        for user, word in [] if miss else asks:
            await _one(target, user, word)
        started = time.process_time()
        for index in range(count):
            await _one(target, *asks[index % len(asks)])
        cpu = (time.process_time() - started) * 1000 / count
        if target.series.errors:
            raise RuntimeError(target.series.errors[0])
        return cpu
    finally:
        slack.clear()
        await slack.stop()


async def _cpu_report(databases: list[Database], *, count: int) -> None:
    for database in databases:
        direct = scorecard_cpu(database.store)
        missed = await request_cpu(database, count=count, miss=True)
        hit = await request_cpu(database, count=count, miss=False)
        print(f"{database.name}: a scorecard computed afresh {direct:.2f} ms of CPU; "
              f"/mykpis in process {missed:.2f} ms a miss, {hit:.2f} ms a hit")


def main() -> None:
    """`python -m bench.inprocess [--no-postgres]`: the CPU of a cache miss (issue 14), on the
    benchmark's cached databases."""
    from bench import databases

    dbs = [Database("SQLite", url := databases.build_sqlite().url, Store.from_url(url))]
    if "--no-postgres" not in sys.argv:
        url = databases.build_postgres().url
        dbs.append(Database("PostgreSQL", url, Store.from_url(url)))
    try:
        asyncio.run(_cpu_report(dbs, count=2_000))
    finally:
        for db in dbs:
            db.store.dispose()


if __name__ == "__main__":
    main()
