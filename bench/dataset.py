"""The generated history: 500 SDRs in 50 teams over two years, deterministic from one seed;
or any other `Shape` of it: N times the teams (`--scale N`), or the posting measure's thousand
small teams with five weeks of history.

Rows come out as plain tuples of strings and numbers, in the order the real tables would have
received them (day by day, every SDR each day), so one SDR's rows are spread over the whole
table just as they would be in production rather than clustered together. Dates and
timestamps are text in SQLAlchemy's SQLite format; the PostgreSQL loader adds the UTC offset.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import storage

# Bump whenever the rows below change: cached databases are keyed by it.
GENERATOR_VERSION = 1
SEED = 20261127
TEAMS = 50
SDRS_PER_TEAM = 10
# The benchmark's clock: Friday 27 November 2026, 09:00 UTC; the history ends that morning.
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
TODAY = NOW.date()
TIMEZONES = ("Europe/Oslo", "Europe/London", "America/New_York", "America/Chicago",
             "America/Los_Angeles", "Europe/Berlin", "Asia/Singapore", "Australia/Sydney")
DEFAULT_TEAM_ID = 1  # the environment's default team, which has no members here

ACTIVITY_COLUMNS = ("entry_id", "user_id", "day", "metric", "quantity", "source", "note",
                    "origin", "external_id", "created_by", "created_at", "deleted_at",
                    "deleted_by")
TEAM_COLUMNS = ("id", "name", "is_default", "channel_id", "timezone", "currency", "workdays",
                "scorecard_weekday", "scorecard_time", "nudge_schedule", "stretch_pct",
                "leaderboard_size", "created_at")
PERSON_COLUMNS = ("user_id", "name", "email", "locale", "start_date", "nudges_enabled",
                  "created_at")
MEMBER_COLUMNS = ("team_id", "user_id", "role")
TARGET_COLUMNS = ("team_id", "user_id", "metric", "kind", "value", "effective_from", "set_by",
                  "set_at")
TIMEOFF_COLUMNS = ("user_id", "day")

Row = tuple[object, ...]


def fingerprint() -> str:
    """Generator version plus the migrations' text: a changed index means a new database."""
    digest = hashlib.sha256(f"generator {GENERATOR_VERSION}".encode())
    versions = Path(storage.__file__).with_name("migrations") / "versions"
    for path in sorted(versions.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def team_id(index: int) -> int:
    return index + 2  # 1 is the default team


def sdr_id(index: int) -> str:
    return f"USDR{index:05d}"


def manager_id(team_index: int) -> str:
    return f"UMGR{team_index:05d}"


def sdr_ids() -> list[str]:
    return [sdr_id(i) for i in range(TEAMS * SDRS_PER_TEAM)]


@dataclass(frozen=True)
class Shape:
    """How much history: teams, SDRs in each, days back from TODAY. The default is the
    recorded benchmark's; the cached databases are keyed by it."""

    teams: int = TEAMS
    sdrs_per_team: int = SDRS_PER_TEAM
    days: int = 730

    @property
    def key(self) -> str:
        return f"{self.teams}x{self.sdrs_per_team}x{self.days}"

    @property
    def sdrs(self) -> int:
        return self.teams * self.sdrs_per_team

    @property
    def first_day(self) -> date:
        return TODAY - timedelta(days=self.days)

    def describe(self) -> str:
        years = f"{self.days / 365:g} years" if self.days >= 365 else f"{self.days} days"
        return f"{self.sdrs:,} SDRs in {self.teams:,} teams over {years}"


BASE = Shape()


def scaled(factor: int) -> Shape:
    """N times the teams (and SDRs), over the same two years: `python -m bench --scale N`."""
    return Shape(teams=TEAMS * factor)


# The posting measure's data: a thousand teams of four, five weeks back. A weekly post reads
# the week, the week before, targets, the last weeks' activity for the insight and stale
# check: five weeks hold all of it, and keep generating it to seconds.
POSTING = Shape(teams=1000, sdrs_per_team=4, days=35)


def _stamp(day: date, seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{day.isoformat()} {hours:02d}:{rest // 60:02d}:{rest % 60:02d}.000000"


@dataclass
class _Sdr:
    """How one SDR works: their rates decide every day's numbers."""

    user_id: str
    team_index: int
    start: date
    calls: float
    emails: float
    social: float
    connect_rate: float
    booking_rate: float
    show_rate: float
    leads: float
    quality: float
    opp_rate: float
    deal_size: float
    off: frozenset[date]


class History:
    """Every row of the generated history, reproducible from SEED."""

    def __init__(self, shape: Shape = BASE) -> None:
        rng = random.Random(SEED)
        self.shape = shape
        self.first_day = first_day = shape.first_day
        self.sdrs: list[_Sdr] = []
        workdays = [first_day + timedelta(days=n) for n in range((TODAY - first_day).days + 1)]
        workdays = [d for d in workdays if d.weekday() < 5]
        joining = workdays[:-40] or workdays[:1]  # a short history: joined on its first day
        for index in range(shape.sdrs):
            skill = rng.lognormvariate(0, 0.25)
            # One in eight joined during the two years; the rest were there from the start.
            start = first_day if rng.random() < 0.875 else rng.choice(joining)
            self.sdrs.append(_Sdr(
                user_id=sdr_id(index),
                team_index=index // shape.sdrs_per_team,
                start=start,
                calls=22 * skill,
                emails=16 * skill,
                social=6 * rng.uniform(0.6, 1.4),
                connect_rate=rng.uniform(0.08, 0.2),
                booking_rate=rng.uniform(0.08, 0.18) * skill,
                show_rate=rng.uniform(0.65, 0.9),
                leads=rng.uniform(0.3, 0.9),
                quality=rng.uniform(0.3, 0.7),
                opp_rate=rng.uniform(0.2, 0.45),
                deal_size=rng.uniform(8_000, 40_000),
                # holidays and sick days: 20 a year
                off=frozenset(rng.sample(workdays, min(20, len(workdays) // 13))),
            ))
        self._seed = rng.random()

    # --- the small tables ---------------------------------------------------------------

    def teams(self) -> list[Row]:
        created = _stamp(self.first_day - timedelta(days=30), 8 * 3600)
        rows: list[Row] = [(DEFAULT_TEAM_ID, "Default team", True, "C0DEFAULT", "UTC", "USD",
                            "0,1,2,3,4", 0, "09:00", "2@14:00,4@10:00", 10, 5, created)]
        for index in range(self.shape.teams):
            rows.append((team_id(index), f"Team {index + 1:02d}", False, f"C0TEAM{index:04d}",
                         TIMEZONES[index % len(TIMEZONES)], "USD", "0,1,2,3,4", 0, "09:00",
                         "2@14:00,4@10:00", 10, 5, created))
        return rows

    def people(self) -> list[Row]:
        rows: list[Row] = []
        for index, sdr in enumerate(self.sdrs):
            locale = "nb-NO" if index % 7 == 0 else "en-US"
            rows.append((sdr.user_id, f"SDR {index}", f"sdr{index}@example.com", locale,
                         sdr.start.isoformat(), True, _stamp(sdr.start, 8 * 3600)))
        for team_index in range(self.shape.teams):
            rows.append((manager_id(team_index), f"Manager {team_index}",
                         f"manager{team_index}@example.com", "en-US", None, True,
                         _stamp(self.first_day, 8 * 3600)))
        return rows

    def members(self) -> list[Row]:
        rows: list[Row] = [(team_id(s.team_index), s.user_id, "sdr") for s in self.sdrs]
        rows += [(team_id(t), manager_id(t), "manager") for t in range(self.shape.teams)]
        return rows

    def targets(self) -> list[Row]:
        """Team defaults (raised after a year), quarterly outcome targets, some individual."""
        rng = random.Random(SEED + 1)
        rows: list[Row] = []
        first_day = self.first_day
        second_year = first_day + timedelta(days=365)
        for t in range(self.shape.teams):
            by = manager_id(t)
            for start, lift in ((first_day, 1.0), (second_year, 1.1)):
                set_at = _stamp(start, 7 * 3600)
                for metric, weekly in (("calls", 200), ("conversations", 25), ("emails", 150),
                                       ("meetings_booked", 4), ("qualified_leads", 2)):
                    rows.append((team_id(t), None, metric, "week", round(weekly * lift),
                                 start.isoformat(), by, set_at))
                rows.append((team_id(t), None, "opportunities", "quarter", round(20 * lift),
                             start.isoformat(), by, set_at))
                rows.append((team_id(t), None, "pipeline", "quarter",
                             round(400_000 * lift, -3), start.isoformat(), by, set_at))
        for sdr in self.sdrs:
            if rng.random() < 0.2:
                start = max(sdr.start, first_day + timedelta(
                    days=rng.randrange(0, max(1, min(600, self.shape.days - 40)))))
                for metric, weekly in (("calls", 250), ("meetings_booked", 5)):
                    rows.append((team_id(sdr.team_index), sdr.user_id, metric, "week", weekly,
                                 start.isoformat(), manager_id(sdr.team_index),
                                 _stamp(start, 7 * 3600)))
        return rows

    def time_off(self) -> list[Row]:
        return [(s.user_id, d.isoformat()) for s in self.sdrs for d in sorted(s.off)
                if d >= s.start]

    # --- activity ------------------------------------------------------------------------

    def activity(self, batch_size: int = 50_000) -> Iterator[list[Row]]:
        """Batches of activity rows: each SDR's morning and afternoon log entries, day by day.

        Also a few entries that were undone (soft-deleted) and CSV imports with external ids.
        """
        rng = random.Random(self._seed)
        rand = rng.random
        batch: list[Row] = []
        csv_serial = 0
        day = self.first_day
        while day <= TODAY:
            daystr = day.isoformat()
            weekday = day.weekday() < 5
            for sdr in self.sdrs:
                if day < sdr.start or day in sdr.off:
                    continue
                if not weekday and rand() > 0.03:  # the odd weekend session
                    continue
                # Today's history ends at 09:00 UTC: only the early birds have logged.
                entries = (0,) if day == TODAY else (0, 1)
                if day == TODAY and rand() < 0.5:
                    continue
                for half in entries:
                    calls = int(sdr.calls * (0.5 + rand())) + 1
                    conversations = int(calls * sdr.connect_rate * (0.5 + rand()) + rand())
                    quantities = [("calls", calls), ("emails", int(sdr.emails * (0.5 + rand()))),
                                  ("social", int(sdr.social * (0.5 + rand()))),
                                  ("conversations", conversations)]
                    if half:
                        booked = int(conversations * 2 * sdr.booking_rate + rand())
                        held = int(booked * sdr.show_rate + rand() * 0.8)
                        leads = int(sdr.leads * 1.5 + rand())
                        qualified = int(leads * sdr.quality + rand() * 0.6)
                        opps = int(held * sdr.opp_rate + rand() * 0.6)
                        quantities += [("meetings_booked", booked), ("meetings_held", held),
                                       ("leads", leads), ("qualified_leads", qualified),
                                       ("opportunities", opps),
                                       ("pipeline", round(opps * sdr.deal_size * (0.5 + rand())))]
                    roll = rand()
                    origin = "slash" if roll < 0.7 else "modal" if roll < 0.9 else \
                        "home" if roll < 0.96 else "csv"
                    source = "outreach" if roll > 0.985 else None
                    created = _stamp(day, (10 + 6 * half) * 3600 + int(rand() * 3000))
                    external = None
                    if origin == "csv":
                        csv_serial += 1
                        external = f"crm-{csv_serial}"
                    entry = f"{rng.getrandbits(128):032x}"
                    for metric, quantity in quantities:
                        if quantity > 0:
                            batch.append((entry, sdr.user_id, daystr, metric, float(quantity),
                                          source, None, origin, external, sdr.user_id, created,
                                          None, None))
                    if rand() < 0.004:  # a typo, logged and undone within the minute
                        undone = created[:-9] + "59.000000"
                        batch.append((f"{rng.getrandbits(128):032x}", sdr.user_id, daystr,
                                      "calls", float(calls * 10), None, None, "slash", None,
                                      sdr.user_id, created, undone, sdr.user_id))
                if len(batch) >= batch_size:
                    yield batch
                    batch = []
            day += timedelta(days=1)
        if batch:
            yield batch
