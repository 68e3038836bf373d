"""Teams with SDRs, targets and a fortnight of activity, for the scheduled-post tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from sqlmodel import Session, select

from bot.deps import Deps
from bot.services.pacing import PostPacer
from bot.services.posting import Posting
from bot.slack_client import make_client
from storage.db import Store
from storage.models import Activity, Member, Person, Target, Team
from tests.posts.virtual_time import VirtualTime

WEEK_48 = date(2026, 11, 23)  # Monday of 2026-W48, the week the Monday post reports
WEEK_47 = WEEK_48 - timedelta(days=7)
# Monday 30 November 2026, 09:00 in Oslo: the default team's scorecard slot.
POST_TIME = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
TOKEN = "xoxb-test-posts"
WEEKLY_TARGETS = {"calls": 100.0, "meetings_booked": 5.0, "leads": 10.0}


@dataclass(frozen=True)
class SeededTeam:
    team_id: int
    name: str
    channel: str | None
    sdrs: tuple[str, ...]
    managers: tuple[str, ...]


def calls_in_week_48(index: int) -> float:
    """SDR number `index` logs this many calls in W48 (five days of 10 + 2 * index)."""
    return 5 * (10 + 2 * index)


def add_team(store: Store, *, name: str, channel: str | None, sdrs: int, prefix: str,
             timezone: str = "Europe/Oslo", managers: int = 1, default: bool = False,
             targets: bool = True, locale: str | None = None, workdays: str = "0,1,2,3,4",
             nudge_schedule: str = "2@14:00,4@10:00") -> SeededTeam:
    def setup(session: Session) -> SeededTeam:
        if default:
            team = session.exec(select(Team).where(Team.is_default)).one()
        else:
            team = Team(name=name)
        team.channel_id, team.timezone = channel, timezone
        team.workdays, team.nudge_schedule = workdays, nudge_schedule
        session.add(team)
        session.flush()
        assert team.id is not None
        sdr_ids = tuple(f"U0{prefix}{i:02d}" for i in range(sdrs))
        manager_ids = tuple(f"U0{prefix}MGR{i}" for i in range(managers))
        for user_id in (*sdr_ids, *manager_ids):
            if session.get(Person, user_id) is None:
                session.add(Person(user_id=user_id, name=f"Rep {user_id[2:]}", locale=locale))
        session.flush()
        for user_id in sdr_ids:
            session.add(Member(team_id=team.id, user_id=user_id, role="sdr"))
        for user_id in manager_ids:
            session.add(Member(team_id=team.id, user_id=user_id, role="manager"))
        if targets:
            for metric, value in WEEKLY_TARGETS.items():
                session.add(Target(team_id=team.id, metric=metric, kind="week", value=value,
                                   effective_from=date(2026, 1, 5), set_by=manager_ids[0]
                                   if manager_ids else "U0ADMIN"))
        rows = []
        for index, user_id in enumerate(sdr_ids):
            for offset in range(5):  # Monday to Friday of both weeks
                for monday, calls in ((WEEK_48, 10 + 2 * index), (WEEK_47, 12 + index)):
                    rows.append(_row(user_id, monday + timedelta(days=offset), "calls", calls))
            rows.append(_row(user_id, WEEK_48 + timedelta(days=2), "meetings_booked", index % 6))
            rows.append(_row(user_id, WEEK_48 + timedelta(days=1), "leads", 8 + index % 5))
            rows.append(_row(user_id, WEEK_48 + timedelta(days=1), "qualified_leads", 4))
            rows.append(_row(user_id, WEEK_48 + timedelta(days=3), "opportunities", 1))
            rows.append(_row(user_id, WEEK_48 + timedelta(days=3), "pipeline", 10000 + 500 * index))
            rows.append(_row(user_id, WEEK_47 + timedelta(days=2), "meetings_booked", 2))
        session.add_all(rows)
        session.commit()
        return SeededTeam(team.id, team.name, channel, sdr_ids, manager_ids)

    return store.run_sync(setup)


def _row(user_id: str, day: date, metric: str, quantity: float) -> Activity:
    return Activity(entry_id=f"{user_id}-{day}-{metric}", user_id=user_id, day=day,
                    metric=metric, quantity=quantity, origin="demo", created_by=user_id)


def log(store: Store, user_id: str, day: date, **quantities: float) -> None:
    def write(session: Session) -> None:
        session.add_all([_row(user_id, day, metric, q) for metric, q in quantities.items()])
        session.commit()

    store.run_sync(write)


def make_posting(store: Store, api_url: str, settings: Any, now: Any,
                 claimed_by: str = "test-host:1") -> Posting:
    """A process's posting, its pacer on virtual time: the one-second pause between two
    messages into a channel (and a 429's hold) is kept, in no real time (test_pacing.py
    checks the pace itself)."""
    time_ = VirtualTime()
    return Posting(Deps(settings, store, now=now), make_client(TOKEN, api_url),
                   claimed_by=claimed_by, pacer=PostPacer(clock=time_, sleep=time_.sleep))


def claims(store: Store) -> list[SimpleNamespace]:
    """Every post claim, as plain values (detached from the session)."""
    from storage.models import PostClaim

    def read(session: Session) -> list[SimpleNamespace]:
        rows = session.exec(select(PostClaim).order_by(PostClaim.id)).all()  # type: ignore[arg-type]
        return [SimpleNamespace(**row.model_dump()) for row in rows]

    return store.run_sync(read)


def set_team(store: Store, team_id: int, **fields: object) -> None:
    def write(session: Session) -> None:
        team = session.get(Team, team_id)
        assert team is not None
        for key, value in fields.items():
            setattr(team, key, value)
        session.add(team)
        session.commit()

    store.run_sync(write)


__all__ = ["POST_TIME", "WEEK_47", "WEEK_48", "SeededTeam", "add_team", "claims", "log",
           "make_posting", "set_team"]
