"""Time travel through the real triggers: the jobs fire at the team's local time, DST or not."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.console.local_slack import LocalSlack
from bot.kpi.schedule import Slot as PostSlot
from bot.scheduler import (
    NUDGE_GRACE,
    SCORECARD_GRACE,
    BotScheduler,
    nudge_job,
    scorecard_job,
)
from bot.services.posting import Posting
from bot.services.schedules import TeamSchedule
from storage.db import Store
from tests.conftest import Clock
from tests.posts.seed import add_team, claims, set_team

MONDAY_0900 = PostSlot(0, time(9, 0))


def _schedule(team_id: int, tz: str) -> TeamSchedule:
    return TeamSchedule(team_id=team_id, timezone=tz, workdays=frozenset(range(5)),
                        scorecard=MONDAY_0900,
                        nudges=(PostSlot(2, time(14, 0)), PostSlot(4, time(10, 0))))


def _fires(scheduler: BotScheduler, job_id: str, start: datetime, end: datetime
           ) -> list[datetime]:
    """Every fire time of the job's real trigger in [start, end): no waiting, no clock."""
    job = scheduler.scheduler.get_job(job_id)
    assert job is not None
    fires: list[datetime] = []
    moment = start
    while True:
        fire = job.trigger.get_next_fire_time(None, moment)
        if fire is None or fire >= end:
            return fires
        fires.append(fire)
        moment = fire + timedelta(seconds=1)


# (zone, the Mondays either side of spring forward, and of fall back, with their UTC hours)
DST = {
    "Europe/Oslo": [("2026-03-23", 8), ("2026-03-30", 7), ("2026-10-19", 7), ("2026-10-26", 8)],
    "America/New_York": [("2026-03-02", 14), ("2026-03-09", 13), ("2026-10-26", 13),
                         ("2026-11-02", 14)],
}


@pytest.mark.parametrize("tz", sorted(DST))
async def test_the_scorecard_job_fires_monday_0900_local_all_year(posting: Posting, tz: str
                                                                  ) -> None:
    scheduler = BotScheduler(posting)
    try:
        scheduler.apply([_schedule(7, tz)])
        fires = _fires(scheduler, "scorecard:7", datetime(2026, 1, 1, tzinfo=UTC),
                       datetime(2027, 1, 1, tzinfo=UTC))
        assert len(fires) == 52  # every Monday of 2026, none twice, none skipped
        local = [f.astimezone(ZoneInfo(tz)) for f in fires]
        assert {(d.weekday(), d.hour, d.minute) for d in local} == {(0, 9, 0)}
        in_utc = {f.astimezone(UTC).date().isoformat(): f.astimezone(UTC).hour for f in fires}
        for day, hour in DST[tz]:
            assert in_utc[day] == hour, (tz, day)
    finally:
        await scheduler.shutdown()


async def test_jobs_have_explicit_ids_grace_and_the_team_time_zone(posting: Posting) -> None:
    scheduler = BotScheduler(posting)
    try:
        scheduler.apply([_schedule(1, "Europe/Oslo"), _schedule(2, "America/New_York")])
        jobs = {job.id: job for job in scheduler.scheduler.get_jobs()}
        assert set(jobs) == {"scorecard:1", "nudge:1:0", "nudge:1:1",
                             "scorecard:2", "nudge:2:0", "nudge:2:1"}
        assert str(jobs["nudge:2:0"].trigger.timezone) == "America/New_York"
        assert jobs["scorecard:1"].misfire_grace_time == SCORECARD_GRACE.total_seconds()
        assert jobs["nudge:1:1"].misfire_grace_time == NUDGE_GRACE.total_seconds()
        assert all(job.coalesce for job in jobs.values())
        assert jobs["scorecard:1"].func is scorecard_job and jobs["nudge:1:0"].func is nudge_job
        assert jobs["nudge:1:0"].args[1:] == (1, "2@14:00")  # ids, not objects
        # the nudge slots fire Wednesday 14:00 and Friday 10:00 in Oslo
        week = (datetime(2026, 11, 30, tzinfo=UTC), datetime(2026, 12, 7, tzinfo=UTC))
        local = [f.astimezone(ZoneInfo("Europe/Oslo")).strftime("%a %H:%M")
                 for job_id in ("nudge:1:0", "nudge:1:1") for f in _fires(scheduler, job_id, *week)]
        assert local == ["Wed 14:00", "Fri 10:00"]
    finally:
        await scheduler.shutdown()


async def test_started_scheduler_has_next_run_times_from_the_triggers(
        posting: Posting, store: Store) -> None:
    add_team(store, name="Default team", channel="C0TEAM", sdrs=1, prefix="S", default=True)
    scheduler = BotScheduler(posting, scheduler=AsyncIOScheduler(timezone=UTC))
    try:
        await scheduler.start()
        scheduler.scheduler.pause()  # nothing may really fire during the test
        job = scheduler.scheduler.get_job("scorecard:1")
        assert job is not None
        local = job.next_run_time.astimezone(ZoneInfo("Europe/Oslo"))
        assert (local.weekday(), local.hour, local.minute) == (0, 9, 0)
        assert scheduler.scheduler.get_job("sync") is not None
    finally:
        await scheduler.shutdown()


async def test_changed_settings_take_effect_at_the_next_sync(posting: Posting, store: Store
                                                            ) -> None:
    team = add_team(store, name="Default team", channel="C0TEAM", sdrs=1, prefix="S",
                    default=True)
    scheduler = BotScheduler(posting)
    scheduler.scheduler.start(paused=True)  # a live job store; nothing fires while paused
    try:
        await scheduler.sync()
        before = scheduler.scheduler.get_job("nudge:1:0")
        set_team(store, team.team_id, scorecard_weekday=4, scorecard_time="16:30",
                 timezone="America/New_York", nudge_schedule="2@14:00")
        other = add_team(store, name="Tokyo", channel="C0TYO", sdrs=1, prefix="T",
                         timezone="Asia/Tokyo", nudge_schedule="")
        await scheduler.sync()
        jobs = {job.id: job for job in scheduler.scheduler.get_jobs()}
        assert set(jobs) == {"scorecard:1", "nudge:1:0", f"scorecard:{other.team_id}"}
        fire = jobs["scorecard:1"].trigger.get_next_fire_time(
            None, datetime(2026, 11, 30, tzinfo=UTC)).astimezone(ZoneInfo("America/New_York"))
        assert (fire.weekday(), fire.hour, fire.minute) == (4, 16, 30)
        assert str(jobs[f"scorecard:{other.team_id}"].trigger.timezone) == "Asia/Tokyo"
        assert str(jobs["nudge:1:0"].trigger.timezone) == "America/New_York"
        assert before is not None and jobs["nudge:1:0"] is not before  # replaced
        await scheduler.sync()  # nothing changed: the same jobs stay
        assert scheduler.scheduler.get_job("nudge:1:0") is jobs["nudge:1:0"]
    finally:
        await scheduler.shutdown()


async def test_when_the_job_fires_the_week_just_ended_is_posted(
        posting: Posting, store: Store, slack: LocalSlack, clock: Clock) -> None:
    add_team(store, name="Default team", channel="C0TEAM", sdrs=2, prefix="S", default=True)
    scheduler = BotScheduler(posting)
    try:
        await scheduler.sync()
        job = scheduler.scheduler.get_job("scorecard:1")
        assert job is not None
        # travel to the job's next fire time after Friday 27 November, and run it there
        clock.current = job.trigger.get_next_fire_time(None, datetime(2026, 11, 27, tzinfo=UTC))
        assert clock.current == datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
        await job.func(*job.args)
        await job.func(*job.args)  # a second firing (another replica) posts nothing
        [post] = slack.of("chat.postMessage")
        assert "Week 48" in str(post.args["blocks"]) and post.args["channel"] == "C0TEAM"
        assert [(c.kind, c.period_key, c.status) for c in claims(store)] == [
            ("scorecard", "2026-W48", "posted")]
    finally:
        await scheduler.shutdown()
