"""An SDR's own scorecard (`/mykpis`, its period buttons, App Home): read its inputs in one
go, then compute it with the pure domain (bot/kpi/scorecard.py); rendering is the caller's.

A period is judged in the team the user was an SDR of then (SPEC: team membership has
history): its targets, working days, currency and members. Someone who was an SDR of no team
in the period (a manager who logs now and then, or someone who has not logged yet) is not
measured: their numbers show, with no targets. A manager is told so, in the same words on
`/mykpis` and App Home; the team scorecard and the weekly post leave them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bot.i18n import Translator
from bot.insights.benchmarks import bands_for
from bot.kpi.baseline import counted_from, own_average
from bot.kpi.membership import judged_on, sdrs_on, team_on
from bot.kpi.metrics import METRICS, Metric
from bot.kpi.money import currency_on, other_amounts, other_currencies
from bot.kpi.periods import Period, PeriodChoice, local_today
from bot.kpi.scorecard import Ranges, Scorecard, ScorecardFacts, build_scorecard, scorecard_ranges
from bot.kpi.targets import TargetRecord, availability, measured_targets, ramp_for
from bot.services import team_totals_cache
from bot.services.teams import Viewer, team_workdays, viewer
from storage import activity, people, scorecard_reads, targets
from storage.models import Team
from storage.session import Session

# Time off is read this far back: a day's own average and its comparison walk back over the
# SDR's previous working days, skipping days off.
DAYS_OFF_LOOKBACK = timedelta(days=400)


@dataclass(frozen=True)
class ScorecardInputs:
    """Everything one user's scorecard is computed from."""

    viewer: Viewer
    team: Team  # the team the period is judged in
    measured: bool  # an SDR of `team` in the period: targets apply
    manager: bool  # manages a team (only read when not measured)
    today: date
    period: Period
    ranges: Ranges
    mine: list[dict[Metric, float]]  # current, previous, then the own average's periods
    team_totals: dict[Metric, float]
    team_size: int
    records: list[TargetRecord]
    days_off: set[date]
    currency: str = "USD"  # the team's in force for the period: money is measured in it
    other_money: dict[str, float] = field(default_factory=dict)  # the period's, in others
    # the currencies other than `currency` that the previous and the own average's periods hold
    earlier_other_currencies: tuple[str, ...] = ()

    @property
    def tr(self) -> Translator:
        """The reader's language, in the currency the period is measured in."""
        return Translator(self.viewer.person.locale if self.viewer.person else None,
                          self.currency)


def scorecard_inputs(session: Session, *, user_id: str, choice: PeriodChoice, now: datetime
                     ) -> ScorecardInputs:
    """The reads behind a scorecard, all before any computing."""
    who = viewer(session=session, user_id=user_id)
    today = local_today(who.team.timezone, now)
    period = choice.resolve(today)
    day = judged_on(period, today)
    mine = scorecard_reads.user_facts(session, user_id=user_id,
                                      start=period.start - DAYS_OFF_LOOKBACK, end=period.end)
    team_id = team_on(mine.spells, day)
    team = who.team if team_id is None or team_id == who.team.id else \
        people.team_by_id(session=session, team_id=team_id) or who.team
    assert team.id is not None
    workdays = team_workdays(team)
    off = mine.days_off
    start = who.person.start_date if who.person else None
    ranges = scorecard_ranges(period, today, workdays=workdays, days_off=off,
                              origin=counted_from(mine.first_activity, start))
    theirs = scorecard_reads.team_facts(session, team_id=team.id, user_id=user_id)
    sdrs = sdrs_on(theirs.spells, team.id, day)
    currency = currency_on(theirs.currency_spells, day, now=team.currency)
    # The team's totals are every member's the same: kept against the data's version.
    cache = team_totals_cache.for_engine(session.get_bind().engine)
    key = None if mine.version is None else cache.key(
        version=mine.version, team_id=team.id, sdrs=sdrs, span=ranges.current, currency=currency)
    team_totals = None if key is None else cache.get(key)
    sums, money = activity.sums_and_money(session=session, parts=[
        ([user_id], ranges.current), ([user_id], ranges.previous),
        *(([user_id], r) for r in ranges.baseline),
        *([(sdrs, ranges.current)] if team_totals is None else [])], currency=currency)
    if team_totals is None:
        team_totals = sums.pop()
        money.pop()
        if key is not None:
            cache.keep(key, team_totals)
    return ScorecardInputs(
        viewer=who, team=team, measured=team_id is not None,
        manager=team_id is None and bool(people.managed_team_ids(session=session,
                                                                  user_id=user_id)),
        today=today, period=period,
        ranges=ranges, mine=sums, team_totals=team_totals, team_size=len(sdrs),
        records=targets.records_from(theirs.target_rows, currency)
        if team_id is not None else [],
        days_off=off, currency=currency, other_money=other_amounts(money[0], currency),
        # the comparison and the own average read money[1:] in this period's currency only
        earlier_other_currencies=other_currencies(*money[1:], measured=currency))


def compute_scorecard(inputs: ScorecardInputs) -> Scorecard:
    """Pure: the scorecard from its inputs."""
    who, period = inputs.viewer, inputs.period
    workdays = team_workdays(inputs.team)
    start = who.person.start_date if who.person else None
    in_period = {d for d in inputs.days_off if period.contains(d)}
    measured = measured_targets(inputs.records, metrics=METRICS, period=period,
                                user_id=who.user_id, start=start, workdays=workdays,
                                days_off=in_period) if inputs.measured else {}
    return build_scorecard(ScorecardFacts(
        user_id=who.user_id,
        period=period,
        today=inputs.today,
        current=inputs.mine[0],
        previous=inputs.mine[1],
        own_average=own_average(inputs.mine[2:], period.kind),
        team_totals=inputs.team_totals,
        team_size=inputs.team_size,
        targets=measured,
        workdays=workdays,
        days_off=in_period,
        basis=inputs.ranges.basis,
        ramp=ramp_for(start, period.start) if measured else None,
        availability=availability(period, workdays=workdays, days_off=in_period)
        if measured else None,
        measured=inputs.measured,
        manager_only=inputs.manager,
        bands=bands_for(inputs.team.motion),
        other_money=inputs.other_money,
        earlier_other_currencies=inputs.earlier_other_currencies,
    ))


@dataclass(frozen=True)
class ScorecardResult:
    scorecard: Scorecard
    viewer: Viewer
    choice: PeriodChoice
    team: Team
    tr: Translator


def my_scorecard(session: Session, *, user_id: str, choice: PeriodChoice, now: datetime
                 ) -> ScorecardResult:
    inputs = scorecard_inputs(session, user_id=user_id, choice=choice, now=now)
    return ScorecardResult(compute_scorecard(inputs), inputs.viewer, choice, inputs.team,
                           inputs.tr)
