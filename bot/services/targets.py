"""Setting targets: what the modal shows, what a submission may change, and who is told."""

from __future__ import annotations

import json
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session

from bot.blocks import ids
from bot.blocks.targets_modal import Suggestion, TargetsForm
from bot.kpi.logparse import MAX_MONEY, ParseError, Reader, parse_amount
from bot.kpi.metrics import METRICS, Metric
from bot.kpi.periods import PeriodKind, local_today, period_containing
from bot.kpi.targets import TARGET_KINDS, Ramp, ramp_for, resolve_target
from bot.services.access import Access, manageable_teams
from bot.services.log_form import FormErrors
from bot.services.team_scorecard import resolved_targets
from bot.services.teams import team_workdays
from storage import queries
from storage.models import AuditEvent, Target, Team

# The most of one metric a target may ask for, per period kind: beyond is a typo.
COUNT_LIMITS = {PeriodKind.WEEK: 20_000, PeriodKind.MONTH: 80_000, PeriodKind.QUARTER: 250_000}
HISTORY_PERIODS = 4
MAX_DAYS_BACK = 366
MAX_DAYS_AHEAD = 366
START_DAYS_BACK = 3 * 366  # a start date is history: ramp-ups are months long


class NotAllowed(Exception):
    """The user may not manage any team, or not this one."""


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


def _suggestions(session: Session, team: Team, user_ids: Sequence[str], kind: PeriodKind,
                 today: date) -> dict[Metric, Suggestion]:
    """Trailing average of the last complete periods plus the team's stretch, and the median
    of every SDR's own trailing average: realistic, but challenging by construction."""
    assert team.id is not None
    sdrs = queries.team_sdr_ids(session=session, team_id=team.id)
    period = period_containing(today, kind)
    ranges = []
    for _ in range(HISTORY_PERIODS):
        period = period.previous()
        ranges.append((period.start, period.end))
    per_range = queries.sum_ranges_by_user(session=session, user_ids=sdrs, ranges=ranges)
    chosen = [u for u in user_ids if u in sdrs]
    suggestions = {}
    for metric in METRICS:
        averages = {u: sum(r.get(u, {}).get(metric, 0.0) for r in per_range) / HISTORY_PERIODS
                    for u in sdrs}
        active = [v for v in averages.values() if v > 0]
        median = statistics.median(active) if active else None
        history = (sum(averages[u] for u in chosen) / len(chosen)) if chosen else median
        suggested = None
        if history:
            suggested = history * (1 + team.stretch_pct / 100)
            suggested = round(suggested, -2) if metric.is_money else float(round(suggested))
        if history or median:
            suggestions[metric] = Suggestion(history or None, suggested, median)
    return suggestions


def targets_form(session: Session, access: Access, *, team_id: int | None,
                 user_ids: Sequence[str], include_default: bool, kind: PeriodKind,
                 effective_from: date | None, rev: int, now: Any = None) -> TargetsForm:
    """The modal's content for a selection; pre-filled with what is in force for it now."""
    team, teams = _team(session, access, team_id)
    assert team.id is not None
    today = local_today(team.timezone, now)
    start = effective_from or period_containing(today, kind).start
    period = period_containing(start, kind)
    records = queries.team_target_records(session=session, team_id=team.id)
    sdrs = set(queries.team_sdr_ids(session=session, team_id=team.id))
    chosen = [u for u in user_ids if u in sdrs]
    values: dict[Metric, float] = {}
    if len(chosen) == 1 and not include_default:
        values = resolved_targets(records, user_ids=chosen, period=period,
                                  workdays=team_workdays(team))[chosen[0]]
    else:
        for metric in METRICS:
            defaults = [r for r in records if r.user_id is None and r.kind is kind]
            found = resolve_target(defaults, metric=metric, period=period, user_id="",
                                   workdays=team_workdays(team))
            if found is not None and found.origin == "team":
                values[metric] = found.value
    start_date = (queries.start_dates(session=session, user_ids=chosen).get(chosen[0])
                  if len(chosen) == 1 else None)
    return TargetsForm(
        start_date=start_date,
        team_id=team.id, team_name=team.name,
        teams=[(t.id, t.name) for t in teams if t.id is not None],
        user_ids=list(user_ids), include_default=include_default or not user_ids, kind=kind,
        effective_from=start, values=values,
        suggestions=_suggestions(session, team, chosen, kind, today),
        stretch_pct=team.stretch_pct, rev=rev,
    )


# --- reading a submission -------------------------------------------------------------------


def _element(values: Mapping[str, Any], block_id: str, action_id: str) -> Mapping[str, Any]:
    block = values.get(block_id)
    element = block.get(action_id) if isinstance(block, Mapping) else None
    return element if isinstance(element, Mapping) else {}


def metadata(view: Mapping[str, Any]) -> dict[str, int]:
    """team_id and rev from private_metadata: hints only, every use is re-authorised."""
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        data = {}
    result = {}
    for key in ("team_id", "rev"):
        value = data.get(key) if isinstance(data, dict) else None
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**31:
            result[key] = value
    return result


@dataclass(frozen=True)
class Selection:
    team_id: int | None
    user_ids: list[str]
    include_default: bool
    kind: PeriodKind
    effective_from: date | None
    start_date: date | None = None  # the picked SDRs' first day, when given
    bad_start: bool = False


def read_selection(view: Mapping[str, Any]) -> Selection:
    """The selection part of the modal state (for redraws); tolerant of anything odd."""
    values = (view.get("state") or {}).get("values") or {}
    if not isinstance(values, Mapping):
        values = {}
    meta = metadata(view)
    team_id = meta.get("team_id")
    picked = _element(values, ids.TARGETS_TEAM_BLOCK, ids.TARGETS_TEAM_ACTION).get(
        "selected_option")
    if isinstance(picked, Mapping) and str(picked.get("value", "")).isdigit():
        team_id = int(str(picked["value"]))
    users = _element(values, ids.TARGETS_SDRS_BLOCK, ids.TARGETS_SDRS_ACTION).get(
        "selected_users")
    user_ids = [u for u in users if isinstance(u, str) and len(u) <= 32][:100] \
        if isinstance(users, list) else []
    options = _element(values, ids.TARGETS_DEFAULT_BLOCK, ids.TARGETS_DEFAULT_ACTION).get(
        "selected_options")
    include_default = isinstance(options, list) and any(
        isinstance(o, Mapping) and o.get("value") == "team" for o in options)
    kind_option = _element(values, ids.TARGETS_KIND_BLOCK, ids.TARGETS_KIND_ACTION).get(
        "selected_option")
    kind_value = kind_option.get("value") if isinstance(kind_option, Mapping) else None
    kind = PeriodKind(kind_value) if kind_value in {k.value for k in TARGET_KINDS} \
        else PeriodKind.WEEK
    raw_date = _element(values, ids.TARGETS_FROM_BLOCK, ids.TARGETS_FROM_ACTION).get(
        "selected_date")
    try:
        effective = date.fromisoformat(raw_date) if isinstance(raw_date, str) else None
    except ValueError:
        effective = None
    raw_start = _element(values, ids.TARGETS_START_BLOCK, ids.TARGETS_START_ACTION).get(
        "selected_date")
    start, bad_start = None, False
    if isinstance(raw_start, str) and raw_start:
        try:
            start = date.fromisoformat(raw_start)
        except ValueError:
            bad_start = True
    elif raw_start is not None:
        bad_start = True
    return Selection(team_id, user_ids, include_default, kind, effective, start, bad_start)


@dataclass(frozen=True)
class Saved:
    team: Team
    kind: PeriodKind
    effective_from: date
    changed: dict[str, dict[Metric, float]]  # SDR -> the targets now in force, for the DM
    rows: int
    started: int = 0  # SDRs whose start date was set
    ramps: dict[str, Ramp] = field(default_factory=dict)  # SDRs still ramping up


Errors = dict[str, tuple[str, dict[str, object]]]


def _read_values(values: Mapping[str, Any], kind: PeriodKind, rev: int | None, errors: Errors,
                 reader: Reader | None = None) -> dict[Metric, float]:
    """A value per metric (0 for an emptied field). Field ids carry a revision; take any."""
    found: dict[Metric, float] = {}
    limit = COUNT_LIMITS[kind]
    for block_id, block in values.items():
        if not isinstance(block_id, str) or not block_id.startswith(ids.TARGET_FIELD_PREFIX):
            continue
        key = block_id[len(ids.TARGET_FIELD_PREFIX):].split(":")[0]
        try:
            metric = Metric(key)
        except ValueError:
            continue
        element = block.get(ids.TARGET_FIELD_ACTION) if isinstance(block, Mapping) else None
        raw = element.get("value") if isinstance(element, Mapping) else None
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            found[metric] = 0.0
            continue
        if not isinstance(raw, str) or len(raw) > 40:
            errors[block_id] = ("form.not_a_number", {})
            continue
        try:
            value = 0.0 if raw.strip() == "0" else parse_amount(raw.strip(), metric,
                                                                reader=reader)
        except ParseError as exc:
            code = "too_large" if exc.code == "too_large" else exc.code
            errors[block_id] = ("form." + code, {"limit": int(MAX_MONEY), **exc.params})
            continue
        if not metric.is_money and value > limit:
            errors[block_id] = ("form.too_large", {"limit": limit})
            continue
        found[metric] = value
    return found


def save_targets(session: Session, access: Access, *, view: Mapping[str, Any],
                 now: Any = None) -> Saved:
    """Validate the whole submission, then store what changed; FormErrors stores nothing."""
    selection = read_selection(view)
    errors: Errors = {}
    try:
        team, _ = _team(session, access, selection.team_id)
    except NotAllowed:
        raise FormErrors({ids.TARGETS_SDRS_BLOCK: ("targets.not_allowed", {})}) from None
    assert team.id is not None
    today = local_today(team.timezone, now)
    sdrs = set(queries.team_sdr_ids(session=session, team_id=team.id))
    strangers = [u for u in selection.user_ids if u not in sdrs]
    if strangers:
        errors[ids.TARGETS_SDRS_BLOCK] = ("targets.not_in_team", {
            "users": ", ".join(f"<@{u}>" for u in strangers[:5]), "team": team.name})
    elif not selection.user_ids and not selection.include_default:
        errors[ids.TARGETS_SDRS_BLOCK] = ("targets.pick_someone", {})
    effective = selection.effective_from
    if effective is None:
        errors[ids.TARGETS_FROM_BLOCK] = ("form.date_required", {})
    elif not (today - timedelta(days=MAX_DAYS_BACK) <= effective
              <= today + timedelta(days=MAX_DAYS_AHEAD)):
        errors[ids.TARGETS_FROM_BLOCK] = ("targets.date_range", {"days": MAX_DAYS_BACK})
    if selection.bad_start or (selection.start_date is not None and not (
            today - timedelta(days=START_DAYS_BACK) <= selection.start_date
            <= today + timedelta(days=MAX_DAYS_AHEAD))):
        errors[ids.TARGETS_START_BLOCK] = ("targets.start_range", {})
    elif selection.start_date is not None and not selection.user_ids:
        errors[ids.TARGETS_START_BLOCK] = ("targets.start_needs_sdrs", {})
    values = (view.get("state") or {}).get("values") or {}
    new_values = _read_values(values if isinstance(values, Mapping) else {}, selection.kind,
                              metadata(view).get("rev"), errors, Reader(currency=team.currency))
    if not new_values and not errors:
        errors[ids.TARGETS_SDRS_BLOCK] = ("targets.no_fields", {})
    if errors:
        raise FormErrors(errors)
    assert effective is not None
    return _store(session, access, team, selection, effective, new_values, sorted(sdrs), today)


def _store(session: Session, access: Access, team: Team, selection: Selection,
           effective: date, new_values: Mapping[Metric, float], sdrs: list[str], today: date
           ) -> Saved:
    assert team.id is not None
    kind = selection.kind
    period = period_containing(max(effective, today), kind)
    workdays = team_workdays(team)
    records = queries.team_target_records(session=session, team_id=team.id)
    before = resolved_targets(records, user_ids=sdrs, period=period, workdays=workdays)
    owners: list[str | None] = list(selection.user_ids)
    if selection.include_default:
        owners.append(None)
    rows = 0
    def in_force(owner: str | None, metric: Metric) -> float | None:
        mine = [r for r in records if r.user_id == owner and r.kind is kind
                and r.metric is metric and r.effective_from <= effective]
        return max(mine, key=lambda r: r.effective_from).value if mine else None

    for owner in owners:
        for metric, value in new_values.items():
            # An SDR without a target of their own has the team default: a form pre-filled
            # with it and sent back unchanged must not pin a private copy of it.
            current = in_force(owner, metric)
            if current is None and owner is not None:
                current = in_force(None, metric)
            if (current or 0.0) == value:
                continue
            session.add(Target(team_id=team.id, user_id=owner, metric=metric.value,
                               kind=kind.value, value=value, effective_from=effective,
                               set_by=access.user_id))
            rows += 1
    started = 0
    if selection.start_date is not None:
        for person in queries.people(session=session, user_ids=selection.user_ids).values():
            if person.start_date != selection.start_date:
                person.start_date = selection.start_date
                session.add(person)
                started += 1
        if started:
            session.add(AuditEvent(
                actor_id=access.user_id, action="people.start_date", subject=f"team:{team.id}",
                detail=json.dumps({"users": selection.user_ids,
                                   "start_date": selection.start_date.isoformat()})))
            session.commit()
    if rows:
        session.add(AuditEvent(
            actor_id=access.user_id, action="targets.set", subject=f"team:{team.id}",
            detail=json.dumps({"users": selection.user_ids, "team_default":
                               selection.include_default, "kind": kind.value,
                               "from": effective.isoformat(),
                               "values": {m.value: v for m, v in new_values.items()}})))
        session.commit()
    records = queries.team_target_records(session=session, team_id=team.id)
    after = resolved_targets(records, user_ids=sdrs, period=period, workdays=workdays)
    changed = {u: after[u] for u in sdrs if after[u] != before[u]}
    starts = queries.start_dates(session=session, user_ids=list(changed))
    ramps = {u: r for u in changed if (r := ramp_for(starts.get(u), period.start)) is not None}
    return Saved(team, kind, effective, changed, rows, started, ramps)
