"""Setting targets: what the modal shows, what a submission may change, and who is told.

Takes typed input (bot.inputs.TargetsInput) from any front door: the modal's reader is
bot/blocks/targets_form.py."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction

from bot.blocks.targets_modal import Suggestion, TargetsForm
from bot.inputs import FieldErrors, Problem, TargetsDraft, TargetsInput
from bot.insights.benchmarks import bands_for
from bot.kpi.baseline import baseline_periods, counted_from
from bot.kpi.logparse import MAX_MONEY, currency_problem
from bot.kpi.metrics import METRICS, Metric
from bot.kpi.periods import Period, PeriodKind, local_today, period_containing
from bot.kpi.rounding import exact
from bot.kpi.targets import (
    TARGET_KINDS,
    Ramp,
    ResolvedTarget,
    TargetRecord,
    latest,
    ramp_for,
    resolve_target,
)
from bot.services.access import Access, NotAllowed, manageable_teams
from bot.services.team_scorecard import resolved_targets
from bot.services.teams import team_workdays
from storage import activity, people, targets
from storage.models import Team
from storage.session import Session
from storage.targets import NewTarget, TargetsWrite

__all__ = ["NotAllowed", "Saved", "save_targets", "targets_conflicts", "targets_form"]

# The most of one metric a target may ask for, per period kind: beyond is a typo.
COUNT_LIMITS = {PeriodKind.WEEK: 20_000, PeriodKind.MONTH: 80_000, PeriodKind.QUARTER: 250_000}
# The most pipeline one SDR's target may ask for, in the team's currency (room for currencies
# of small units such as NOK or JPY): beyond is a typo, and it would be DM'd to every SDR.
MONEY_LIMITS = {PeriodKind.WEEK: 50_000_000, PeriodKind.MONTH: 200_000_000,
                PeriodKind.QUARTER: 600_000_000}
HISTORY_PERIODS = 4  # the own average's periods (bot/kpi/baseline.py)
MAX_DAYS_BACK = 366
MAX_DAYS_AHEAD = 366
START_DAYS_BACK = 3 * 366  # a start date is history: ramp-ups are months long


def _team(session: Session, access: Access, team_id: int | None) -> tuple[Team, list[Team]]:
    teams = manageable_teams(session=session, access=access)
    if not teams:
        raise NotAllowed
    if team_id is None:
        return teams[0], teams
    for team in teams:
        if team.id == team_id:
            return team, teams
    raise NotAllowed


@dataclass(frozen=True)
class TargetsModalInputs:
    """Everything the modal's content is computed from, read in one go."""

    team: Team
    teams: list[Team]
    records: list[TargetRecord]
    sdrs: list[str]
    current: Period  # the period of the form's kind that holds today
    history: list[dict[str, dict[Metric, float]]]  # per past period (newest first), per SDR
    start_dates: dict[str, date]
    first_activity: dict[str, date]


def targets_modal_inputs(session: Session, access: Access, *, team_id: int | None,
                         kind: PeriodKind, user_ids: Sequence[str],
                         now: datetime) -> tuple[TargetsModalInputs, date]:
    team, teams = _team(session, access, team_id)
    assert team.id is not None
    today = local_today(team.timezone, now)
    sdrs = people.team_sdr_ids(session=session, team_id=team.id)
    current = period_containing(today, kind)
    ranges = [(p.start, p.end) for p in (current.shifted(-n)
                                         for n in range(1, HISTORY_PERIODS + 1))]
    return TargetsModalInputs(
        # money in the team's currency now, the one a target set here is in
        team, teams, targets.team_target_records(session=session, team_id=team.id,
                                                 currency=team.currency), sdrs,
        current, activity.sum_ranges_by_user(session=session, user_ids=sdrs, ranges=ranges,
                                             currency=team.currency),
        people.start_dates(session=session, user_ids=sdrs),
        activity.first_activity(session=session, user_ids=sdrs)), today


def own_averages(inputs: TargetsModalInputs, metric: Metric) -> dict[str, float]:
    """Each SDR's own average (SPEC's baseline, as on their scorecard) of the form's kind;
    SDRs with no complete period since their history began are left out."""
    found = {}
    for user_id in inputs.sdrs:
        origin = counted_from(inputs.first_activity.get(user_id),
                              inputs.start_dates.get(user_id))
        counted = baseline_periods(inputs.current, origin=origin, count=HISTORY_PERIODS)
        if counted:
            found[user_id] = sum(inputs.history[i].get(user_id, {}).get(metric, 0.0)
                                 for i in range(len(counted))) / len(counted)
    return found


def suggested(history: float, stretch_pct: int, money: bool) -> float:
    """History plus the stretch, rounded up (to whole units, money to hundreds from 1,000),
    so a suggestion is never below history."""
    value = exact(history) * (100 + stretch_pct) / 100
    step = 100 if money and value >= 1000 else 1
    return float(math.ceil(value / step) * step)


def _suggestions(inputs: TargetsModalInputs, user_ids: Sequence[str], for_default: bool
                 ) -> dict[Metric, Suggestion]:
    """The own average of the chosen SDRs (the median of every SDR's for a team default)
    plus the team's stretch, and the team median of the SDRs' own averages: realistic, but
    challenging by construction."""
    chosen = [u for u in user_ids if u in inputs.sdrs]
    result = {}
    for metric in METRICS:
        averages = own_averages(inputs, metric)
        median = statistics.median(averages.values()) if averages else None
        mine = [averages[u] for u in chosen if u in averages]
        history = median if for_default or not chosen else (
            sum(mine) / len(mine) if mine else None)
        suggestion = suggested(history, inputs.team.stretch_pct, metric.is_money) \
            if history else None
        if history or median:
            result[metric] = Suggestion(history or None, suggestion, median)
    return result


def _own_values(records: Sequence[TargetRecord], subjects: Sequence[str | None],
                kind: PeriodKind, period: Period) -> dict[Metric, float]:
    """What the form pre-fills: a value of its own kind that every subject (an SDR, or None
    for the team default) has as their own; nothing pro-rated or inherited."""
    values: dict[Metric, float] = {}
    for metric in METRICS:
        found = set()
        for owner in subjects:
            mine = latest(r for r in records if r.user_id == owner and r.kind is kind
                          and r.metric is metric and r.effective_from <= period.last_day)
            found.add(mine.value if mine is not None else None)
        if len(found) == 1 and (value := found.pop()) is not None and value > 0:
            values[metric] = value
    return values


def targets_form(session: Session, access: Access, *, team_id: int | None,
                 user_ids: Sequence[str], include_default: bool, kind: PeriodKind,
                 effective_from: date | None, rev: int, now: datetime
                 ) -> TargetsForm:
    """The modal's content for a selection: pre-filled only with values of the form's own
    kind that the selection has as its own; what applies otherwise (pro-rated, the team
    default) is a hint."""
    inputs, today = targets_modal_inputs(session, access, team_id=team_id, kind=kind,
                                         user_ids=user_ids, now=now)
    team, records = inputs.team, inputs.records
    assert team.id is not None
    start = effective_from or period_containing(today, kind).start
    period = period_containing(start, kind)
    chosen = [u for u in user_ids if u in inputs.sdrs]
    for_default = include_default or not user_ids
    subjects: list[str | None] = [*chosen, *([None] if for_default else [])]
    values = _own_values(records, subjects, kind, period)
    applying: dict[Metric, ResolvedTarget] = {}
    if len(subjects) == 1:
        for metric in METRICS:
            found = resolve_target(
                [r for r in records if r.user_id in (None, subjects[0])], metric=metric,
                period=period, user_id=subjects[0] or "", workdays=team_workdays(team))
            if metric not in values and found is not None and found.exact > 0:
                applying[metric] = found
    return TargetsForm(
        start_date=inputs.start_dates.get(chosen[0]) if len(chosen) == 1 else None,
        team_id=team.id, team_name=team.name,
        teams=[(t.id, t.name) for t in inputs.teams if t.id is not None],
        # ticked only when the manager ticked it: a box ticked for them would, once they
        # pick an SDR, set the team default too without their asking
        user_ids=list(user_ids), include_default=include_default, kind=kind,
        effective_from=start, values=values, applying=applying,
        suggestions=_suggestions(inputs, chosen, for_default),
        stretch_pct=team.stretch_pct, rev=rev,
        bands={m: band for m in METRICS if (band := bands_for(team.motion).get(m.value))},
    )


@dataclass(frozen=True)
class Saved:
    team: Team
    kind: PeriodKind
    effective_from: date
    changed: dict[str, dict[Metric, Fraction]]  # SDR -> the targets now in force, for the DM
    rows: int
    started: int = 0  # SDRs whose start date was set
    ramps: dict[str, Ramp] = field(default_factory=dict)  # SDRs still ramping up


def _whom(draft: TargetsDraft, team: Team, sdrs: set[str]) -> dict[str, Problem]:
    strangers = [u for u in draft.user_ids if u not in sdrs]
    if strangers:
        return {"user_ids": ("targets.not_in_team", {
            "users": ", ".join(f"<@{u}>" for u in strangers[:5]), "team": team.name})}
    if not draft.user_ids and not draft.include_default:
        return {"user_ids": ("targets.pick_someone", {})}
    return {}


def targets_conflicts(session: Session, access: Access, draft: TargetsDraft
                      ) -> dict[str, Problem]:
    """What the database says against whom a form is for, by field name (for a form whose
    other fields cannot be read yet, so that every problem is named at once)."""
    try:
        team, _ = _team(session, access, draft.team_id)
    except NotAllowed:
        return {"user_ids": ("targets.not_allowed", {})}
    assert team.id is not None
    return _whom(draft, team, set(people.team_sdr_ids(session=session, team_id=team.id)))


def _check(given: TargetsInput, team: Team, sdrs: set[str], today: date) -> dict[str, Problem]:
    """What the input may not say, by field name."""
    errors = _whom(TargetsDraft(given.team_id, given.user_ids, given.include_default),
                   team, sdrs)
    if not (today - timedelta(days=MAX_DAYS_BACK) <= given.effective_from
            <= today + timedelta(days=MAX_DAYS_AHEAD)):
        errors["effective_from"] = ("targets.date_range", {"days": MAX_DAYS_BACK})
    if given.start_date is not None:
        if not (today - timedelta(days=START_DAYS_BACK) <= given.start_date
                <= today + timedelta(days=MAX_DAYS_AHEAD)):
            errors["start_date"] = ("targets.start_range", {})
        elif not given.user_ids:
            errors["start_date"] = ("targets.start_needs_sdrs", {})
    if given.kind not in TARGET_KINDS:
        errors["kind"] = ("settings.bad_choice", {})
    for metric, value in given.values.items():
        limits = MONEY_LIMITS if metric.is_money else COUNT_LIMITS
        limit = min(limits.get(given.kind, 0), MAX_MONEY)
        if value < 0:
            errors[f"values.{metric.value}"] = ("form.negative", {"metric": metric.value})
        elif value > limit:
            errors[f"values.{metric.value}"] = ("form.too_large", {"limit": int(limit)})
    for metric, raw in given.money_text.items():
        if (problem := currency_problem(raw, team.currency)) is not None:
            errors[f"values.{metric.value}"] = ("form." + problem.code, problem.params)
    if not given.values and given.start_date is None:
        errors.setdefault("user_ids", ("targets.nothing_changed", {}))
    return errors


def save_targets(session: Session, access: Access, given: TargetsInput, *,
                 now: datetime) -> Saved:
    """Check the whole input, then store what changed in one transaction; FieldErrors (by
    field name) stores nothing, and so does NotAllowed."""
    try:
        team, _ = _team(session, access, given.team_id)
    except NotAllowed:
        raise FieldErrors({"user_ids": ("targets.not_allowed", {})}) from None
    assert team.id is not None
    today = local_today(team.timezone, now)
    sdrs = people.team_sdr_ids(session=session, team_id=team.id)
    errors = _check(given, team, set(sdrs), today)
    if errors:
        raise FieldErrors(errors)
    return _store(session, access, team, given, sdrs, today)


def _store(session: Session, access: Access, team: Team, given: TargetsInput,
           sdrs: list[str], today: date) -> Saved:
    assert team.id is not None
    kind, effective = given.kind, given.effective_from
    period = period_containing(max(effective, today), kind)
    workdays = team_workdays(team)
    records = targets.team_target_records(session=session, team_id=team.id,
                                          currency=team.currency)
    before = resolved_targets(records, user_ids=sdrs, period=period, workdays=workdays)
    owners: list[str | None] = list(given.user_ids)
    if given.include_default:
        owners.append(None)

    def in_force(owner: str | None, metric: Metric) -> float | None:
        mine = latest(r for r in records if r.user_id == owner and r.kind is kind
                      and r.metric is metric and r.effective_from <= effective)
        return mine.value if mine is not None else None

    new: list[NewTarget] = []
    for owner in owners:
        for metric, value in given.values.items():
            # An SDR without a target of their own has the team default: a form pre-filled
            # with it and sent back unchanged must not pin a private copy of it.
            current = in_force(owner, metric)
            if current is None and owner is not None:
                current = in_force(None, metric)
            if (current or 0.0) != value:
                new.append(NewTarget(owner, metric, value))
    started = targets.write_targets(session=session, write=TargetsWrite(
        team_id=team.id, kind=kind, effective_from=effective, targets=new,
        user_ids=list(given.user_ids), include_default=given.include_default,
        start_date=given.start_date,
        values={m.value: v for m, v in given.values.items()}, currency=team.currency),
        actor_id=access.user_id)
    after = resolved_targets(
        [*records, *(TargetRecord(t.metric, kind, t.value, effective, t.user_id) for t in new)],
        user_ids=sdrs, period=period, workdays=workdays)
    changed = {u: after[u] for u in sdrs if after[u] != before[u]}
    starts = people.start_dates(session=session, user_ids=list(changed))
    ramps = {u: r for u in changed if (r := ramp_for(starts.get(u), period.start)) is not None}
    return Saved(team, kind, effective, changed, len(new), started, ramps)
