"""APScheduler jobs for the scheduled posts: per team, at the team's day, time and time zone.

Job ids: `scorecard:<team_id>` and `nudge:<team_id>:<n>` (n-th slot of the team's nudge
schedule), plus `sync`, which re-reads the teams every minute so changed settings take effect
without a restart. Every job is a module-level function taking ids, with replace_existing=True
and a CronTrigger in the team's time zone (09:00 stays 09:00 across DST changes).

Grace windows (how late a run may still happen):

- weekly scorecard: 12 hours. A scorecard due Monday 09:00 still goes out if the bot is back by
  21:00 that day; later than that it is stale news (and `kpibot post-scorecards` remains).
- nudges: 2 hours, and only on the same local day: pace advice for 14:00 is still right at
  16:00, but not tomorrow.

A scorecard that fails (a channel the bot is not in, Slack down after all retries) is tried
again every 30 minutes (job `scorecard-retry:<team_id>`) while its grace window lasts.

APScheduler's own misfire_grace_time only covers a scheduler that is alive but late (a blocked
loop, a suspended machine): jobs live in memory, so after a restart the missed run is not in the
job store at all. `catch_up()` covers that case on start-up: for each team it finds the last due
run, and posts it when it is within the grace window and nobody posted it or holds it. The
claims in the database (storage/posts.py) make every path, and every replica, post each run
once.

A process killed mid-post leaves its claim behind; its heartbeat stops, and once the claim is
stale (two minutes) any replica may take it over. The `recheck` job looks for such orphaned
claims every minute, so a crash is repaired by whichever replica is alive (a restarted one
included), not only at start-up.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.kpi.periods import PeriodKind, period_containing
from bot.kpi.post_schedule import (
    WEEKDAY_NAMES,
    PostSlot,
    last_due,
    parse_slots,
    reported_week,
    scorecard_slot,
)
from bot.services.nudges import RUN, send_team_nudges
from bot.services.posting import Posting
from bot.services.teams import team_workdays
from bot.services.weekly_posts import SCORECARD, PostStatus, post_team_scorecard
from storage import events, posts
from storage.models import Team

logger = logging.getLogger(__name__)

SCORECARD_GRACE = timedelta(hours=12)
NUDGE_GRACE = timedelta(hours=2)
SYNC_EVERY = timedelta(minutes=1)
RETRY_EVERY = timedelta(minutes=30)  # a failed scorecard is tried again, within its grace
PRUNE_EVERY = timedelta(hours=1)
RECHECK_EVERY = timedelta(minutes=1)  # orphaned claims: well within a stale window or two
EVENT_MEMORY = timedelta(days=1)  # Slack retries an event within minutes; a day is ample

# A failed post is tried again later; so is an unknown one, after a look in the channel.
_TRY_AGAIN = frozenset({PostStatus.FAILED, PostStatus.UNKNOWN})

# The jobs are module-level functions taking ids; they find the database and Slack client of
# the scheduler that runs them here, by its key.
_POSTINGS: dict[str, Posting] = {}


@dataclass(frozen=True)
class TeamSchedule:
    team_id: int
    timezone: str
    workdays: frozenset[int]
    scorecard: PostSlot
    nudges: tuple[PostSlot, ...]


def schedules_of(teams: Sequence[Team]) -> list[TeamSchedule]:
    schedules = []
    for team in teams:
        assert team.id is not None
        schedules.append(TeamSchedule(
            team_id=team.id, timezone=team.timezone, workdays=team_workdays(team),
            scorecard=scorecard_slot(team.scorecard_weekday, team.scorecard_time),
            nudges=parse_slots(team.nudge_schedule)))
    return schedules


async def team_schedules(posting: Posting) -> list[TeamSchedule]:
    return schedules_of(await posting.store.run(posts.all_teams))


async def _schedule_of(posting: Posting, team_id: int) -> TeamSchedule | None:
    return next((s for s in await team_schedules(posting) if s.team_id == team_id), None)


def cron(slot: PostSlot, timezone: str) -> CronTrigger:
    return CronTrigger(day_of_week=WEEKDAY_NAMES[slot.weekday], hour=slot.at.hour,
                       minute=slot.at.minute, timezone=ZoneInfo(timezone))


# --- the jobs ------------------------------------------------------------------------------


async def scorecard_job(key: str, team_id: int) -> None:
    """The weekly scorecard of one team, for the week just ended as of the due date."""
    posting = _POSTINGS[key]
    schedule = await _schedule_of(posting, team_id)
    if schedule is None:
        return  # the team was deleted; the next sync removes this job
    due = last_due(schedule.scorecard, posting.now(), schedule.timezone)
    outcome = await post_team_scorecard(
        posting, team_id=team_id, week=reported_week(due.date(), schedule.workdays))
    logger.info("scorecard job for team %s: %s %s", team_id, outcome.status, outcome.week)
    scheduler = _SCHEDULERS.get(key)
    if outcome.status in _TRY_AGAIN and scheduler is not None:
        scheduler.retry_scorecard(team_id, due)


async def nudge_job(key: str, team_id: int, label: str) -> None:
    """One nudge run of one team; `label` names the slot (2@14:00) the run belongs to."""
    posting = _POSTINGS[key]
    schedule = await _schedule_of(posting, team_id)
    slot = next((s for s in schedule.nudges if s.label == label), None) if schedule else None
    if schedule is None or slot is None:
        return  # settings changed under us; the next sync replaces this job
    due = last_due(slot, posting.now(), schedule.timezone)
    week = period_containing(due.date(), PeriodKind.WEEK)
    outcomes = await send_team_nudges(posting, team_id=team_id, run=(week, label),
                                      claim_run=True)
    sent = sum(1 for o in outcomes if o.status == "sent")
    logger.info("nudge job for team %s (%s): %d sent", team_id, label, sent)


async def sync_job(key: str) -> None:
    scheduler = _SCHEDULERS.get(key)
    if scheduler is not None:
        await scheduler.sync()


async def recheck_job(key: str) -> None:
    scheduler = _SCHEDULERS.get(key)
    if scheduler is not None:
        await scheduler.catch_up(orphaned_only=True)


async def prune_job(key: str) -> None:
    """Forget old Events API ids, so the dedup table stays small."""
    posting = _POSTINGS[key]
    pruned = await posting.store.run(events.prune_processed_events,
                                     before=posting.now() - EVENT_MEMORY)
    logger.info("forgot %d processed event ids", pruned)


_SCHEDULERS: dict[str, BotScheduler] = {}


# --- the scheduler -------------------------------------------------------------------------


class BotScheduler:
    """The AsyncIOScheduler inside `kpibot run`, with one job per team post."""

    def __init__(self, posting: Posting, *, scheduler: AsyncIOScheduler | None = None) -> None:
        self.posting = posting
        self.key = f"bot-{id(self):x}"
        self.scheduler = scheduler or AsyncIOScheduler(
            timezone=UTC, job_defaults={"coalesce": True, "max_instances": 1})
        self.catch_up_task: asyncio.Task[Any] | None = None
        _POSTINGS[self.key] = posting
        _SCHEDULERS[self.key] = self

    def apply(self, schedules: Sequence[TeamSchedule]) -> None:
        """Make the jobs match the teams: add new ones, replace changed ones, drop old ones."""
        wanted: dict[str, tuple[Any, CronTrigger, list[Any], timedelta]] = {}
        for s in schedules:
            try:
                wanted[f"scorecard:{s.team_id}"] = (scorecard_job, cron(s.scorecard, s.timezone),
                                                    [self.key, s.team_id], SCORECARD_GRACE)
                for n, slot in enumerate(s.nudges):
                    wanted[f"nudge:{s.team_id}:{n}"] = (nudge_job, cron(slot, s.timezone),
                                                        [self.key, s.team_id, slot.label],
                                                        NUDGE_GRACE)
            except (ValueError, LookupError):
                logger.warning("team %s has an unusable schedule or time zone", s.team_id)
        existing = {job.id: job for job in self.scheduler.get_jobs()}
        for job_id in existing:
            if job_id.startswith(("scorecard:", "nudge:")) and job_id not in wanted:
                self.scheduler.remove_job(job_id)
        for job_id, (func, trigger, args, grace) in wanted.items():
            old = existing.get(job_id)
            if old is not None and _same(old, trigger, args):
                continue  # unchanged: replacing it would only churn
            self.scheduler.add_job(func, trigger, args=args, id=job_id, replace_existing=True,
                                   misfire_grace_time=int(grace.total_seconds()),
                                   coalesce=True, max_instances=1)

    async def sync(self) -> None:
        try:
            self.apply(await team_schedules(self.posting))
        except Exception:
            logger.exception("could not re-read the team schedules; keeping the jobs as they are")

    async def start(self) -> None:
        await self.sync()
        self.scheduler.add_job(sync_job, IntervalTrigger(seconds=SYNC_EVERY.total_seconds()),
                               args=[self.key], id="sync", replace_existing=True,
                               misfire_grace_time=30, coalesce=True, max_instances=1)
        self.scheduler.add_job(recheck_job,
                               IntervalTrigger(seconds=RECHECK_EVERY.total_seconds()),
                               args=[self.key], id="recheck", replace_existing=True,
                               misfire_grace_time=30, coalesce=True, max_instances=1)
        self.scheduler.add_job(prune_job, IntervalTrigger(seconds=PRUNE_EVERY.total_seconds()),
                               args=[self.key], id="prune-events", replace_existing=True,
                               misfire_grace_time=300, coalesce=True, max_instances=1)
        self.scheduler.start()
        self.catch_up_task = asyncio.create_task(self.catch_up())
        logger.info("scheduler started: %d jobs", len(self.scheduler.get_jobs()))

    async def catch_up(self, *, orphaned_only: bool = False) -> list[str]:
        """Post the runs missed while the bot was down, within their grace windows; returns
        what was attempted ("scorecard:<team>", "nudge:<team>:<slot>"). `orphaned_only`
        (the recheck job): only runs whose claim a dead process left behind."""
        wanted = (frozenset({posts.Standing.ORPHANED}) if orphaned_only else
                  frozenset({posts.Standing.FREE, posts.Standing.RELEASED,
                             posts.Standing.ORPHANED}))
        attempted: list[str] = []
        for schedule in await team_schedules(self.posting):
            try:
                attempted.extend(await self._catch_up_team(schedule, wanted))
            except Exception:  # one team's trouble must not keep the others waiting
                logger.exception("catch-up for team %s failed", schedule.team_id)
        return attempted

    async def _catch_up_team(self, s: TeamSchedule, wanted: frozenset[posts.Standing]
                             ) -> list[str]:
        now = self.posting.now()
        attempted = []
        due = last_due(s.scorecard, now, s.timezone)
        week = reported_week(due.date(), s.workdays)
        if now - due <= SCORECARD_GRACE and await self._standing(
                s.team_id, SCORECARD, week.key) in wanted:
            attempted.append(f"scorecard:{s.team_id}")
            outcome = await post_team_scorecard(self.posting, team_id=s.team_id, week=week)
            if outcome.status in _TRY_AGAIN:
                self.retry_scorecard(s.team_id, due)
        today = now.astimezone(ZoneInfo(s.timezone)).date()
        for slot in s.nudges:
            due = last_due(slot, now, s.timezone)
            nudge_week = period_containing(due.date(), PeriodKind.WEEK)
            if (now - due <= NUDGE_GRACE and due.date() == today and await self._standing(
                    s.team_id, RUN, f"{nudge_week.key}:{slot.label}") in wanted):
                attempted.append(f"nudge:{s.team_id}:{slot.label}")
                await send_team_nudges(self.posting, team_id=s.team_id,
                                       run=(nudge_week, slot.label), claim_run=True)
        return attempted

    def retry_scorecard(self, team_id: int, due: datetime) -> bool:
        """Try a failed scorecard again in RETRY_EVERY, while its grace window lasts: a channel
        fixed by a manager (or Slack back from an outage) gets the post without anyone acting.
        A released claim is claimed again like any run; an unknown one is stale by then, so the
        retry looks in the channel before it posts."""
        when = self.posting.now() + RETRY_EVERY
        if when - due > SCORECARD_GRACE:
            return False
        self.scheduler.add_job(scorecard_job, DateTrigger(run_date=when), args=[self.key, team_id],
                               id=f"scorecard-retry:{team_id}", replace_existing=True,
                               misfire_grace_time=int(RETRY_EVERY.total_seconds()),
                               coalesce=True, max_instances=1)
        return True

    async def _standing(self, team_id: int, kind: str, key: str) -> posts.Standing:
        return await self.posting.store.run(
            posts.claim_standing, team_id=team_id, kind=kind, period_key=key,
            now=self.posting.now(), stale_after=self.posting.stale_after)

    async def shutdown(self) -> None:
        if self.catch_up_task is not None and not self.catch_up_task.done():
            self.catch_up_task.cancel()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        _POSTINGS.pop(self.key, None)
        _SCHEDULERS.pop(self.key, None)


def _same(job: Any, trigger: CronTrigger, args: list[Any]) -> bool:
    return (str(job.trigger) == str(trigger) and str(job.trigger.timezone) == str(trigger.timezone)
            and list(job.args) == args)
