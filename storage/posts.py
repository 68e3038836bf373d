"""Scheduled posts in the database: the claims that make each post happen once, the teams and
inputs each post is made from, and who hears about a post that cannot go out.

Claims, one row per team, kind and period (the unique constraint decides between replicas):

- "claimed": a process is sending it and renews `heartbeat_at` while it works;
- "posted": done; only `force` takes it again;
- "released": Slack refused it (nothing is in the channel); anyone may take it at once;
- "unknown": the send timed out, so the post may be in the channel.

A claimed or unknown claim whose holder has been silent for `stale_after` is taken over, and
the taker is told to look in the channel before posting (`Claim.must_check`): its holder may
have died after Slack accepted the post. Every rule about claims lives in this module.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.kpi.comparison import Basis
from bot.kpi.membership import judged_on
from bot.kpi.metrics import Metric
from bot.kpi.money import other_amounts, other_currencies
from bot.kpi.periods import Period, local_today, parse_workdays
from bot.kpi.schedule import nudge_run, stored_slots
from bot.kpi.scorecard import scorecard_ranges
from bot.kpi.targets import TargetRecord
from storage import activity, people, targets
from storage.models import Member, PostClaim, Team

CLAIMED, POSTED, RELEASED, UNKNOWN = "claimed", "posted", "released", "unknown"
_MAYBE_SENT = (CLAIMED, UNKNOWN)  # a holder of these may have put the post in Slack


@dataclass(frozen=True)
class Claim:
    """A claim this process holds."""

    id: int
    since: datetime  # when this chain of attempts began: none of it is in Slack before
    must_check: bool  # taken over from a holder that may have posted: look before posting


@dataclass(frozen=True)
class Holder:
    """Why a claim could not be taken: someone posted it or is posting it now."""

    status: str
    claimed_by: str
    last_seen: datetime  # the holder's last heartbeat
    channel_id: str | None
    message_ts: str | None

    @property
    def posted(self) -> bool:
        return self.status == POSTED


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)  # SQLite: naive


def _last_seen(row: PostClaim) -> datetime:
    return _utc(row.heartbeat_at or row.claimed_at)


class Standing(StrEnum):
    """Where a post's claim stands, seen from someone who would like to post it."""

    FREE = "free"  # never claimed
    RELEASED = "released"  # Slack refused it; a later run may try again
    ORPHANED = "orphaned"  # claimed or unknown, its holder silent for the stale window
    HELD = "held"  # a live holder works on it
    POSTED = "posted"


def _standing(row: PostClaim | None, *, now: datetime, stale_after: timedelta) -> Standing:
    """The one takeover rule: released at once; claimed or unknown once its holder has been
    silent for longer than `stale_after`; posted never (without force)."""
    if row is None:
        return Standing.FREE
    if row.status == RELEASED:
        return Standing.RELEASED
    if row.status in _MAYBE_SENT:
        return Standing.ORPHANED if now - _last_seen(row) > stale_after else Standing.HELD
    return Standing.POSTED


def _takeable(row: PostClaim, *, now: datetime, stale_after: timedelta) -> bool:
    return _standing(row, now=now, stale_after=stale_after) in (Standing.RELEASED,
                                                                 Standing.ORPHANED)


def _holder(row: PostClaim) -> Holder:
    return Holder(row.status, row.claimed_by, _last_seen(row), row.channel_id, row.message_ts)


def post_claim(session: Session, *, team_id: int, kind: str, period_key: str
               ) -> PostClaim | None:
    return session.exec(select(PostClaim).where(
        PostClaim.team_id == team_id, PostClaim.kind == kind, PostClaim.period_key == period_key
    )).first()


def was_posted(session: Session, *, team_id: int, kind: str, period_key: str) -> bool:
    claim = post_claim(session, team_id=team_id, kind=kind, period_key=period_key)
    return claim is not None and claim.status == "posted"


def claim_post(session: Session, *, team_id: int, kind: str, period_key: str, claimed_by: str,
               now: datetime, stale_after: timedelta, force: bool = False) -> Claim | Holder:
    """Claim a post before sending it: a Claim to send it, or the Holder that has it.

    Inserting the unique row decides between first comers. A takeover is one conditional
    UPDATE on the status and heartbeat this process read, so of two takers one wins, and a
    holder that renews its heartbeat meanwhile keeps its claim. `force` takes any claim.
    """
    claim = PostClaim(team_id=team_id, kind=kind, period_key=period_key, claimed_by=claimed_by,
                      claimed_at=now, heartbeat_at=now)
    session.add(claim)
    try:
        session.commit()
        assert claim.id is not None
        return Claim(claim.id, now, must_check=False)
    except IntegrityError:
        session.rollback()
    row = post_claim(session=session, team_id=team_id, kind=kind, period_key=period_key)
    if row is None or row.id is None:  # deleted in between: a rare race, try once more
        return claim_post(session, team_id=team_id, kind=kind, period_key=period_key,
                          claimed_by=claimed_by, now=now, stale_after=stale_after, force=force)
    if not force and not _takeable(row, now=now, stale_after=stale_after):
        return _holder(row)
    row_id, must_check = row.id, not force and row.status in _MAYBE_SENT
    # A takeover after a silent holder keeps the chain's start, where a channel check begins.
    since = _utc(row.claimed_at) if must_check else now
    seen = col(PostClaim.heartbeat_at)
    result = session.exec(
        update(PostClaim).where(
            col(PostClaim.id) == row.id, col(PostClaim.status) == row.status,
            col(PostClaim.claimed_by) == row.claimed_by,
            seen.is_(None) if row.heartbeat_at is None else seen == row.heartbeat_at,
        ).values(status=CLAIMED, claimed_at=since, heartbeat_at=now, claimed_by=claimed_by,
                 posted_at=None, message_ts=None, detail=None))
    session.commit()
    if result.rowcount != 1:  # someone else took it, or its holder showed a sign of life
        row = post_claim(session=session, team_id=team_id, kind=kind, period_key=period_key)
        assert row is not None
        return _holder(row)
    return Claim(row_id, since, must_check=must_check)


def claim_standing(session: Session, *, team_id: int, kind: str, period_key: str,
                   now: datetime, stale_after: timedelta) -> Standing:
    row = post_claim(session=session, team_id=team_id, kind=kind, period_key=period_key)
    return _standing(row, now=now, stale_after=stale_after)


def renew_claim(session: Session, *, claim_id: int, claimed_by: str, now: datetime) -> bool:
    """The holder's heartbeat; False when the claim is no longer this holder's."""
    result = session.exec(
        update(PostClaim).where(col(PostClaim.id) == claim_id,
                                col(PostClaim.claimed_by) == claimed_by,
                                col(PostClaim.status) == CLAIMED)
        .values(heartbeat_at=now))
    session.commit()
    return bool(result.rowcount == 1)


def _settle(session: Session, claim_id: int, **values: object) -> None:
    session.exec(update(PostClaim).where(col(PostClaim.id) == claim_id)
                 .values(**values))
    session.commit()


def mark_posted(session: Session, *, claim_id: int, channel_id: str, message_ts: str | None,
                now: datetime) -> None:
    _settle(session, claim_id, status=POSTED, channel_id=channel_id, message_ts=message_ts,
            posted_at=now, heartbeat_at=now)


def release_claim(session: Session, *, claim_id: int, detail: str | None) -> None:
    """Give a claim back after Slack refused the post, so a later run or the CLI can post."""
    _settle(session, claim_id, status=RELEASED, detail=(detail or "")[:200] or None)


def mark_unknown(session: Session, *, claim_id: int, detail: str, now: datetime) -> None:
    """Slack's answer never came: keep the claim, so nobody reposts before looking in the
    channel; the heartbeat stops here, which starts the stale window."""
    _settle(session, claim_id, status=UNKNOWN, detail=detail[:200], heartbeat_at=now)


# --- teams and their posts ------------------------------------------------------------------


def all_teams(session: Session) -> list[Team]:
    """Every team, with the settings its scheduled posts follow."""
    return list(session.exec(select(Team).order_by(col(Team.id))).all())


def team(session: Session, *, team_id: int) -> Team | None:
    return session.get(Team, team_id)


def _manager_ids(session: Session, team_id: int) -> list[str]:
    return list(session.exec(
        select(Member.user_id).where(Member.team_id == team_id, Member.role == "manager")
        .order_by(col(Member.user_id))
    ).all())


@dataclass(frozen=True)
class WeeklyPostInputs:
    """Everything one team's weekly post is computed from, read in one go."""

    team: Team
    today: date  # in the team's time zone
    period: Period
    sdr_ids: list[str]
    totals: dict[str, dict[Metric, float]]
    previous_totals: dict[str, dict[Metric, float]]
    targets: list[TargetRecord]
    start_dates: dict[str, date]
    names: dict[str, str]
    reader_locales: Counter[str]  # the locales of the team's SDRs and managers
    days_off: dict[str, set[date]]  # over the week and the one before
    basis: Basis = Basis.PREVIOUS
    currency: str = "USD"  # the team's in force for the week: its money is measured in it
    other_money: dict[str, float] = field(default_factory=dict)  # the week's, in others
    previous_other_currencies: tuple[str, ...] = ()  # what else the week before holds


def weekly_post_inputs(session: Session, *, team_id: int, period: Period, now: datetime
                       ) -> WeeklyPostInputs | None:
    team = session.get(Team, team_id)
    if team is None:
        return None
    today = local_today(team.timezone, now)
    sdrs = people.team_sdr_ids_on(session=session, team_id=team_id,
                                  day=judged_on(period, today))
    ranges = scorecard_ranges(period, today, workdays=parse_workdays(team.workdays))
    currency = people.team_currency_on(session=session, team=team,
                                       day=judged_on(period, today))
    current, previous = activity.sum_ranges_by_user(
        session=session, user_ids=sdrs, ranges=[ranges.current, ranges.previous],
        currency=currency)
    money, before = activity.money_parts(session=session, parts=[(sdrs, ranges.current),
                                                                  (sdrs, ranges.previous)])
    readers = people.people(session=session, user_ids=sdrs + _manager_ids(session, team_id))
    return WeeklyPostInputs(
        team=team, today=today, period=period, sdr_ids=sdrs, totals=current,
        previous_totals=previous,
        targets=targets.team_target_records(session=session, team_id=team_id,
                                            currency=currency),
        start_dates=people.start_dates(session=session, user_ids=sdrs),
        names=people.names(session=session, user_ids=sdrs),
        reader_locales=Counter(p.locale for p in readers.values() if p.locale),
        days_off=people.days_off_by_user(session=session, user_ids=sdrs,
                                         start=period.previous().start, end=period.end),
        basis=ranges.basis, currency=currency, other_money=other_amounts(money, currency),
        previous_other_currencies=other_currencies(before, measured=currency))


@dataclass(frozen=True)
class Recipient:
    user_id: str
    locale: str | None


def failure_recipients(session: Session, *, team_id: int, admins: Sequence[str]
                       ) -> list[Recipient]:
    """Who hears that a team's post cannot go out: its managers, or the admins when it has
    none; each with their locale."""
    ids = _manager_ids(session, team_id) or list(admins)
    known = people.people(session=session, user_ids=ids)
    return [Recipient(u, known[u].locale if u in known else None) for u in ids]


@dataclass(frozen=True)
class NudgeInputs:
    """Everything one team's nudge run is decided from, read in one go."""

    team: Team
    today: date
    week: Period
    run: str  # the slot label (2@14:00) or a manual run's name
    sdr_ids: list[str]
    locales: dict[str, str | None]
    nudges_enabled: dict[str, bool]
    start_dates: dict[str, date | None]
    totals: dict[str, dict[Metric, float]]  # this week, to today
    targets: list[TargetRecord]
    days_off: dict[str, set[date]]


def nudge_inputs(session: Session, *, team_id: int, now: datetime,
                 run: tuple[Period, str] | None = None) -> NudgeInputs | None:
    """`run` is the scheduler's (week, slot label); without it, the run `now` belongs to."""
    team = session.get(Team, team_id)
    if team is None:
        return None
    week, label = run or nudge_run(stored_slots(team.nudge_schedule), now, team.timezone)
    today = local_today(team.timezone, now)
    sdrs = people.team_sdr_ids_on(session=session, team_id=team_id, day=today)
    known = people.people(session=session, user_ids=sdrs)
    # money in the currency in force today, the one its targets are in
    currency = people.team_currency_on(session=session, team=team, day=today)
    [totals] = activity.sum_ranges_by_user(session=session, user_ids=sdrs,
                                          ranges=[(week.start, today + timedelta(days=1))],
                                          currency=currency)
    return NudgeInputs(
        team=team, today=today, week=week, run=label, sdr_ids=sdrs,
        locales={u: p.locale for u, p in known.items()},
        nudges_enabled={u: p.nudges_enabled for u, p in known.items()},
        start_dates={u: p.start_date for u, p in known.items()},
        totals=totals,
        targets=targets.team_target_records(session=session, team_id=team_id,
                                            currency=currency),
        days_off=people.days_off_by_user(session=session, user_ids=sdrs, start=week.start,
                                          end=week.end))
