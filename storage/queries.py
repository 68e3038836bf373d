"""Queries of scheduled posts (claims, teams to post to, their managers), not yet moved.

The rest of storage lives by aggregate: storage/people.py (people, teams, members),
storage/activity.py, storage/targets.py and storage/events.py. The names imported from them
below are only for the modules that still say `queries.X` (weekly posts, nudges, the
scheduler, demo data and their tests) until those move to their own storage module; new code
imports the aggregate's module.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.activity import insert_entry, sum_ranges_by_user
from storage.events import prune_processed_events
from storage.models import Member, PostClaim, Team, TimeOff
from storage.people import (
    default_team,
    ensure_default_team,
    get_person,
    people,
    set_nudges_enabled,
    team_sdr_ids,
)
from storage.targets import team_target_records

__all__ = [
    "all_teams", "claim_post", "days_off_by_user", "default_team", "ensure_default_team",
    "find_team", "get_person", "insert_entry", "mark_posted", "people", "post_claim",
    "prune_processed_events", "release_claim", "set_nudges_enabled", "sum_ranges_by_user",
    "team_manager_ids", "team_sdr_ids", "team_target_records",
]


# --- scheduled posts: claims, teams, managers ------------------------------------------------


def claim_post(
    session: Session,
    *,
    team_id: int,
    kind: str,
    period_key: str,
    claimed_by: str,
    now: datetime,
    stale_after: timedelta,
    force: bool = False,
) -> PostClaim | None:
    """Claim a post before sending it; None when someone else holds the claim.

    The INSERT into the unique (team, kind, period) row decides between replicas. A released
    claim (sending failed) is taken over, and so is a claim left "claimed" for longer than
    `stale_after` by a process that died mid-send; both by one conditional UPDATE, so two
    takers cannot both win. `force` takes the claim whatever its state.
    """
    claim = PostClaim(team_id=team_id, kind=kind, period_key=period_key, claimed_by=claimed_by,
                      claimed_at=now)
    session.add(claim)
    try:
        session.commit()
        return claim
    except IntegrityError:
        session.rollback()
    takeover = update(PostClaim).where(
        col(PostClaim.team_id) == team_id, col(PostClaim.kind) == kind,
        col(PostClaim.period_key) == period_key,
    )
    if not force:
        takeover = takeover.where(or_(
            col(PostClaim.status) == "released",
            (col(PostClaim.status) == "claimed") & (col(PostClaim.claimed_at) < now - stale_after),
        ))
    result = session.exec(takeover.values(
        status="claimed", claimed_at=now, claimed_by=claimed_by, posted_at=None,
        message_ts=None, detail=None))
    session.commit()
    if result.rowcount != 1:
        return None
    return post_claim(session=session, team_id=team_id, kind=kind, period_key=period_key)


def post_claim(session: Session, *, team_id: int, kind: str, period_key: str
               ) -> PostClaim | None:
    return session.exec(select(PostClaim).where(
        PostClaim.team_id == team_id, PostClaim.kind == kind, PostClaim.period_key == period_key
    )).first()


def mark_posted(session: Session, *, claim_id: int, channel_id: str, message_ts: str | None,
                now: datetime) -> None:
    claim = session.get(PostClaim, claim_id)
    if claim is None:
        return
    claim.status, claim.channel_id, claim.message_ts, claim.posted_at = (
        "posted", channel_id, message_ts, now)
    session.add(claim)
    session.commit()


def release_claim(session: Session, *, claim_id: int, detail: str | None) -> None:
    """Give a claim back after a failed send, so a later run or the CLI can post."""
    claim = session.get(PostClaim, claim_id)
    if claim is None:
        return
    claim.status, claim.detail = "released", (detail or "")[:200] or None
    session.add(claim)
    session.commit()


def all_teams(session: Session) -> list[Team]:
    return list(session.exec(select(Team).order_by(col(Team.id))).all())


def find_team(session: Session, *, name_or_id: str) -> Team | None:
    """A team by its exact name (case-insensitive) or its numeric id."""
    if name_or_id.isascii() and name_or_id.isdigit() and len(name_or_id) < 10:  # not '²'
        team = session.get(Team, int(name_or_id))
        if team is not None:
            return team
    return session.exec(
        select(Team).where(func.lower(col(Team.name)) == name_or_id.strip().lower())
    ).first()


def team_manager_ids(session: Session, *, team_id: int) -> list[str]:
    return list(session.exec(
        select(Member.user_id).where(Member.team_id == team_id, Member.role == "manager")
        .order_by(col(Member.user_id))
    ).all())


def days_off_by_user(session: Session, *, user_ids: Sequence[str], start: date, end: date
                     ) -> dict[str, set[date]]:
    result: dict[str, set[date]] = {}
    if not user_ids:
        return result
    rows = session.exec(
        select(col(TimeOff.user_id), col(TimeOff.day)).where(col(TimeOff.user_id).in_(user_ids),
                                                   col(TimeOff.day) >= start,
                                                   col(TimeOff.day) < end)
    ).all()
    for user_id, day in rows:
        result.setdefault(user_id, set()).add(day)
    return result
