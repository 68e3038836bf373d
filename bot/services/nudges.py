"""Goal nudges: a DM to each SDR behind pace on a targeted metric, at most one per run.

Every DM is claimed first (kind "nudge", period "<week>:<run>:<user>"), so a second replica,
a restart or `kpibot nudge` beside the scheduler never nudges anyone twice for one run. A
congratulation (a target met, nothing behind) is also claimed per week ("congrats"), so it is
said once, not at every run.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from bot.blocks.nudge import build_nudge_blocks, nudge_fallback_text
from bot.i18n import Translator
from bot.kpi.nudge import Nudge, NudgeKind, decide_nudge
from bot.kpi.periods import Period, is_working_day
from bot.services.posting import Posting, holding, surely_not_sent
from bot.services.profiles import save_profile
from bot.services.team_scorecard import resolved_targets
from bot.services.teams import team_workdays
from bot.slack_errors import slack_error
from storage import posts

logger = logging.getLogger(__name__)

NUDGE, CONGRATS, RUN = "nudge", "congrats", "nudge_run"


class Reason(StrEnum):
    BEHIND = "behind"
    CONGRATS = "congrats"
    ON_PACE = "on_pace"  # or no targets: nothing worth a DM
    OPTED_OUT = "opted_out"
    TIME_OFF = "time_off"
    DAY_OFF = "day_off"  # not one of the team's working days


class NudgeStatus(StrEnum):
    SENT = "sent"
    WOULD_SEND = "would_send"  # --dry-run
    ALREADY_SENT = "already_sent"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True)
class Candidate:
    user_id: str
    reason: Reason
    nudge: Nudge | None = None
    locale: str | None = None


@dataclass(frozen=True)
class TeamPlan:
    team_id: int
    team_name: str
    currency: str
    week: Period
    run: str
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True)
class NudgeOutcome:
    team_id: int
    user_id: str
    status: NudgeStatus
    reason: Reason
    error: str | None = None


def plan_team(inputs: posts.NudgeInputs) -> TeamPlan:
    """Who in the team would get what: pure, from the inputs read for the run."""
    team, week, today, sdrs = inputs.team, inputs.week, inputs.today, inputs.sdr_ids
    assert team.id is not None
    workdays = team_workdays(team)
    if not is_working_day(today, workdays=workdays) or not week.contains(today):
        candidates = tuple(Candidate(user_id, Reason.DAY_OFF) for user_id in sdrs)
        return TeamPlan(team.id, team.name, team.currency, week, inputs.run, candidates)
    targets = resolved_targets(inputs.targets, user_ids=sdrs, period=week, workdays=workdays,
                               starts=inputs.start_dates, days_off=inputs.days_off)
    candidates_list = []
    for user_id in sdrs:
        locale = inputs.locales.get(user_id)
        days_off = inputs.days_off.get(user_id, set())
        if not inputs.nudges_enabled.get(user_id, True):
            candidates_list.append(Candidate(user_id, Reason.OPTED_OUT))
            continue
        if today in days_off:
            candidates_list.append(Candidate(user_id, Reason.TIME_OFF))
            continue
        nudge = decide_nudge(period=week, today=today, totals=inputs.totals.get(user_id, {}),
                             targets=targets.get(user_id, {}),
                             workdays=workdays, days_off=days_off,
                             share=team.nudge_behind_pct / 100)
        if nudge is None:
            candidates_list.append(Candidate(user_id, Reason.ON_PACE))
        elif nudge.kind is NudgeKind.BEHIND:
            candidates_list.append(Candidate(user_id, Reason.BEHIND, nudge, locale))
        else:
            candidates_list.append(Candidate(user_id, Reason.CONGRATS, nudge, locale))
    return TeamPlan(team.id, team.name, team.currency, week, inputs.run, tuple(candidates_list))


async def _claim(posting: Posting, *, team_id: int, kind: str, key: str
                 ) -> posts.Claim | posts.Holder:
    return await posting.store.run(posts.claim_post, team_id=team_id, kind=kind,
                                   period_key=key, claimed_by=posting.claimed_by,
                                   now=posting.now(), stale_after=posting.stale_after)


async def _send_one(posting: Posting, plan: TeamPlan, candidate: Candidate) -> NudgeOutcome:
    user_id, nudge = candidate.user_id, candidate.nudge
    assert nudge is not None
    claim = await _claim(posting, team_id=plan.team_id, kind=NUDGE,
                         key=f"{plan.week.key}:{plan.run}:{user_id}")
    if isinstance(claim, posts.Holder):
        return NudgeOutcome(plan.team_id, user_id, NudgeStatus.ALREADY_SENT, candidate.reason)
    if claim.must_check:
        # Its last holder died or timed out, maybe after Slack took the DM; the bot does not
        # read DMs (no im:history), so a nudge it cannot vouch for is not sent twice.
        await posting.store.run(posts.mark_unknown, claim_id=claim.id,
                                detail="holder lost; not resent", now=posting.now())
        return NudgeOutcome(plan.team_id, user_id, NudgeStatus.ALREADY_SENT, candidate.reason)
    claims = [claim.id]
    if nudge.kind is NudgeKind.CONGRATS:
        weekly = await _claim(posting, team_id=plan.team_id, kind=CONGRATS,
                              key=f"{plan.week.key}:{user_id}")
        if isinstance(weekly, posts.Holder) or weekly.must_check:  # said earlier this week
            await posting.store.run(posts.release_claim, claim_id=claim.id,
                                    detail="congratulated already")
            return NudgeOutcome(plan.team_id, user_id, NudgeStatus.SKIPPED, candidate.reason)
        claims.append(weekly.id)
    tr = Translator(candidate.locale or await _learn_locale(posting, user_id), plan.currency)
    try:
        # Posting to a user id lands in the DM between the user and the app.
        response = await posting.post_client.chat_postMessage(
            channel=user_id, text=nudge_fallback_text(nudge=nudge, tr=tr),
            blocks=build_nudge_blocks(nudge=nudge, tr=tr))
    except Exception as exc:
        error = slack_error(exc)
        for held in claims:
            if surely_not_sent(exc):
                await posting.store.run(posts.release_claim, claim_id=held, detail=error)
            else:  # it may have arrived: never sent again
                await posting.store.run(posts.mark_unknown, claim_id=held, detail=error,
                                        now=posting.now())
        logger.warning("nudge to %s failed: %s", user_id, error)
        return NudgeOutcome(plan.team_id, user_id, NudgeStatus.FAILED, candidate.reason, error)
    for held in claims:
        await posting.store.run(posts.mark_posted, claim_id=held,
                                channel_id=str(response.get("channel") or user_id),
                                message_ts=response.get("ts"), now=posting.now())
    return NudgeOutcome(plan.team_id, user_id, NudgeStatus.SENT, candidate.reason)


async def _learn_locale(posting: Posting, user_id: str) -> str | None:
    """An SDR the bot has not heard from yet (added in settings, never typed a command): their
    Slack locale, stored for next time, so the first DM is in their language. None (English)
    when Slack does not say."""
    try:
        answer = await posting.post_client.users_info(user=user_id, include_locale=True)
    except Exception as exc:
        logger.info("users.info for %s failed: %s", user_id, slack_error(exc))
        return None
    user = answer.get("user") or {}
    profile = user.get("profile") or {}
    locale = user.get("locale") or None
    if isinstance(locale, str):
        await posting.store.run(save_profile, user_id=user_id,
                                name=profile.get("real_name") or user.get("real_name") or None,
                                email=profile.get("email") or None, locale=locale)
    return locale if isinstance(locale, str) else None


async def send_team_nudges(posting: Posting, *, team_id: int,
                           run: tuple[Period, str] | None = None, dry_run: bool = False,
                           claim_run: bool = False) -> list[NudgeOutcome]:
    """One team's nudge run. `claim_run` (the scheduler) also claims the run as a whole, so a
    replica that comes second, or a catch-up after a restart, skips the whole team at once."""
    inputs = await posting.store.run(posts.nudge_inputs, team_id=team_id, now=posting.now(),
                                     run=run)
    if inputs is None:
        return []
    plan = plan_team(inputs)
    run_claim = None
    if claim_run and not dry_run:
        # a run claim sends nothing itself: one taken from a dead holder simply goes on, and
        # the per-SDR claims skip whoever was nudged already
        taken = await _claim(posting, team_id=team_id, kind=RUN,
                             key=f"{plan.week.key}:{plan.run}")
        if isinstance(taken, posts.Holder):
            return []
        run_claim = taken.id
    if run_claim is None:
        return await _send_plan(posting, plan, dry_run=dry_run)
    async with holding(posting, run_claim):
        outcomes = await _send_plan(posting, plan, dry_run=dry_run)
        await posting.store.run(posts.mark_posted, claim_id=run_claim, channel_id="dm",
                                message_ts=None, now=posting.now())
    return outcomes


async def _send_plan(posting: Posting, plan: TeamPlan, *, dry_run: bool) -> list[NudgeOutcome]:
    outcomes = []
    for candidate in plan.candidates:
        if candidate.nudge is None:
            outcomes.append(NudgeOutcome(plan.team_id, candidate.user_id, NudgeStatus.SKIPPED,
                                         candidate.reason))
        elif dry_run:
            outcomes.append(NudgeOutcome(plan.team_id, candidate.user_id,
                                         NudgeStatus.WOULD_SEND, candidate.reason))
        else:
            outcomes.append(await _send_one(posting, plan, candidate))
    return outcomes


async def send_nudges(posting: Posting, *, team_ids: list[int] | None = None,
                      dry_run: bool = False) -> list[NudgeOutcome]:
    """The current nudge run of every team (`kpibot nudge`); one team failing stops no other."""
    if team_ids is None:
        team_ids = [t.id for t in await posting.store.run(posts.all_teams) if t.id is not None]
    outcomes: list[NudgeOutcome] = []
    for team_id in team_ids:
        try:
            outcomes.extend(await send_team_nudges(posting, team_id=team_id, dry_run=dry_run))
        except Exception:
            logger.exception("nudges of team %s failed", team_id)
    return outcomes
