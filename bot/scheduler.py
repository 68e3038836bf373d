"""APScheduler jobs for the scheduled posts: per team, at the team's day, time and time zone.

Job ids: `scorecard:<team_id>` and `nudge:<team_id>:<n>` (n-th slot of the team's nudge
schedule), plus the bot's own jobs in BACKGROUND_JOBS: `sync`, which re-reads the teams every
minute so changed settings take effect without a restart, `recheck` and `prune-events`. Every
job is a module-level function taking ids, with replace_existing=True; a team's jobs have a
CronTrigger in the team's time zone (09:00 stays 09:00 across DST changes). The database is
reached through services only (bot/services/schedules.py, events.py, weekly_posts.py,
nudges.py).

Grace windows (how late a run may still happen):

- weekly scorecard: 12 hours. A scorecard due Monday 09:00 still goes out if the bot is back by
  21:00 that day; later than that it is stale news (and `kpibot post-scorecards` remains).
- nudges: 2 hours, and only on the same local day: pace advice for 14:00 is still right at
  16:00, but not tomorrow.

At 09:00 on a Monday every team in a time zone is due at once: their jobs run side by side,
and the Posting's pacer (bot/services/pacing.py) bounds how many posts are in flight and keeps
each channel at one message a second.

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
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.kpi.periods import PeriodKind, period_containing
from bot.kpi.schedule import DAY_NAMES, Slot, last_due, reported_week
from bot.services.crm_job import add_crm_jobs, remove_crm_jobs
from bot.services.events import forget_events
from bot.services.nudges import RUN, send_team_nudges
from bot.services.posting import Posting
from bot.services.schedules import TeamSchedule, may_catch_up, team_schedule, team_schedules
from bot.services.weekly_posts import SCORECARD, PostStatus, post_team_scorecard

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


def cron(slot: Slot, timezone: str) -> CronTrigger:
    return CronTrigger(day_of_week=DAY_NAMES[slot.weekday], hour=slot.at.hour,
                       minute=slot.at.minute, timezone=ZoneInfo(timezone))


# --- the jobs ------------------------------------------------------------------------------


async def scorecard_job(key: str, team_id: int) -> None:
    """The weekly scorecard of one team, for the week just ended as of the due date."""
    posting = _POSTINGS[key]
    schedule = await posting.store.run(team_schedule, team_id=team_id)
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
    schedule = await posting.store.run(team_schedule, team_id=team_id)
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
    pruned = await posting.store.run(forget_events, before=posting.now() - EVENT_MEMORY)
    logger.info("forgot %d processed event ids", pruned)


@dataclass(frozen=True)
class Every:
    """A job of the bot itself (not of a team): its id, the function taking the scheduler's
    key, how often it runs and how late a run may still happen."""

    job_id: str
    func: Callable[[str], Awaitable[None]]
    every: timedelta
    grace: timedelta


# Started with the scheduler; a new background job is one more line here.
BACKGROUND_JOBS: tuple[Every, ...] = (
    Every("sync", sync_job, SYNC_EVERY, grace=timedelta(seconds=30)),
    Every("recheck", recheck_job, RECHECK_EVERY, grace=timedelta(seconds=30)),
    Every("prune-events", prune_job, PRUNE_EVERY, grace=timedelta(minutes=5)),
)

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
            self.apply(await self.posting.store.run(team_schedules))
        except Exception:
            logger.exception("could not re-read the team schedules; keeping the jobs as they are")

    async def start(self) -> None:
        await self.sync()
        for job in BACKGROUND_JOBS:
            self.scheduler.add_job(job.func, IntervalTrigger(seconds=job.every.total_seconds()),
                                   args=[self.key], id=job.job_id, replace_existing=True,
                                   misfire_grace_time=int(job.grace.total_seconds()),
                                   coalesce=True, max_instances=1)
        add_crm_jobs(self.scheduler, self.posting, self.key)  # only for configured CRMs
        self.scheduler.start()
        self.catch_up_task = asyncio.create_task(self.catch_up())
        logger.info("scheduler started: %d jobs", len(self.scheduler.get_jobs()))

    async def catch_up(self, *, orphaned_only: bool = False) -> list[str]:
        """Post the runs missed while the bot was down, within their grace windows; returns
        what was attempted ("scorecard:<team>", "nudge:<team>:<slot>"). `orphaned_only`
        (the recheck job): only runs whose claim a dead process left behind."""
        schedules = await self.posting.store.run(team_schedules)
        # side by side, within the pacer's bound on posts (bot/services/pacing.py): after an
        # outage a thousand teams' Monday posts are not sent one after another
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(self._catch_up_guarded(s, orphaned_only))
                     for s in schedules]
        return [name for task in tasks for name in task.result()]

    async def _catch_up_guarded(self, s: TeamSchedule, orphaned_only: bool) -> list[str]:
        try:
            return await self._catch_up_team(s, orphaned_only)
        except Exception:  # one team's trouble must not keep the others waiting
            logger.exception("catch-up for team %s failed", s.team_id)
            return []

    async def _catch_up_team(self, s: TeamSchedule, orphaned_only: bool) -> list[str]:
        now = self.posting.now()
        attempted = []
        due = last_due(s.scorecard, now, s.timezone)
        week = reported_week(due.date(), s.workdays)
        if now - due <= SCORECARD_GRACE and await self._may_catch_up(
                s.team_id, SCORECARD, week.key, orphaned_only):
            attempted.append(f"scorecard:{s.team_id}")
            outcome = await post_team_scorecard(self.posting, team_id=s.team_id, week=week)
            if outcome.status in _TRY_AGAIN:
                self.retry_scorecard(s.team_id, due)
        today = now.astimezone(ZoneInfo(s.timezone)).date()
        for slot in s.nudges:
            due = last_due(slot, now, s.timezone)
            nudge_week = period_containing(due.date(), PeriodKind.WEEK)
            if (now - due <= NUDGE_GRACE and due.date() == today and await self._may_catch_up(
                    s.team_id, RUN, f"{nudge_week.key}:{slot.label}", orphaned_only)):
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

    async def _may_catch_up(self, team_id: int, kind: str, key: str, orphaned_only: bool
                            ) -> bool:
        return await self.posting.store.run(
            may_catch_up, team_id=team_id, kind=kind, period_key=key, now=self.posting.now(),
            stale_after=self.posting.stale_after, orphaned_only=orphaned_only)

    async def shutdown(self) -> None:
        if self.catch_up_task is not None and not self.catch_up_task.done():
            self.catch_up_task.cancel()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        _POSTINGS.pop(self.key, None)
        _SCHEDULERS.pop(self.key, None)
        remove_crm_jobs(self.key)


def _same(job: Any, trigger: CronTrigger, args: list[Any]) -> bool:
    return (str(job.trigger) == str(trigger) and str(job.trigger.timezone) == str(trigger.timezone)
            and list(job.args) == args)
