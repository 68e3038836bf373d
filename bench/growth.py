"""`python -m bench --scale N`: the same measures on N times the teams, side by side with 1x.

The scaled history (dataset.scaled(N): 50 N teams of ten over the same two years, about N
times 2.5 million activity rows) is generated once and cached like the base one, keyed by its
shape; 10x takes minutes to generate, so it is kept. Each measure is printed at 1x and Nx with
its growth (Nx / 1x); the spec's bar is on `/mykpis` and memory: at most 1.2x.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import psycopg

from bench import databases
from bench.dataset import scaled
from bench.http import HttpResult, run_http
from bench.inprocess import Database, Series, direct_work, measure
from bench.stats import median, percentile
from bench.weekly import WeeklyResult, measure_weekly
from storage.db import Store

BAR_GROWTH = 1.2  # SPEC.md: cost growth from 2.5 to 25 million rows (/mykpis, memory)


@dataclass
class Measures:
    """What one data size measured; the keys are the databases' names."""

    rows: dict[str, int] = field(default_factory=dict)
    mykpis: dict[str, Series] = field(default_factory=dict)  # in process, ours
    direct: dict[str, Series] = field(default_factory=dict)  # the scorecard's own work
    weekly: dict[str, WeeklyResult] = field(default_factory=dict)
    http: HttpResult | None = None  # ours, SQLite


async def measure_scaled(factor: int, *, postgres: bool, regenerate: bool, requests: int,
                         warmup: int, direct: int, http_seconds: float, max_requests: int,
                         concurrency: int) -> Measures:
    """Generate (or reuse) the Nx history and measure it as the base run measured 1x."""
    shape = scaled(factor)
    found = Measures()
    sqlite_built = databases.build_sqlite(regenerate=regenerate, shape=shape)
    _said("SQLite", sqlite_built)
    dbs = [Database("SQLite", sqlite_built.url, Store.from_url(sqlite_built.url))]
    found.rows["SQLite"] = sqlite_built.rows
    if postgres:
        try:
            pg_built = databases.build_postgres(regenerate=regenerate, shape=shape)
        except psycopg.OperationalError as exc:
            print(f"  PostgreSQL UNREACHABLE ({type(exc).__name__}): not measured at {factor}x")
        else:
            _said("PostgreSQL", pg_built)
            dbs.append(Database("PostgreSQL", pg_built.url, Store.from_url(pg_built.url)))
            found.rows["PostgreSQL"] = pg_built.rows
    try:
        series = await measure(dbs, count=requests, warmup=warmup, block=100)
        for db, ours in zip(dbs, series, strict=False):
            found.mykpis[db.name] = ours
            found.direct[db.name] = direct_work(db.store, count=direct, name=db.name)
            found.weekly[db.name] = measure_weekly(db.store)
    finally:
        for db in dbs:
            db.store.dispose()
    found.http = await run_http(f"ours, SQLite, {factor}x", app="ours", database=sqlite_built.url,
                                seconds=http_seconds, max_requests=max_requests,
                                concurrency=concurrency, warmup_seconds=2.0)
    return found


def _said(name: str, built: databases.Built) -> None:
    how = " (cached)" if built.cached else f" generated in {built.seconds:.0f} s"
    print(f"  {name}: {built.rows:,} activity rows{how}")


def growth_table(base: Measures, big: Measures, factor: int) -> list[str]:
    """Every measure at 1x and Nx, and how much it grew."""
    rows: list[tuple[str, float, float, str]] = []
    for name in big.mykpis:
        if name not in base.mykpis:
            continue
        rows.append((f"activity rows, {name}", base.rows.get(name, 0), big.rows[name], ""))
        one, many = base.mykpis[name].latencies, big.mykpis[name].latencies
        rows.append((f"/mykpis in-process median, {name}", median(one), median(many), "ms"))
        rows.append((f"/mykpis in-process p99, {name}", percentile(one, 99),
                     percentile(many, 99), "ms"))
        one, many = base.direct[name].latencies, big.direct[name].latencies
        rows.append((f"scorecard's own work median, {name}", median(one), median(many), "ms"))
        a, b = base.weekly[name], big.weekly[name]
        rows.append((f"weekly post computed, per team, {name}", 1000 * a.computed_s / a.teams,
                     1000 * b.computed_s / b.teams, "ms"))
    if base.http is not None and big.http is not None:
        rows.append(("HTTP /mykpis, ours, SQLite", base.http.load["rps"], big.http.load["rps"],
                     "req/s"))
        rows.append(("resident memory serving (VmRSS), SQLite", base.http.rss_mb,
                     big.http.rss_mb, "MB"))
    lines = [f"  {'measure':<46} {'1x':>14} {f'{factor}x':>14} {'growth':>8}"]
    for what, one_value, many_value, unit in rows:
        growth = many_value / one_value if one_value else float("nan")
        lines.append(f"  {what:<46} {_value(one_value, unit):>14} "
                     f"{_value(many_value, unit):>14} {growth:>7.2f}x")
    return lines


def _value(value: float, unit: str) -> str:
    if not unit:
        return f"{value:,.0f}"
    return f"{value:,.1f} {unit}" if unit == "ms" else f"{value:,.0f} {unit}"


def growth_bars(base: Measures, big: Measures, factor: int) -> list[tuple[str, float]]:
    """The growths the spec bars (at most 1.2x): /mykpis median per database, and memory."""
    bars = [(f"/mykpis median growth 1x to {factor}x, {name}",
             median(big.mykpis[name].latencies) / median(base.mykpis[name].latencies))
            for name in big.mykpis if name in base.mykpis]
    if base.http is not None and big.http is not None:
        bars.append((f"memory growth 1x to {factor}x (VmRSS, SQLite)",
                     big.http.rss_mb / base.http.rss_mb))
    return bars
