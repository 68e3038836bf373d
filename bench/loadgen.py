"""`python -m bench.loadgen`: signed /mykpis requests over HTTP from a process of its own.

A fixed number of connections each send one request at a time, as fast as answers come back,
for a bounded time and a bounded count, after an untimed warm-up. Prints one JSON object:
requests, errors, seconds, req/s and latency percentiles in milliseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import time
from collections.abc import Sequence
from typing import Any

import aiohttp

from bench.stats import median, percentile
from bench.workload import Workload
from bot.console.payloads import SlackRequests


class _Run:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.requests = SlackRequests(signing_secret=args.signing_secret,
                                      response_url_base=args.response_url_base)
        self.workload = Workload(args.seed)
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.sent = 0
        self.total = 0  # warm-up included

    async def worker(self, session: aiohttp.ClientSession, deadline: float, limit: int,
                     record: bool) -> None:
        while time.perf_counter() < deadline and self.sent < limit:
            self.sent += 1
            self.total += 1
            user, text = self.workload.next()
            body = self.requests.slash_command(user_id=user, command="/mykpis", text=text)
            headers = self.requests.headers(body)
            started = time.perf_counter()
            try:
                async with session.post(self.args.url, data=body.encode(),
                                        headers=headers) as response:
                    payload = await response.read()
                    status = response.status
            except aiohttp.ClientError as exc:
                status, payload = 0, repr(exc).encode()
            elapsed = (time.perf_counter() - started) * 1000
            if not record:
                continue
            self.latencies.append(elapsed)
            if status != 200 or (self.args.expect_blocks and b'"blocks"' not in payload):
                self.errors.append(f"HTTP {status}: {payload[:200]!r}")

    async def phase(self, session: aiohttp.ClientSession, seconds: float, limit: int,
                    record: bool) -> float:
        self.sent = 0
        started = time.perf_counter()
        deadline = started + seconds
        await asyncio.gather(*(self.worker(session, deadline, limit, record)
                               for _ in range(self.args.concurrency)))
        return time.perf_counter() - started


async def run(args: argparse.Namespace) -> dict[str, Any]:
    state = _Run(args)
    connector = aiohttp.TCPConnector(limit=args.concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        await state.phase(session, args.warmup_seconds, args.max_requests, record=False)
        seconds = await state.phase(session, args.seconds, args.max_requests, record=True)
    count = len(state.latencies)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "all_requests": state.total,
        "cpu_ms_per_request": (usage.ru_utime + usage.ru_stime) * 1000 / max(state.total, 1),
        "requests": count,
        "errors": len(state.errors),
        "first_error": state.errors[0] if state.errors else None,
        "seconds": seconds,
        "rps": count / seconds if seconds else 0.0,
        "median_ms": median(state.latencies),
        "p99_ms": percentile(state.latencies, 99),
        "max_ms": max(state.latencies, default=0.0),
    }


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.loadgen")
    parser.add_argument("--url", required=True)
    parser.add_argument("--signing-secret", required=True)
    parser.add_argument("--response-url-base", default="http://127.0.0.1:9/response")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--warmup-seconds", type=float, default=2.0)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--expect-blocks", action="store_true")
    return parser.parse_args(argv)


if __name__ == "__main__":
    print(json.dumps(asyncio.run(run(parse()))))
