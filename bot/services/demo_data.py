"""A realistic demo team with weeks of history, for `kpibot demo-data` and `kpibot console --demo`.

Everything comes from one seeded random generator, so the same seed and `today` give the same
numbers. The SDRs differ the way real ones do: a star, steady performers, one who books a lot of
low-quality leads, one who books fewer but better ones, and new hires still ramping up.
Running it again replaces the demo's own rows (activity with origin "demo", targets set by the
demo manager, the demo SDRs' time off) instead of adding to them. A database with real users or
real activity is left alone unless the caller says otherwise: fake SDRs would join the real
default team. Every row goes through storage/demo.py.
"""

from __future__ import annotations

import json
import math
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.kpi.logparse import KNOWN_SOURCES
from bot.kpi.metrics import Metric
from bot.kpi.periods import PeriodKind
from bot.services.teams import team_workdays
from storage import demo
from storage.models import AuditEvent, Target, utcnow
from storage.session import Session

DEMO_ORIGIN = "demo"
DEMO_MANAGER_ID = "U0MGR1"
DEMO_MANAGER_NAME = "Dana Whitfield"
DEMO_SDR_PREFIX = "U0SDR"
DEMO_LOCALE = "en-US"
NORWEGIAN_DEMO_SDR = "U0SDR7"  # Ingrid Nilsen reads Slack in Norwegian
_LOCALES = {NORWEGIAN_DEMO_SDR: "nb-NO"}
DEMO_MARKS = demo.DemoMarks(origin=DEMO_ORIGIN, sdr_prefix=DEMO_SDR_PREFIX,
                            manager_id=DEMO_MANAGER_ID)


class RealDataPresent(Exception):
    """The database holds real users or activity; the demo would mix into them."""

    def __init__(self, found: demo.RealData) -> None:
        super().__init__(f"{found.people} real user(s) and {found.entries} real log row(s)")
        self.found = found

_NAMES = (
    "Maya Patel", "Jonas Berg", "Sofia Alvarez", "Liam O'Connor", "Aisha Rahman",
    "Marcus Johnson", "Ingrid Nilsen", "Noah Kim", "Chloe Dubois", "Ethan Brooks",
    "Priya Sharma", "Lucas Moreau",
)
_FIRST = ("Emma", "Oliver", "Zara", "Mateo", "Hannah", "Kofi", "Elena", "Samuel", "Nora",
          "Daniel", "Leah", "Tomas", "Amara", "Felix", "Yuki", "Ruben")
_LAST = ("Hansen", "Garcia", "Okafor", "Lindqvist", "Nguyen", "Fischer", "Rossi", "Clarke",
         "Mendes", "Novak", "Haddad", "Walsh", "Sato", "Dahl", "Costa", "Reid")

# Where leads come from, and how each source's leads qualify and convert relative to the SDR's
# own rates: referrals qualify best, event badge scans worst.
_SOURCE_MIX = {"outbound": 0.55, "inbound": 0.2, "referral": 0.1, "event": 0.1, "partner": 0.05}
_SOURCE_QUALITY = {"outbound": 0.9, "inbound": 1.1, "referral": 1.35, "event": 0.75,
                   "partner": 1.0}
_SOURCE_CONVERSION = {"outbound": 0.95, "inbound": 1.05, "referral": 1.25, "event": 0.8,
                      "partner": 1.0}
assert set(_SOURCE_MIX) == set(KNOWN_SOURCES)

# Weekly team defaults: about what a steady SDR does, so the demo shows ahead, on track and behind.
TEAM_WEEK_TARGETS: dict[Metric, float] = {
    Metric.CALLS: 275,
    Metric.CONVERSATIONS: 50,
    Metric.MEETINGS_BOOKED: 8,
    Metric.MEETINGS_HELD: 6,
    Metric.QUALIFIED_LEADS: 6,
    Metric.OPPORTUNITIES: 3,
    Metric.PIPELINE: 50_000,
}
_EARLIER_MEETINGS_TARGET = 7  # raised to 8 six weeks ago: history a past scorecard must honour
_NOTES = {"event": "Leads from the trade show booth", "referral": "Customer referral",
          "partner": "Partner-sourced lead"}


@dataclass(frozen=True)
class _Profile:
    """How one SDR works: rates are shares (0.19 = 19 %), volume scales the activity."""

    user_id: str
    name: str
    calls_per_day: float
    volume: float
    connect: float
    booking: float  # meetings booked per conversation
    show: float
    lead_rate: float  # leads per conversation
    quality: float
    conversion: float  # opportunities per lead
    deal_size: float
    start: date
    ramping: bool


# (volume, connect, booking, show, quality, conversion, deal size) per archetype
_ARCHETYPES: tuple[tuple[float, float, float, float, float, float, float], ...] = (
    (1.2, 0.23, 0.17, 0.84, 0.58, 0.33, 22_000),  # the star
    (1.0, 0.19, 0.155, 0.78, 0.50, 0.27, 17_000),  # steady
    (1.25, 0.17, 0.15, 0.70, 0.40, 0.20, 11_000),  # lots of volume, weak quality
    (0.8, 0.21, 0.15, 0.82, 0.60, 0.34, 27_000),  # fewer, better leads
    (1.0, 0.20, 0.155, 0.77, 0.50, 0.26, 16_000),  # steady
    (0.85, 0.15, 0.12, 0.72, 0.45, 0.22, 14_000),  # struggling
)
_RAMPING = (0.9, 0.17, 0.13, 0.74, 0.45, 0.23, 13_000)


def demo_sdr_ids(count: int) -> list[str]:
    return [f"{DEMO_SDR_PREFIX}{n}" for n in range(1, count + 1)]


def demo_name(index: int) -> str:
    """A realistic, stable name for the index-th demo SDR (0-based), distinct for hundreds."""
    if index < len(_NAMES):
        return _NAMES[index]
    n = index - len(_NAMES)
    first = _FIRST[n % len(_FIRST)]
    last = _LAST[(n // len(_FIRST) + n) % len(_LAST)]
    suffix = "" if n < len(_FIRST) * len(_LAST) else f" {n // (len(_FIRST) * len(_LAST)) + 1}"
    return f"{first} {last}{suffix}"


def _email(name: str) -> str:
    local = ".".join(part.lower() for part in name.replace("'", "").split())
    return f"{local}@example.com"


def _jitter(rng: random.Random, value: float, spread: float = 0.08) -> float:
    return value * rng.uniform(1 - spread, 1 + spread)


def _profiles(rng: random.Random, count: int, first_day: date, today: date) -> list[_Profile]:
    span = (today - first_day).days
    # The last one or two SDRs are new hires: one joined about half-way, one a few weeks ago.
    ramping = {count - 2: span // 2, count - 1: span * 3 // 4} if count >= 4 else (
        {count - 1: span // 2} if count >= 3 else {})
    profiles = []
    for index, user_id in enumerate(demo_sdr_ids(count)):
        joined_after = ramping.get(index)
        shape = _RAMPING if joined_after is not None else _ARCHETYPES[index % len(_ARCHETYPES)]
        volume, connect, booking, show, quality, conversion, deal = shape
        start = (first_day + timedelta(days=joined_after) if joined_after is not None
                 else first_day - timedelta(days=rng.randint(60, 900)))
        profiles.append(_Profile(
            user_id=user_id, name=demo_name(index), calls_per_day=rng.uniform(48, 62),
            volume=_jitter(rng, volume, 0.05), connect=_jitter(rng, connect),
            booking=_jitter(rng, booking), show=min(0.95, _jitter(rng, show, 0.05)),
            lead_rate=_jitter(rng, 0.2), quality=_jitter(rng, quality, 0.05),
            conversion=_jitter(rng, conversion, 0.05), deal_size=_jitter(rng, deal, 0.1),
            start=start, ramping=joined_after is not None,
        ))
    return profiles


def _binomial(rng: random.Random, n: int, p: float) -> int:
    p = min(max(p, 0.0), 1.0)
    if n <= 0:
        return 0
    if n < 40:
        return sum(1 for _ in range(n) if rng.random() < p)
    spread = math.sqrt(n * p * (1 - p))  # normal approximation: fast for big volumes
    return min(n, max(0, round(rng.gauss(n * p, spread))))


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _time_off(rng: random.Random, profiles: list[_Profile], workdays: list[date]
              ) -> dict[str, set[date]]:
    """A sick day here and there, and one SDR's week of holiday, on past working days."""
    off: dict[str, set[date]] = {p.user_id: set() for p in profiles}
    past = workdays[:-5] if len(workdays) > 10 else []
    if not past:
        return off
    for profile in profiles:
        if not profile.ramping and rng.random() < 0.5:
            off[profile.user_id].add(rng.choice(past))
    veterans = [p for p in profiles if not p.ramping]
    if veterans and len(past) > 10:
        holiday = rng.choice(veterans)
        first = rng.randrange(0, len(past) - 5)
        off[holiday.user_id].update(past[first:first + 5])
    return off


class _Rows:
    """Activity rows, inserted in large batches: one executemany per batch keeps 8 SDRs x 12
    weeks well under a second, and the batches keep hundreds of SDRs x years in bounded memory.
    """

    BATCH = 20_000

    def __init__(self, session: Session, rng: random.Random, tz: ZoneInfo, now: datetime,
                 currency: str) -> None:
        self.session = session
        self.currency = currency  # the team's: what its money rows are in
        self.rng = rng
        self.tz = tz
        self.now = now
        self.rows: list[dict[str, Any]] = []
        self.count = 0
        self.per_metric: defaultdict[Metric, float] = defaultdict(float)

    def entry(self, user_id: str, day: date, quantities: dict[Metric, float], *,
              source: str | None = None, note: str | None = None) -> None:
        quantities = {m: q for m, q in quantities.items() if q > 0}
        if not quantities:
            return
        entry_id = f"{self.rng.getrandbits(128):032x}"
        logged = datetime.combine(day, time(16, self.rng.randrange(60)), self.tz)
        created_at = min(logged.astimezone(UTC), self.now)  # never after now: undo goes by time
        for metric, quantity in quantities.items():
            self.per_metric[metric] += quantity
            self.rows.append({
                "entry_id": entry_id, "user_id": user_id, "day": day, "metric": metric.value,
                "quantity": float(quantity), "source": source, "note": note,
                "currency": self.currency if metric.is_money else None,
                "origin": DEMO_ORIGIN, "external_id": None, "created_by": user_id,
                "created_at": created_at,
            })
        if len(self.rows) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            demo.insert_activity_rows(self.session, rows=self.rows)
            self.count += len(self.rows)
            self.rows = []


def _happens(rng: random.Random, carry: dict[str, float], key: str, chance: float) -> bool:
    """A chance event with the long-run rate `chance`, but without the long droughts of coin
    flips: the chances add up, and once they pass a random threshold the event happens."""
    carry[key] = carry.get(key, 0.0) + chance
    if carry[key] >= rng.uniform(0.35, 1.0):
        carry[key] -= 1.0
        return True
    return False


def _one_day(rows: _Rows, rng: random.Random, profile: _Profile, day: date, today: date,
             carry: dict[str, float]) -> None:
    ramp = 1.0
    if profile.ramping:
        ramp = min(1.0, 0.55 + 0.45 * (day - profile.start).days / 70)
    factor = min(1.4, max(0.55, rng.gauss(1.0, 0.13)))
    factor *= {0: 1.05, 4: 0.85}.get(day.weekday(), 1.0)  # strong Mondays, short Fridays
    if day == today:
        factor *= 0.5  # the day is still going
    scale = profile.volume * ramp * factor
    calls = max(0, round(profile.calls_per_day * scale))
    conversations = _binomial(rng, calls, profile.connect)
    booked = _binomial(rng, conversations, profile.booking)
    held = _binomial(rng, booked, profile.show)
    rows.entry(profile.user_id, day, {
        Metric.CALLS: calls,
        Metric.CONVERSATIONS: conversations,
        Metric.EMAILS: max(0, round(rng.uniform(28, 45) * scale)),
        Metric.SOCIAL: max(0, round(rng.uniform(8, 18) * scale)),
        Metric.MEETINGS_BOOKED: booked,
        Metric.MEETINGS_HELD: held,
    })
    inbound = 1 if rng.random() < 0.3 * ramp else 0  # a web form lead now and then
    leads = _binomial(rng, conversations, profile.lead_rate) + inbound
    by_source: dict[str, dict[Metric, float]] = {}
    sources, weights = zip(*_SOURCE_MIX.items(), strict=True)
    for _ in range(leads):
        source = rng.choices(sources, weights)[0]
        tally = by_source.setdefault(source, dict.fromkeys(
            (Metric.LEADS, Metric.QUALIFIED_LEADS, Metric.OPPORTUNITIES, Metric.PIPELINE), 0.0))
        tally[Metric.LEADS] += 1
        quality = min(0.95, profile.quality * _SOURCE_QUALITY[source])
        if not _happens(rng, carry, "qualified", quality):
            continue
        tally[Metric.QUALIFIED_LEADS] += 1
        # Opportunities come from qualified leads; the chance keeps opps/leads near `conversion`.
        chance = min(0.95, profile.conversion * _SOURCE_CONVERSION[source] / quality)
        if _happens(rng, carry, "opportunity", chance):
            tally[Metric.OPPORTUNITIES] += 1
            value = min(40_000, max(5_000, rng.lognormvariate(math.log(profile.deal_size), 0.4)))
            tally[Metric.PIPELINE] += round(value / 500) * 500
    for source, tally in sorted(by_source.items()):
        note = _NOTES.get(source) if rng.random() < 0.3 else None
        rows.entry(profile.user_id, day, tally, source=source, note=note)


def _targets(team_id: int, profiles: list[_Profile], first_day: date, today: date,
             currency: str) -> list[Target]:
    def target(metric: Metric, value: float, since: date, user_id: str | None = None) -> Target:
        set_at = datetime.combine(since, time(8), UTC)
        return Target(team_id=team_id, user_id=user_id, metric=metric.value,
                      kind=PeriodKind.WEEK.value, value=value, effective_from=since,
                      currency=currency if metric.is_money else None,
                      set_by=DEMO_MANAGER_ID, set_at=min(set_at, utcnow()))

    raised = today - timedelta(days=today.weekday() + 42)  # a Monday six weeks back
    targets = []
    for metric, value in TEAM_WEEK_TARGETS.items():
        if metric is Metric.MEETINGS_BOOKED and raised > first_day:
            targets += [target(metric, _EARLIER_MEETINGS_TARGET, first_day),
                        target(metric, value, raised)]
        else:
            targets.append(target(metric, value, first_day))
    star = profiles[0]
    targets += [target(Metric.MEETINGS_BOOKED, 10, first_day, star.user_id),
                target(Metric.PIPELINE, 70_000, first_day, star.user_id)]
    # The new hires have the team's targets: their start dates ramp them (50 %, 75 %, 100 %).
    return targets


def _people(profiles: list[_Profile]) -> dict[str, demo.DemoPerson]:
    people = {p.user_id: demo.DemoPerson(name=p.name, email=_email(p.name),
                                         locale=_LOCALES.get(p.user_id, DEMO_LOCALE),
                                         start_date=p.start, role="sdr") for p in profiles}
    people[DEMO_MANAGER_ID] = demo.DemoPerson(
        name=DEMO_MANAGER_NAME, email=_email(DEMO_MANAGER_NAME), locale=DEMO_LOCALE,
        start_date=None, role="manager")
    return people


def create_demo_data(session: Session, *, sdrs: int, weeks: int, today: date,
                     seed: int = 7, beside_real_data: bool = False) -> str:
    """Fill the default team with `sdrs` SDRs, a manager, `weeks` weeks of activity up to and
    including `today`, and targets. Returns a one-line summary.

    RealDataPresent when the database holds anything but an earlier demo, unless
    `beside_real_data` says to add the demo anyway."""
    if sdrs < 1 or weeks < 1:
        raise ValueError("the demo needs at least one SDR and one week")
    found = demo.real_data(session, marks=DEMO_MARKS)
    if not found.empty and not beside_real_data:
        raise RealDataPresent(found)
    team = demo.demo_team(session)
    assert team.id is not None
    rng = random.Random(seed)
    first_day = today - timedelta(days=today.weekday() + 7 * (weeks - 1))  # a Monday
    workdays = team_workdays(team)
    working = [d for d in _days(first_day, today) if d.weekday() in workdays]
    profiles = _profiles(rng, sdrs, first_day, today)
    off = _time_off(rng, profiles, working)

    demo.clear_demo(session, team_id=team.id, marks=DEMO_MARKS)
    demo.save_demo_people(session, team_id=team.id, people=_people(profiles), marks=DEMO_MARKS)
    rows = _Rows(session, rng, ZoneInfo(team.timezone), utcnow(), team.currency)
    for profile in profiles:
        carry: dict[str, float] = {}
        for day in working:
            if day >= profile.start and day not in off[profile.user_id]:
                _one_day(rows, rng, profile, day, today, carry)
    rows.flush()
    demo.save_demo_history(
        session,
        time_off=[(user_id, day) for user_id, days in off.items() for day in sorted(days)],
        targets=_targets(team.id, profiles, first_day, today, team.currency),
        audit=AuditEvent(
            actor_id=DEMO_MANAGER_ID, action="demo.create", subject=f"team:{team.id}",
            detail=json.dumps({"sdrs": sdrs, "weeks": weeks, "seed": seed, "rows": rows.count,
                               "from": first_day.isoformat(), "to": today.isoformat()})))
    totals = rows.per_metric
    return (f"Demo team ready: {sdrs} SDRs ({DEMO_SDR_PREFIX}1..{DEMO_SDR_PREFIX}{sdrs}) and "
            f"manager {DEMO_MANAGER_ID} in {team.name!r}, {weeks} weeks from "
            f"{first_day.isoformat()} to {today.isoformat()}: {rows.count:,} activity rows, "
            f"{int(totals[Metric.CALLS]):,} calls, {int(totals[Metric.MEETINGS_BOOKED]):,} "
            f"meetings booked, {int(totals[Metric.OPPORTUNITIES]):,} opportunities.")
