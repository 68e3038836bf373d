"""The weekly scorecard post: read its inputs, compute the card, claim it, send it, chart it;
tell the managers when it cannot go.

Exactly once: a post is claimed in the database (storage/posts.py) before anything is sent, and
the claim is renewed while the post is worked on. Whoever holds the claim posts; a replica or a
`kpibot post-scorecards` that comes second finds it taken and posts nothing. Slack refusing the
post releases the claim for a later run; a send whose answer never came keeps it as "unknown",
and whoever takes such a claim over (or one whose holder died) looks in the channel for the
post's metadata before posting. `force` takes the claim whatever its state, the one way to
post a week twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Concatenate, ParamSpec, TypeVar

from bot.blocks.weekly_insight import weekly_insight_blocks
from bot.blocks.weekly_scorecard import (
    build_channel_failure_blocks,
    build_weekly_scorecard_blocks,
    channel_failure_text,
    weekly_fallback_text,
)
from bot.chart import alt_text, render_png, weekly_chart
from bot.i18n import Translator
from bot.insights.weekly import WeeklyInsight
from bot.kpi.periods import Period, local_today
from bot.kpi.schedule import reported_week
from bot.kpi.team import TeamScorecard, build_team_scorecard
from bot.services.posting import (
    Posting,
    find_post,
    holding,
    post_metadata,
    surely_not_sent,
)
from bot.services.team_scorecard import resolved_targets
from bot.services.teams import team_workdays
from bot.services.weekly_insight import weekly_insight
from bot.slack_errors import slack_error
from storage import posts
from storage.models import Team
from storage.session import Session

logger = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")

SCORECARD = "scorecard"
ALERT = "alert"
# Errors that mean "this channel will not take posts" rather than "Slack had a bad moment".
CHANNEL_ERRORS = frozenset({"channel_not_found", "not_in_channel", "is_archived"})


class PostStatus(StrEnum):
    POSTED = "posted"
    ALREADY_POSTED = "already_posted"  # posted by another run, replica or command
    FOUND = "found"  # an attempt whose answer never came had posted it: recorded now
    BEING_POSTED = "being_posted"  # a live process holds the claim
    UNKNOWN = "unknown"  # Slack's answer never came: the channel is checked before a repost
    FAILED = "failed"
    NO_CHANNEL = "no_channel"
    NO_SDRS = "no_sdrs"  # nobody to report on: a weekly "nothing" would only be noise
    NOT_ENDED = "not_ended"  # an operator asked for a week still under way


@dataclass(frozen=True)
class PostOutcome:
    team_id: int
    team_name: str
    week: str
    status: PostStatus
    channel_id: str | None = None
    message_ts: str | None = None
    error: str | None = None
    told: tuple[str, ...] = ()  # managers (or admins) who got a DM about a failure
    holder: str | None = None  # who holds the claim (host:pid), when someone else does


@dataclass(frozen=True)
class Prepared:
    """Everything one team's post shows, computed from its inputs."""

    team_id: int
    team_name: str
    channel_id: str | None
    week: Period
    today: date  # in the team's time zone
    card: TeamScorecard
    names: dict[str, str]
    leaderboard_size: int
    locale: str | None
    currency: str
    insight: WeeklyInsight | None = None  # the finding of the week and stale data (issue 12)
    is_default: bool = False  # the default team's name reads in the channel's language

    def shown_name(self, tr: Translator) -> str:
        """The name the post shows; failure notices keep the stored one, to type after --team."""
        return tr.team_name(self.team_name, is_default=self.is_default)


def team_channel(team: Team, default_channel: str | None) -> str | None:
    """The team's channel; the default team falls back to KPI_SCORECARD_CHANNEL."""
    return team.channel_id or (default_channel if team.is_default else None)


def compute(inputs: posts.WeeklyPostInputs, *, default_channel: str | None) -> Prepared:
    """The card and how to show it; no database, no Slack."""
    team, period, sdrs = inputs.team, inputs.period, inputs.sdr_ids
    assert team.id is not None
    workdays = team_workdays(team)
    card = build_team_scorecard(
        period=period, sdr_ids=sdrs, totals=inputs.totals,
        targets=resolved_targets(inputs.targets, user_ids=sdrs, period=period,
                                 workdays=workdays, starts=inputs.start_dates,
                                 days_off=inputs.days_off),
        previous_totals=inputs.previous_totals,
        previous_targets=resolved_targets(inputs.targets, user_ids=sdrs,
                                          period=period.previous(), workdays=workdays,
                                          starts=inputs.start_dates, days_off=inputs.days_off),
        basis=inputs.basis, other_money=inputs.other_money,
        previous_other_currencies=inputs.previous_other_currencies)
    # the locale most of the team reads Slack in: a channel post has many readers
    common = inputs.reader_locales.most_common(1)
    return Prepared(team_id=team.id, team_name=team.name,
                    channel_id=team_channel(team, default_channel), week=period,
                    today=inputs.today, card=card, names=inputs.names,
                    leaderboard_size=team.leaderboard_size,
                    locale=common[0][0] if common else None, currency=inputs.currency,
                    is_default=team.is_default)


def week_to_post(team: Team, today: date) -> Period:
    return reported_week(today, team_workdays(team))


def prepare(session: Session, *, team_id: int, week: Period | None, now: datetime,
            default_channel: str | None) -> Prepared | None:
    """Read the post's inputs in one query, then compute the card: one database hop. Without
    `week`, the team's week just ended (its settings say which that is)."""
    if week is None:
        team = posts.team(session, team_id=team_id)
        if team is None:
            return None
        week = week_to_post(team, local_today(team.timezone, now))
    inputs = posts.weekly_post_inputs(session, team_id=team_id, period=week, now=now)
    if inputs is None:
        return None
    prepared = compute(inputs, default_channel=default_channel)
    return replace(prepared, insight=weekly_insight(session, team=inputs.team, week=week,
                                                    today=inputs.today))


async def post_team_scorecard(posting: Posting, *, team_id: int, week: Period,
                              force: bool = False, require_ended: bool = False
                              ) -> PostOutcome:
    """Post one team's weekly scorecard, at most once per week unless `force`.
    `require_ended`: refuse a week still under way in the team's time zone (an operator's
    choice of week; the scheduler picks finished ones itself). At most the pacer's bound of
    posts are worked on at once (bot/services/pacing.py)."""
    async with posting.pacer.slot():
        return await _post_team_scorecard(posting, team_id=team_id, week=week, force=force,
                                          require_ended=require_ended)


async def _post_team_scorecard(posting: Posting, *, team_id: int, week: Period, force: bool,
                               require_ended: bool) -> PostOutcome:
    p = await _db(posting, prepare, team_id=team_id, week=week, now=posting.now(),
                                default_channel=posting.settings.kpi_scorecard_channel)
    if p is None:
        return PostOutcome(team_id, "?", week.key, PostStatus.FAILED, error="team_not_found")
    if require_ended and week.end > p.today:
        return PostOutcome(team_id, p.team_name, week.key, PostStatus.NOT_ENDED)
    if p.channel_id is None:
        logger.warning("team %s has no scorecard channel: set one in /kpi settings", team_id)
        return PostOutcome(team_id, p.team_name, p.week.key, PostStatus.NO_CHANNEL)
    if not p.card.rows:
        return PostOutcome(team_id, p.team_name, p.week.key, PostStatus.NO_SDRS)
    claim = await _db(
        posting, posts.claim_post, team_id=team_id, kind=SCORECARD, period_key=p.week.key,
        claimed_by=posting.claimed_by, now=posting.now(), stale_after=posting.stale_after,
        force=force)
    if isinstance(claim, posts.Holder):
        status = PostStatus.ALREADY_POSTED if claim.posted else PostStatus.BEING_POSTED
        return PostOutcome(team_id, p.team_name, p.week.key, status,
                           channel_id=claim.channel_id or p.channel_id,
                           message_ts=claim.message_ts, holder=claim.claimed_by)
    async with holding(posting, claim.id):
        return await _send(posting, p, claim)


async def _send(posting: Posting, p: Prepared, claim: posts.Claim) -> PostOutcome:
    assert p.channel_id is not None
    metadata = post_metadata(team_id=p.team_id, kind=SCORECARD, period_key=p.week.key)
    if claim.must_check:  # its last holder may have posted it before dying or timing out
        try:
            ts = await find_post(posting, channel=p.channel_id, metadata=metadata,
                                 since=claim.since)
        except Exception as exc:  # cannot tell: posting now could post twice
            error = slack_error(exc)
            await _db(posting, posts.mark_unknown, claim_id=claim.id,
                                    detail=f"channel check: {error}", now=posting.now())
            logger.warning("could not check %s for the scorecard of team %s: %s",
                           p.channel_id, p.team_id, error)
            return PostOutcome(p.team_id, p.team_name, p.week.key, PostStatus.UNKNOWN,
                               channel_id=p.channel_id, error=error)
        if ts is not None:
            await _db(posting, posts.mark_posted, claim_id=claim.id,
                                    channel_id=p.channel_id, message_ts=ts, now=posting.now())
            return PostOutcome(p.team_id, p.team_name, p.week.key, PostStatus.FOUND,
                               channel_id=p.channel_id, message_ts=ts)
    tr = Translator(p.locale, p.currency)
    try:
        text = weekly_fallback_text(card=p.card, team_name=p.shown_name(tr), tr=tr)
        blocks = build_weekly_scorecard_blocks(card=p.card, team_name=p.shown_name(tr),
                                               names=p.names, leaderboard_size=p.leaderboard_size,
                                               tr=tr, notes=weekly_insight_blocks(p.insight, tr))
        async with posting.pacer.message(p.channel_id):
            response = await posting.post_client.chat_postMessage(
                channel=p.channel_id, text=text, blocks=blocks, metadata=metadata,
                unfurl_links=False, unfurl_media=False)
    except Exception as exc:
        error = slack_error(exc)
        if not surely_not_sent(exc):  # it may be in the channel: keep the claim
            await _db(posting, posts.mark_unknown, claim_id=claim.id, detail=error,
                                    now=posting.now())
            logger.warning("weekly scorecard of team %s to %s: no answer from Slack (%s); "
                           "the channel is checked before any repost", p.team_id,
                           p.channel_id, error)
            return PostOutcome(p.team_id, p.team_name, p.week.key, PostStatus.UNKNOWN,
                               channel_id=p.channel_id, error=error)
        # nothing was posted: give the claim back for a later run
        await _db(posting, posts.release_claim, claim_id=claim.id, detail=error)
        logger.warning("weekly scorecard of team %s to %s failed: %s", p.team_id, p.channel_id,
                       error)
        told: tuple[str, ...] = ()
        if error in CHANNEL_ERRORS:
            told = await tell_managers(posting, prepared=p, error=error)
        return PostOutcome(p.team_id, p.team_name, p.week.key, PostStatus.FAILED,
                           channel_id=p.channel_id, error=error, told=told)
    ts = str(response.get("ts") or "") or None
    await _db(posting, posts.mark_posted, claim_id=claim.id, channel_id=p.channel_id,
                            message_ts=ts, now=posting.now())
    await upload_chart(posting, prepared=p, tr=tr)
    return PostOutcome(p.team_id, p.team_name, p.week.key, PostStatus.POSTED,
                       channel_id=p.channel_id, message_ts=ts)


async def upload_chart(posting: Posting, *, prepared: Prepared, tr: Translator) -> None:
    """The chart goes into the same channel right after the message, at the channel's pace
    (sharing a file posts a message). The post stands if this fails: the numbers are in the
    message, the picture only repeats them."""
    p = prepared
    assert p.channel_id is not None
    chart = weekly_chart(card=p.card, team_name=p.shown_name(tr), names=p.names,
                         leaderboard_size=p.leaderboard_size, tr=tr)
    try:
        png = await asyncio.to_thread(render_png, chart)
        # files.getUploadURLExternal, the upload, then files.completeUploadExternal; through
        # the posting client, so a 429 waits its Retry-After and is tried again
        async with posting.pacer.message(p.channel_id):
            await posting.post_client.files_upload_v2(
                channel=p.channel_id, file=png, filename=f"scorecard-{p.week.key}.png",
                title=chart.title, alt_txt=alt_text(chart))
    except Exception as exc:
        logger.warning("chart for team %s, %s not uploaded: %s", p.team_id, p.week.key,
                       slack_error(exc))


async def tell_managers(posting: Posting, *, prepared: Prepared, error: str) -> tuple[str, ...]:
    """DM the team's managers how to fix a channel: once per team, week and error. (A claim
    taken over from a dead holder tells them again: a repeated alert beats a lost one.)"""
    p = prepared
    assert p.channel_id is not None
    alert = await _db(
        posting, posts.claim_post, team_id=p.team_id, kind=ALERT,
        period_key=f"{p.week.key}:{error}", claimed_by=posting.claimed_by, now=posting.now(),
        stale_after=posting.stale_after)
    if isinstance(alert, posts.Holder):
        return ()
    recipients = await _db(posting, posts.failure_recipients, team_id=p.team_id,
                                         admins=posting.settings.kpi_admin_ids)
    told = []
    for recipient in recipients:
        tr = Translator(recipient.locale, p.currency)
        blocks = build_channel_failure_blocks(team_name=p.team_name, channel_id=p.channel_id,
                                              error=error, period=p.week, tr=tr)
        try:
            async with posting.pacer.message(recipient.user_id):  # their DM with the bot
                await posting.post_client.chat_postMessage(
                    channel=recipient.user_id, blocks=blocks,
                    text=channel_failure_text(team_name=p.team_name, error=error, tr=tr))
            told.append(recipient.user_id)
        except Exception as exc:
            logger.warning("could not tell %s about team %s: %s", recipient.user_id, p.team_id,
                           slack_error(exc))
    await _db(posting, posts.mark_posted, claim_id=alert.id, channel_id="dm",
                            message_ts=None, now=posting.now())
    return tuple(told)


async def post_weekly_scorecards(posting: Posting, *, team_ids: list[int] | None = None,
                                 week: Period | None = None, force: bool = False,
                                 wait: timedelta | None = None) -> list[PostOutcome]:
    """Every team's (or the given teams') weekly scorecard; one team failing stops no other.
    Teams are posted side by side, within the pacer's bound and each channel's pace.

    Without `week`, each team's week just ended; a given `week` must have ended. With `wait`,
    posts another process holds are watched for that long, and taken over if it dies."""
    teams = await _db(posting, posts.all_teams)
    chosen = [t for t in teams if t.id is not None and (team_ids is None or t.id in team_ids)]
    now = posting.now()
    weeks: dict[int, Period] = {t.id: week or week_to_post(t, local_today(t.timezone, now))
                                for t in chosen if t.id is not None}
    outcomes = await _post_many(posting, weeks, force=force, require_ended=week is not None)
    deadline = asyncio.get_running_loop().time() + (wait or timedelta()).total_seconds()
    poll = min(posting.heartbeat_every.total_seconds(), 5.0)
    while asyncio.get_running_loop().time() < deadline:
        held = [i for i, o in outcomes.items() if o.status is PostStatus.BEING_POSTED]
        if not held:
            break
        await asyncio.sleep(poll)
        outcomes.update(await _post_many(posting, {i: weeks[i] for i in held}, force=False,
                                         require_ended=week is not None))
    return list(outcomes.values())


async def _db(posting: Posting, fn: Callable[Concatenate[Session, P], T], /,
              *args: P.args, **kwargs: P.kwargs) -> T:
    """A post's database call, in the pacer's line (see bot/services/pacing.py)."""
    async with posting.pacer.database():
        return await posting.store.run(fn, *args, **kwargs)


async def _post_many(posting: Posting, weeks: dict[int, Period], *, force: bool,
                     require_ended: bool) -> dict[int, PostOutcome]:
    """The teams' posts side by side (`_post_one` never raises, so none cancels another)."""
    async with asyncio.TaskGroup() as group:
        tasks = {team_id: group.create_task(_post_one(posting, team_id=team_id, week=team_week,
                                                      force=force, require_ended=require_ended))
                 for team_id, team_week in weeks.items()}
    return {team_id: task.result() for team_id, task in tasks.items()}


async def _post_one(posting: Posting, *, team_id: int, week: Period, force: bool,
                    require_ended: bool) -> PostOutcome:
    try:
        return await post_team_scorecard(posting, team_id=team_id, week=week, force=force,
                                         require_ended=require_ended)
    except Exception as exc:  # a bug or a database hiccup for one team: log, go on
        logger.exception("weekly scorecard of team %s failed", team_id)
        return PostOutcome(team_id, "?", week.key, PostStatus.FAILED, error=type(exc).__name__)
