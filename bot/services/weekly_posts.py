"""The weekly scorecard post: claim it, send it, chart it; tell the managers when it cannot go.

Exactly once: a post is claimed in the database (unique per team, kind and period) before
anything is sent. Whoever inserts the claim posts; a replica or a `kpibot post-scorecards` that
comes second finds it taken and posts nothing. A failed send releases the claim so a later run
can retry; `force` takes the claim whatever its state, the one way to post a week twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlmodel import Session

from bot.blocks.weekly_scorecard import (
    build_channel_failure_blocks,
    build_weekly_scorecard_blocks,
    weekly_fallback_text,
)
from bot.chart import alt_text, render_png, weekly_chart
from bot.i18n import Translator
from bot.kpi.periods import Period, local_today
from bot.kpi.post_schedule import reported_week
from bot.kpi.team import TeamScorecard
from bot.services.posting import Posting, slack_error
from bot.services.team_scorecard import team_scorecard
from bot.services.teams import team_workdays
from storage import queries
from storage.models import Team

logger = logging.getLogger(__name__)

SCORECARD = "scorecard"
ALERT = "alert"
# Errors that mean "this channel will not take posts" rather than "Slack had a bad moment".
CHANNEL_ERRORS = frozenset({"channel_not_found", "not_in_channel", "is_archived"})


class PostStatus(StrEnum):
    POSTED = "posted"
    ALREADY_POSTED = "already_posted"  # claimed by another run, replica or command
    FAILED = "failed"
    NO_CHANNEL = "no_channel"
    NO_SDRS = "no_sdrs"  # nobody to report on: a weekly "nothing" would only be noise


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


@dataclass(frozen=True)
class Prepared:
    """Everything one team's post needs, read from the database in one worker-thread call."""

    team_id: int
    team_name: str
    channel_id: str | None
    week: Period
    card: TeamScorecard
    names: dict[str, str]
    leaderboard_size: int
    locale: str | None
    currency: str


def team_channel(team: Team, default_channel: str | None) -> str | None:
    """The team's channel; the default team falls back to KPI_SCORECARD_CHANNEL."""
    return team.channel_id or (default_channel if team.is_default else None)


def team_locale(session: Session, *, team_id: int) -> str | None:
    """The locale most of the team reads Slack in: a channel post has many readers."""
    members = (queries.team_sdr_ids(session=session, team_id=team_id)
               + queries.team_manager_ids(session=session, team_id=team_id))
    locales = Counter(p.locale for p in queries.people(session=session, user_ids=members)
                      .values() if p.locale)
    return locales.most_common(1)[0][0] if locales else None


def week_to_post(team: Team, today: date) -> Period:
    return reported_week(today, team_workdays(team))


def prepare(session: Session, *, team_id: int, week: Period | None, now: datetime,
            default_channel: str | None) -> Prepared | None:
    team = session.get(Team, team_id)
    if team is None:
        return None
    today = local_today(team.timezone, now)
    period = week or week_to_post(team, today)
    result = team_scorecard(session=session, team=team, period=period, today=today)
    return Prepared(team_id=team_id, team_name=team.name,
                    channel_id=team_channel(team, default_channel), week=period,
                    card=result.card, names=result.names,
                    leaderboard_size=team.leaderboard_size,
                    locale=team_locale(session=session, team_id=team_id),
                    currency=team.currency)


async def post_team_scorecard(posting: Posting, *, team_id: int, week: Period | None = None,
                              force: bool = False) -> PostOutcome:
    """Post one team's weekly scorecard, at most once per week unless `force`."""
    now = posting.now()
    prepared = await posting.store.run(prepare, team_id=team_id, week=week, now=now,
                                       default_channel=posting.settings.kpi_scorecard_channel)
    if prepared is None:
        return PostOutcome(team_id, "?", week.key if week else "?", PostStatus.FAILED,
                           error="team_not_found")
    p = prepared
    if p.channel_id is None:
        logger.warning("team %s has no scorecard channel: set one in /kpi settings", team_id)
        return PostOutcome(team_id, p.team_name, p.week.key, PostStatus.NO_CHANNEL)
    if not p.card.rows:
        return PostOutcome(team_id, p.team_name, p.week.key, PostStatus.NO_SDRS)
    claim = await posting.store.run(
        queries.claim_post, team_id=team_id, kind=SCORECARD, period_key=p.week.key,
        claimed_by=posting.claimed_by, now=now, stale_after=posting.stale_after, force=force)
    if claim is None or claim.id is None:
        return PostOutcome(team_id, p.team_name, p.week.key, PostStatus.ALREADY_POSTED,
                           channel_id=p.channel_id)
    tr = Translator(p.locale, p.currency)
    try:
        response = await posting.client.chat_postMessage(
            channel=p.channel_id,
            text=weekly_fallback_text(card=p.card, team_name=p.team_name, tr=tr),
            blocks=build_weekly_scorecard_blocks(card=p.card, team_name=p.team_name,
                                                 names=p.names,
                                                 leaderboard_size=p.leaderboard_size, tr=tr),
            unfurl_links=False, unfurl_media=False,
        )
    except Exception as exc:  # nothing was posted: give the claim back for a later run
        error = slack_error(exc)
        await posting.store.run(queries.release_claim, claim_id=claim.id, detail=error)
        logger.warning("weekly scorecard of team %s to %s failed: %s", team_id, p.channel_id,
                       error)
        told: tuple[str, ...] = ()
        if error in CHANNEL_ERRORS:
            told = await tell_managers(posting, prepared=p, error=error)
        return PostOutcome(team_id, p.team_name, p.week.key, PostStatus.FAILED,
                           channel_id=p.channel_id, error=error, told=told)
    ts = str(response.get("ts") or "") or None
    await posting.store.run(queries.mark_posted, claim_id=claim.id, channel_id=p.channel_id,
                            message_ts=ts, now=posting.now())
    await upload_chart(posting, prepared=p, tr=tr)
    return PostOutcome(team_id, p.team_name, p.week.key, PostStatus.POSTED,
                       channel_id=p.channel_id, message_ts=ts)


async def upload_chart(posting: Posting, *, prepared: Prepared, tr: Translator) -> None:
    """The chart goes into the same channel right after the message. The post stands if
    this fails: the numbers are in the message, the picture only repeats them."""
    p = prepared
    chart = weekly_chart(card=p.card, team_name=p.team_name, names=p.names,
                         leaderboard_size=p.leaderboard_size, tr=tr)
    try:
        png = await asyncio.to_thread(render_png, chart)
        # files.getUploadURLExternal, the upload, then files.completeUploadExternal
        await posting.client.files_upload_v2(
            channel=p.channel_id, file=png, filename=f"scorecard-{p.week.key}.png",
            title=chart.title, alt_txt=alt_text(chart))
    except Exception as exc:
        logger.warning("chart for team %s, %s not uploaded: %s", p.team_id, p.week.key,
                       slack_error(exc))


def _recipients(session: Session, *, team_id: int, admins: tuple[str, ...]
                ) -> list[tuple[str, str | None]]:
    """Managers of the team, or the admins when it has none; each with their locale."""
    ids = queries.team_manager_ids(session=session, team_id=team_id) or list(admins)
    known = queries.people(session=session, user_ids=ids)
    return [(user_id, known[user_id].locale if user_id in known else None) for user_id in ids]


async def tell_managers(posting: Posting, *, prepared: Prepared, error: str) -> tuple[str, ...]:
    """DM the team's managers how to fix a channel: once per team, week and error."""
    p = prepared
    assert p.channel_id is not None
    alert = await posting.store.run(
        queries.claim_post, team_id=p.team_id, kind=ALERT, period_key=f"{p.week.key}:{error}",
        claimed_by=posting.claimed_by, now=posting.now(), stale_after=posting.stale_after)
    if alert is None or alert.id is None:
        return ()
    recipients = await posting.store.run(_recipients, team_id=p.team_id,
                                         admins=posting.settings.kpi_admin_ids)
    told = []
    for user_id, locale in recipients:
        tr = Translator(locale, p.currency)
        blocks = build_channel_failure_blocks(team_name=p.team_name, channel_id=p.channel_id,
                                              error=error, period=p.week, tr=tr)
        try:
            await posting.client.chat_postMessage(
                channel=user_id, blocks=blocks,
                text=tr.t("post.failed_plain", team=p.team_name, error=error))
            told.append(user_id)
        except Exception as exc:
            logger.warning("could not tell %s about team %s: %s", user_id, p.team_id,
                           slack_error(exc))
    await posting.store.run(queries.mark_posted, claim_id=alert.id, channel_id="dm",
                            message_ts=None, now=posting.now())
    return tuple(told)


async def post_weekly_scorecards(posting: Posting, *, team_ids: list[int] | None = None,
                                 week: Period | None = None, force: bool = False
                                 ) -> list[PostOutcome]:
    """Every team's (or the given teams') weekly scorecard; one team failing stops no other."""
    if team_ids is None:
        teams = await posting.store.run(queries.all_teams)
        team_ids = [t.id for t in teams if t.id is not None]
    outcomes = []
    for team_id in team_ids:
        try:
            outcomes.append(await post_team_scorecard(posting, team_id=team_id, week=week,
                                                      force=force))
        except Exception as exc:  # a bug or a database hiccup for one team: log, go on
            logger.exception("weekly scorecard of team %s failed", team_id)
            outcomes.append(PostOutcome(team_id, "?", week.key if week else "?",
                                        PostStatus.FAILED, error=type(exc).__name__))
    return outcomes
