"""`python -m bench.server`: HTTP mode as `kpibot run` serves it, in a process of its own.

Built the way bot.runner builds it (open_store, build_app, build_web_app, serve), except that
the clock is the benchmark's and the port is any free one. Prints `listening <port>` when ready
and serves until its standard input closes, so it never outlives the benchmark.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import sys
from collections.abc import Sequence

from bench.bare import build_bare_app
from bench.dataset import NOW
from bot.app import build_app
from bot.bootstrap import open_store
from bot.config import Settings
from bot.deps import Deps
from bot.http_server import build_web_app, serve
from bot.slack_client import make_client
from storage.db import Store

BOT_TOKEN = "xoxb-bench-token"


async def main(args: argparse.Namespace) -> None:
    settings = Settings(
        _env_file=None, database_url=args.database, kpi_timezone="UTC", slack_mode="http",
        slack_bot_token=BOT_TOKEN, slack_signing_secret=args.signing_secret,
        slack_api_url=args.slack_api_url)
    client = make_client(BOT_TOKEN, settings.slack_api_url)
    deps: Deps | None = None
    if args.app == "ours":
        store = await asyncio.to_thread(open_store, settings)
        deps = Deps(settings, store, now=lambda: NOW)
        app = build_app(deps, client=client, signing_secret=args.signing_secret)
    else:
        store = Store.from_url("sqlite://")  # only /healthz would touch it
        app = build_bare_app(client=client, signing_secret=args.signing_secret)
    runner = await serve(build_web_app(app, store), host="127.0.0.1", port=0)
    port = runner.addresses[0][1]
    print(f"listening {port}", flush=True)
    try:
        await asyncio.to_thread(sys.stdin.read)
        print(f"scorecard cache: {deps.scorecards.hits} hits, {deps.scorecards.misses} misses"
              if deps is not None else "", flush=True)
    finally:
        await runner.cleanup()
        store.dispose()


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.server")
    parser.add_argument("--app", choices=("ours", "bare"), default="ours")
    parser.add_argument("--database", default="sqlite://")
    parser.add_argument("--slack-api-url", required=True)
    parser.add_argument("--signing-secret", required=True)
    return parser.parse_args(argv)


def run(args: argparse.Namespace) -> None:
    """With BENCH_SERVER_PROFILE=<file>, the whole serving run under cProfile, its stats
    written to that file as the server stops (bench/PROFILE-http.md tells how to read it)."""
    target = os.environ.get("BENCH_SERVER_PROFILE")
    if not target:
        asyncio.run(main(args))
        return
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        asyncio.run(main(args))
    finally:
        profiler.disable()
        profiler.dump_stats(target)


if __name__ == "__main__":
    run(parse())
