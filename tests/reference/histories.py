"""Random activity histories (Hypothesis), as the reference model's World and loaded into the
real app's store.

A history: four SDRs in two teams, Nordics (Europe/Oslo, with DST) and Tokyo (Asia/Tokyo, far
ahead of UTC, so "today" differs between them), a clock near a week, month, quarter or DST
boundary, activity over the last four months with some entries undone, time off, team default
and individual targets of every kind with a history, start dates (ramp) and sometimes one SDR
moved to the other team; sometimes Nordics switches from dollars to euros (money logged before
keeps its currency, a target measures only its own).

Loading uses the real storage paths where they exist today: `activity.insert_entry` (what
`/kpi log` calls) and `activity.undo_last_entry` (what `/kpi undo` calls). Where no public path
exists yet the rows are written directly, as tests/team/seed.py does:
- teams and their settings (the settings modal needs a whole Slack view),
- targets (the targets modal likewise), time off (there is no `/kpi off` yet),
- start dates, and membership: `Member` holds the memberships in force now and `TeamSpell`
  each SDR's team from a date (SPEC: membership has history), as the settings modal records
  them when an admin moves an SDR.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from hypothesis import strategies as st
from sqlmodel import Session, select

from bot.kpi.metrics import Metric
from storage import activity, models, people
from storage.db import Store
from storage.models import Member, Target, Team, TeamCurrency, TeamSpell, TimeOff
from tests.reference.spec_model import (
    METRIC_KEYS,
    Membership,
    Person,
    Row,
    TargetRow,
    TeamSettings,
    World,
    currency_on,
    membership_on,
    today_in,
)

NORDICS = TeamSettings("Nordics", timezone="Europe/Oslo", currency="USD")
TOKYO = TeamSettings("Tokyo", timezone="Asia/Tokyo", currency="USD")
TEAMS = (NORDICS, TOKYO)
MANAGERS = {"Nordics": "U0MGRN", "Tokyo": "U0MGRT"}
SDRS = {"U0ANN": "Ann", "U0BO": "Bo", "U0CY": "Cy", "U0DI": "Di"}
SINCE = date(2025, 1, 1)  # first membership rows
# Clocks near boundaries: Monday 30 Nov (week; month the next day), Thursday 1 Oct (quarter),
# Sunday 25 Oct (Oslo leaves DST at 01:00 UTC), Wednesday 25 Nov (a nudge day), Friday 1 Jan
# 2027 (year and quarter), Saturday 28 Nov (weekend: the weekly post's week).
ANCHORS = (date(2026, 11, 30), date(2026, 10, 1), date(2026, 10, 25), date(2026, 11, 25),
           date(2027, 1, 1), date(2026, 11, 28), date(2026, 12, 31))
TARGET_METRICS = ("calls", "meetings_booked", "qualified_leads", "opportunities", "pipeline")
TARGET_VALUES = {"calls": (100, 250, 420.5), "meetings_booked": (3, 5, 21.6),
                 "qualified_leads": (4, 7), "opportunities": (1.5, 2, 7),
                 "pipeline": (10_000, 42_500.5)}


@dataclass(frozen=True)
class History:
    world: World
    now: datetime
    names: dict[str, str]  # user id -> display name

    def home_team(self, user: str) -> str:
        """The team an SDR is in now (what the real app knows)."""
        team = self.world.teams["Nordics"]
        m = membership_on(self.world, user, today_in(self.now, team.timezone))
        assert m is not None
        return m.team


@st.composite
def histories(draw: st.DrawFn) -> History:
    anchor = draw(st.sampled_from(ANCHORS))
    now = datetime(anchor.year, anchor.month, anchor.day, tzinfo=UTC) + timedelta(
        hours=draw(st.integers(0, 23)), minutes=draw(st.sampled_from([0, 30])))
    utc_today = now.date()
    teams = {t.name: t for t in TEAMS}
    if draw(st.booleans()):  # Nordics counts in euros from a recent day on
        teams["Nordics"] = replace(NORDICS, changes=(
            (utc_today - timedelta(days=draw(st.integers(0, 10))), "EUR"),))
    world = World(teams=teams)
    for team, manager in MANAGERS.items():
        world.memberships.append(Membership(manager, team, "manager", SINCE))
    users = list(SDRS)
    for user in users:
        world.memberships.append(
            Membership(user, draw(st.sampled_from(["Nordics", "Tokyo"])), "sdr", SINCE))
    if draw(st.integers(0, 3)):  # mostly, one SDR moves to the other team
        mover = draw(st.sampled_from(users))
        first = next(m for m in world.memberships if m.user == mover)
        other = "Tokyo" if first.team == "Nordics" else "Nordics"
        world.memberships.append(Membership(mover, other, "sdr",
                                            utc_today - timedelta(days=draw(st.integers(1, 12)))))
    for user in users:
        start = draw(st.none() | st.integers(0, 200).map(lambda n: utc_today - timedelta(days=n)))
        world.people[user] = Person(user, start)
        world.time_off[user] = set(draw(st.lists(
            st.integers(-100, 20).map(lambda n: utc_today + timedelta(days=n)), max_size=3)))
        for _ in range(draw(st.integers(0, 14))):
            day = utc_today - timedelta(days=draw(st.integers(0, 125)))
            metric = draw(st.sampled_from(METRIC_KEYS))
            quantity = (draw(st.integers(1, 60)) * 500 if metric == "pipeline"
                        else draw(st.integers(1, 40)))
            world.rows.append(Row(user, day, metric, float(quantity),
                                  deleted=draw(st.integers(0, 9)) == 0,
                                  currency=_currency_when(world, user, day)))
    for _ in range(draw(st.integers(0, 7))):
        team = draw(st.sampled_from(["Nordics", "Tokyo"]))
        owner = draw(st.none() | st.sampled_from(users))
        metric = draw(st.sampled_from(TARGET_METRICS))
        since = utc_today - timedelta(days=draw(st.integers(0, 150)))
        world.targets.append(TargetRow(
            team, owner, metric, draw(st.sampled_from(["week", "month", "quarter"])),
            float(draw(st.sampled_from(TARGET_VALUES[metric]))), since,
            currency=currency_on(world.teams[team], since)))
    return History(world, now, dict(SDRS))


def _currency_when(world: World, user: str, day: date) -> str:
    """What money logged on `day` is in: the currency of the SDR's team then (as if logged
    that day)."""
    membership = membership_on(world, user, day) or next(
        m for m in world.memberships if m.user == user)
    return currency_on(world.teams[membership.team], day)


# --- into the real store ------------------------------------------------------------------------


def _teams(session: Session, *, history: History) -> dict[str, int]:
    ids = {}
    default = people.default_team(session=session)
    for settings in TEAMS:
        team = default if settings.name == "Nordics" and default is not None else \
            session.exec(select(Team).where(Team.name == settings.name)).first()
        team = team or Team(name=settings.name)
        settings = history.world.teams[settings.name]
        team.name, team.timezone = settings.name, settings.timezone
        team.currency = currency_on(settings, history.now.date())
        team.workdays = ",".join(str(d) for d in sorted(settings.workdays))
        team.channel_id = "C0" + settings.name.upper()
        team.stretch_pct = round(settings.stretch * 100)
        session.add(team)
        session.commit()
        assert team.id is not None
        ids[settings.name] = team.id
    world = history.world
    for user in {m.user for m in world.memberships}:
        person = world.people.get(user)
        session.add(models.Person(user_id=user, name=history.names.get(user, f"Manager {user}"),
                           locale="en-US", start_date=person.start_date if person else None))
    session.commit()
    for user in sorted({m.user for m in world.memberships}):
        # the membership in force now: the only one the real model can hold
        team_name = history.home_team(user) if user in SDRS else next(
            m.team for m in world.memberships if m.user == user)
        role = "sdr" if user in SDRS else "manager"
        session.add(Member(team_id=ids[team_name], user_id=user, role=role))
    for m in world.memberships:
        if m.role == "sdr":
            session.add(TeamSpell(user_id=m.user, team_id=ids[m.team], since=m.since))
    for name, settings in world.teams.items():  # as the settings modal records a change
        for since, code in ((SINCE, settings.currency), *settings.changes):
            session.add(TeamCurrency(team_id=ids[name], currency=code, since=since))
    for t in world.targets:
        session.add(Target(team_id=ids[t.team], user_id=t.user, metric=t.metric, kind=t.kind,
                           value=t.value, effective_from=t.effective_from,
                           currency=t.currency if t.metric == "pipeline" else None,
                           set_by=MANAGERS[t.team]))
    for user, days in world.time_off.items():
        session.add_all(TimeOff(user_id=user, day=day) for day in days)
    session.commit()
    return ids


def load(store: Store, history: History) -> dict[str, int]:
    """Write `history` into `store`; returns the team ids by name."""
    ids = store.run_sync(_teams, history=history)
    for row in history.world.rows:
        store.run_sync(activity.insert_entry, user_id=row.user, day=row.day,
                       quantities={Metric(row.metric): row.quantity}, source=None, note=None,
                       origin="demo", actor_id=row.user, currency=row.currency)
        if row.deleted:  # `/kpi undo` right away: the newest live entry is this one
            store.run_sync(activity.undo_last_entry, user_id=row.user, actor_id=row.user,
                           now=history.now, origins=["demo"])
    return ids

