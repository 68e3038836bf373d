"""HTTP mode on loopback: the server and the load generator, each in a process of its own.

The LocalSlack stand-in (auth.test, users.info) runs in this process. The server's resident
memory is read from /proc/<pid>/status while the load runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.stats import line
from bot.console.local_slack import LocalSlack

ROOT = Path(__file__).resolve().parent.parent
SIGNING_SECRET = "bench-signing-secret"
BARE_LABEL = "bare Bolt app (ack only)"
BAR_SHARE_OF_BARE = 0.40  # issue 14: HTTP req/s as a share of the bare app's, same run


@dataclass(frozen=True)
class HttpResult:
    label: str
    load: dict[str, Any]
    rss_mb: float  # the highest VmRSS seen while serving
    hwm_mb: float  # VmHWM: the peak resident size over the server's life
    server_cpu_ms: float  # the server's user+system CPU per request, warm-up included
    served: str = ""  # what the server said as it stopped (ours: scorecard cache hits, misses)


def _status_mb(pid: int, field: str) -> float:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for row in text.splitlines():
        if row.startswith(field + ":"):
            return int(row.split()[1]) / 1024  # kB
    return 0.0


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (/proc/<pid>/stat fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _sample_rss(pid: int, stop: asyncio.Event) -> float:
    highest = 0.0
    while not stop.is_set():
        highest = max(highest, _status_mb(pid, "VmRSS"))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.2)
    return max(highest, _status_mb(pid, "VmRSS"))


async def run_http(label: str, *, app: str, database: str, seconds: float, max_requests: int,
                   concurrency: int, warmup_seconds: float) -> HttpResult:
    slack = await LocalSlack().start()
    server = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.server", "--app", app, "--database", database,
        "--slack-api-url", slack.api_url, "--signing-secret", SIGNING_SECRET,
        cwd=ROOT, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
    try:
        assert server.stdout is not None
        ready = (await asyncio.wait_for(server.stdout.readline(), 120)).decode()
        if not ready.startswith("listening "):
            raise RuntimeError(f"bench.server did not start ({label}): {ready!r}")
        port = int(ready.split()[1])
        command = [sys.executable, "-m", "bench.loadgen",
                   "--url", f"http://127.0.0.1:{port}/slack/events",
                   "--signing-secret", SIGNING_SECRET,
                   "--response-url-base", slack.url + "/response",
                   "--seconds", str(seconds), "--max-requests", str(max_requests),
                   "--concurrency", str(concurrency), "--warmup-seconds", str(warmup_seconds)]
        if app == "ours":
            command.append("--expect-blocks")
        stop = asyncio.Event()
        sampler = asyncio.create_task(_sample_rss(server.pid, stop))
        cpu_before = _cpu_seconds(server.pid)
        loadgen = await asyncio.create_subprocess_exec(*command, cwd=ROOT,
                                                       stdout=asyncio.subprocess.PIPE)
        out, _ = await loadgen.communicate()
        stop.set()
        rss = await sampler
        hwm = _status_mb(server.pid, "VmHWM")
        cpu = _cpu_seconds(server.pid) - cpu_before
        if loadgen.returncode != 0:
            raise RuntimeError(f"bench.loadgen failed ({label}), exit {loadgen.returncode}")
        load = json.loads(out)
        assert server.stdin is not None
        server.stdin.close()  # the server's signal to stop; it answers with a last line
        served = (await asyncio.wait_for(server.stdout.readline(), 10)).decode().strip()
        return HttpResult(label, load, rss, hwm, cpu * 1000 / max(load["all_requests"], 1),
                          served)
    finally:
        if server.returncode is None:
            assert server.stdin is not None
            server.stdin.close()
            try:
                await asyncio.wait_for(server.wait(), 10)
            except TimeoutError:
                server.kill()
                await server.wait()
        await slack.stop()


def share_lines(http: dict[str, HttpResult]) -> list[str]:
    """Each of our HTTP runs' req/s as a share of the bare app's in the same run."""
    bare = http.get(BARE_LABEL)
    if bare is None:
        return []
    bare_rps = bare.load["rps"]
    rows = []
    for label, result in http.items():
        if label == BARE_LABEL:
            continue
        share = result.load["rps"] / bare_rps if bare_rps else 0.0
        rows.append(line(f"HTTP req/s as a share of the bare app's, {label}",
                         f"{share:.0%} of {bare_rps:.0f} req/s", f">= {BAR_SHARE_OF_BARE:.0%}",
                         share >= BAR_SHARE_OF_BARE))
    return rows
