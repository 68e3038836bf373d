"""A second, deliberately simple implementation of SPEC's "Metrics" and "Targets, pace and
benchmarks": plain Python over raw rows, written from the spec's words alone.

It shares nothing with `bot/` beyond the metric key strings, so that when the app and this model
disagree one of them misread the spec. Everything is slow and obvious on purpose: totals walk
every row, working days walk every date. Where SPEC is silent the choice made here is written
beside the code ("Choice:"); the engineer fixing issue 9 should copy those into the README.
In short:
- a period is judged with the membership in force on its last day (today, while in progress);
- a target is in force for a period when it took effect on or before the period's last day
  (of two taking effect the same day, the one set last);
  a target of 0, or scaled to 0 (every day off), means "not measured";
- pro-rating looks at the nearest other kind first, the SDR's own before the team default,
  and takes each working day's share from the period of that kind it lies in (SPEC's
  straddling week, generalised: a quarter from a month target is its three months' targets);
- ramp applies at the period's first day; availability uses the team's working days;
- the first activity is the first live (not undone) row;
- a complete period is compared whole with the one before; a day with the SDR's previous
  working day; a month or quarter in progress with the first k team working days of the
  previous one, k being the team working days from its start through today;
- pace: ahead above 105 % of expected-to-date, behind below 95 %;
- the weekly post reports the last week that has ended (Monday to Sunday);
- money keeps the currency its row was logged in; a period is measured in the team's currency
  on the day that judges it (as membership); other currencies are shown beside, count toward
  nothing, and a money target measures only amounts in its own currency.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

# --- the vocabulary (the only thing shared with the app: the metric keys) ----------------------

METRIC_KEYS: tuple[str, ...] = (
    "calls", "conversations", "emails", "social", "meetings_booked", "meetings_held", "leads",
    "qualified_leads", "opportunities", "pipeline",
)
MONEY_METRICS = frozenset({"pipeline"})
# rate key -> (numerator, denominator)
RATES: dict[str, tuple[str, str]] = {
    "connect_rate": ("conversations", "calls"),
    "lead_quality": ("qualified_leads", "leads"),
    "conversion_rate": ("opportunities", "leads"),
    "show_rate": ("meetings_held", "meetings_booked"),
    "avg_opportunity_value": ("pipeline", "opportunities"),
}
PERCENT_RATES = ("connect_rate", "lead_quality", "conversion_rate", "show_rate")
KINDS = ("day", "week", "month", "quarter")
TARGET_KINDS = ("week", "month", "quarter")
# SPEC: "nearest first: for a day week, month, quarter; for a week month, quarter; for a month
# week, quarter; for a quarter month, week".
NEAREST: dict[str, tuple[str, ...]] = {
    "day": ("week", "month", "quarter"),
    "week": ("month", "quarter"),
    "month": ("week", "quarter"),
    "quarter": ("month", "week"),
}
OWN_AVERAGE_PERIODS = 4
ON_TRACK_BAND = 0.05
ATTAINMENT_CAP = 1.5
SMALL_BASE = 5  # below 5 in a count base: the two counts instead of a percentage
MON_FRI = frozenset({0, 1, 2, 3, 4})


# --- inputs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One activity row as the log holds it: a day in the team's time zone."""

    user: str
    day: date
    metric: str
    quantity: float
    deleted: bool = False
    currency: str = "USD"  # money: the currency its team used when it was logged


@dataclass(frozen=True)
class Membership:
    """`user` belongs to `team` in `role` from `since` until their next membership begins."""

    user: str
    team: str
    role: str  # "sdr" or "manager"
    since: date


@dataclass(frozen=True)
class TargetRow:
    team: str
    user: str | None  # None: the team default
    metric: str
    kind: str  # week, month, quarter
    value: float
    effective_from: date
    currency: str = "USD"  # money: the team's currency when it was set


@dataclass(frozen=True)
class TeamSettings:
    name: str
    timezone: str = "UTC"
    workdays: frozenset[int] = MON_FRI
    currency: str = "USD"  # the first currency, reaching back
    changes: tuple[tuple[date, str], ...] = ()  # (from, currency), oldest first
    ramp: tuple[float, ...] = (0.5, 0.75, 1.0)
    stretch: float = 0.10
    nudge_share: float = 0.10


@dataclass(frozen=True)
class Person:
    user: str
    start_date: date | None = None


@dataclass
class World:
    teams: dict[str, TeamSettings]
    memberships: list[Membership] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)
    time_off: dict[str, set[date]] = field(default_factory=dict)


# --- periods and working days -----------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """Days [start, end) of one kind."""

    kind: str
    start: date
    end: date

    @property
    def last(self) -> date:
        return self.end - timedelta(days=1)

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days)]

    def has(self, day: date) -> bool:
        return self.start <= day < self.end


def _first_of_month(year: int, month: int) -> date:
    while month > 12:
        year, month = year + 1, month - 12
    return date(year, month, 1)


def span_of(day: date, kind: str) -> Span:
    if kind == "day":
        return Span(kind, day, day + timedelta(days=1))
    if kind == "week":
        monday = day - timedelta(days=day.weekday())
        return Span(kind, monday, monday + timedelta(days=7))
    if kind == "month":
        return Span(kind, day.replace(day=1), _first_of_month(day.year, day.month + 1))
    if kind == "quarter":
        first = (day.month - 1) // 3 * 3 + 1
        return Span(kind, date(day.year, first, 1), _first_of_month(day.year, first + 3))
    raise ValueError(kind)


def before(span: Span) -> Span:
    return span_of(span.start - timedelta(days=1), span.kind)


def today_in(now: datetime, timezone: str) -> date:
    assert now.tzinfo is not None, "now must be an aware datetime"
    return now.astimezone(ZoneInfo(timezone)).date()


def count_days(days: Iterable[date], workdays: frozenset[int], off: set[date] | None = None
               ) -> int:
    off = off or set()
    return sum(1 for d in days if d.weekday() in workdays and d not in off)


# --- exact arithmetic and rounding, as printed --------------------------------------------------


def exact(value: float | Fraction) -> Fraction:
    """A number as the decimal a person typed (21.6 is 216/10, not the nearest binary float):
    targets, shares and paces are computed in fractions, so a tie such as 0.75 stays a tie."""
    return value if isinstance(value, Fraction) else Fraction(repr(float(value)))


def half_up(value: float | Fraction, places: int = 0) -> Decimal:
    """Half away from zero, on the exact value (a fraction), or on the decimal a float reads
    as (its repr), never on the binary float itself."""
    exponent = Decimal(1).scaleb(-places)
    if isinstance(value, Fraction):
        scaled = value * 10**places
        whole = abs(scaled.numerator) * 2 + abs(scaled.denominator)
        rounded = whole // (2 * abs(scaled.denominator))  # floor(|x| + 1/2)
        return (Decimal(rounded if scaled >= 0 else -rounded) * exponent).quantize(exponent)
    return Decimal(repr(float(value))).quantize(exponent, rounding=ROUND_HALF_UP)


def printed_target(value: float, metric: str) -> Decimal:
    """SPEC: a target that is not whole is printed with one decimal, money with minor units."""
    if metric in MONEY_METRICS:
        return half_up(value, 2)
    if float(value).is_integer():
        return Decimal(int(value))
    return half_up(value, 1)


def printed_percent(numerator: Decimal | float, denominator: Decimal | float) -> int | None:
    """A whole percentage that agrees with the two numbers as printed."""
    if Decimal(str(denominator)) <= 0:
        return None
    exact = Decimal(str(numerator)) * 100 / Decimal(str(denominator))
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --- who is where -----------------------------------------------------------------------------


def live_rows(world: World, user: str) -> list[Row]:
    return [r for r in world.rows if r.user == user and not r.deleted]


def first_activity(world: World, user: str) -> date | None:
    days = [r.day for r in live_rows(world, user)]
    return min(days) if days else None


def counted_from(world: World, user: str) -> date | None:
    """SPEC: "first activity or start date" means the earlier of the two."""
    person = world.people.get(user)
    candidates = [d for d in (first_activity(world, user), person and person.start_date) if d]
    return min(candidates) if candidates else None


def membership_on(world: World, user: str, day: date) -> Membership | None:
    """The membership in force on `day`. SPEC: a new member belongs to the team from the
    earlier of first activity and start date, so the first membership reaches back to it."""
    mine = sorted((m for m in world.memberships if m.user == user), key=lambda m: m.since)
    if not mine:
        return None
    origin = counted_from(world, user)
    if origin is not None and origin < mine[0].since:
        mine[0] = Membership(mine[0].user, mine[0].team, mine[0].role, origin)
    current = None
    for m in mine:
        if m.since <= day:
            current = m
    return current


def judged_on(span: Span, today: date) -> date:
    """Choice: a period is judged with the membership in force on its last day, or today for a
    period in progress."""
    return min(span.last, today)


def team_of(world: World, user: str, span: Span, today: date) -> str | None:
    m = membership_on(world, user, judged_on(span, today))
    return m.team if m is not None and m.role == "sdr" else None


def sdrs_of(world: World, team: str, span: Span, today: date) -> list[str]:
    users = sorted({m.user for m in world.memberships})
    return [u for u in users if team_of(world, u, span, today) == team]


# --- totals and rates ---------------------------------------------------------------------------


def currency_on(team: TeamSettings, day: date) -> str:
    """The team's currency on `day`: the latest change on or before it, else its first."""
    found = team.currency
    for since, code in team.changes:
        if since <= day:
            found = code
    return found


def measured_in(world: World, team: str, span: Span, today: date) -> str:
    """Choice (SPEC: "judged with the currency in force then"): a period's money is measured
    in the team's currency on the day that judges it; no exchange rates."""
    return currency_on(world.teams[team], judged_on(span, today))


def totals(world: World, user: str, start: date, end: date, currency: str | None = None
           ) -> dict[str, float]:
    """Live quantities per metric over [start, end); every metric present, 0 when none.
    Money counts only in `currency` (None: every currency)."""
    result = dict.fromkeys(METRIC_KEYS, 0.0)
    for r in live_rows(world, user):
        if start <= r.day < end and (currency is None or r.metric not in MONEY_METRICS
                                     or r.currency == currency):
            result[r.metric] += r.quantity
    return result


def other_money(world: World, users: Iterable[str], start: date, end: date, currency: str
                ) -> dict[str, float]:
    """Money over [start, end) in currencies other than `currency`, per currency."""
    found: dict[str, float] = {}
    for user in users:
        for r in live_rows(world, user):
            if start <= r.day < end and r.metric in MONEY_METRICS and r.currency != currency:
                found[r.currency] = found.get(r.currency, 0.0) + r.quantity
    return found


def shown_range(span: Span, today: date) -> tuple[date, date]:
    """A period in progress counts up to today, inclusive; a future one counts nothing."""
    if span.has(today):
        return span.start, today + timedelta(days=1)
    return span.start, span.end


def rates(t: Mapping[str, float]) -> dict[str, float | None]:
    """SPEC: never divided by zero; None where the base is 0."""
    out: dict[str, float | None] = {}
    for key, (num, den) in RATES.items():
        out[key] = t.get(num, 0.0) / t[den] if t.get(den, 0.0) > 0 else None
    return out


def inconsistent_rates(t: Mapping[str, float]) -> list[str]:
    """SPEC: a percentage rate above 100 % is shown and flagged."""
    found = []
    for key in PERCENT_RATES:
        value = rates(t)[key]
        if value is not None and value > 1:
            found.append(key)
    return found


# --- own average --------------------------------------------------------------------------------


@dataclass(frozen=True)
class OwnAverage:
    values: dict[str, float] | None  # per metric; None: no period counted
    count: int
    spans: tuple[Span, ...]


def own_average(world: World, user: str, span: Span, team: TeamSettings,
                currency: str | None = None) -> OwnAverage:
    """The mean over the 4 most recent complete periods of the same kind before `span` (for a
    day: the SDR's 4 previous working days), counting only periods that begin on or after the
    earlier of first activity and start date; empty ones count as zero."""
    origin = counted_from(world, user)
    if origin is None:
        return OwnAverage(None, 0, ())
    candidates: list[Span] = []
    off = world.time_off.get(user, set())
    cursor = span
    # Walk back until 4 periods are found or we are before the origin.
    while len(candidates) < OWN_AVERAGE_PERIODS:
        cursor = before(cursor)
        if cursor.start < origin:
            break
        if cursor.kind == "day" and (cursor.start.weekday() not in team.workdays
                                     or cursor.start in off):
            continue
        candidates.append(cursor)
    if not candidates:
        return OwnAverage(None, 0, ())
    sums = dict.fromkeys(METRIC_KEYS, 0.0)
    for c in candidates:
        for metric, value in totals(world, user, c.start, c.end, currency).items():
            sums[metric] += value
    return OwnAverage({m: v / len(candidates) for m, v in sums.items()}, len(candidates),
                      tuple(candidates))


# --- comparisons --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    label: str  # previous_working_day, this_time_last_<kind>, previous_<kind>
    base_range: tuple[date, date]
    current: float
    base: float
    direction: str  # up, down, none
    percent: int | None  # None: the two numbers are shown instead


def comparison_range(world: World, user: str, span: Span, today: date, team: TeamSettings
                     ) -> tuple[str, tuple[date, date]]:
    in_progress = span.has(today)
    if span.kind == "day":
        off = world.time_off.get(user, set())
        day = span.start - timedelta(days=1)
        for _ in range(366):
            if day.weekday() in team.workdays and day not in off:
                break
            day -= timedelta(days=1)
        return "previous_working_day", (day, day + timedelta(days=1))
    prev = before(span)
    if not in_progress:
        return f"previous_{span.kind}", (prev.start, prev.end)
    label = f"this_time_last_{span.kind}"
    if span.kind == "week":
        return label, (prev.start, prev.start + timedelta(days=(today - span.start).days + 1))
    # month, quarter: up to the same team working-day offset
    offset = count_days(Span("day", span.start, today + timedelta(days=1)).days(), team.workdays)
    seen = 0
    end = prev.start
    for day in prev.days():
        if seen == offset:
            break
        if day.weekday() in team.workdays:
            seen += 1
        end = day + timedelta(days=1)
    return label, (prev.start, end)


def compare(world: World, user: str, span: Span, today: date, team: TeamSettings,
            metric: str, currency: str | None = None) -> Comparison:
    label, (start, end) = comparison_range(world, user, span, today, team)
    current = totals(world, user, *shown_range(span, today), currency)[metric]
    base = totals(world, user, start, end, currency)[metric]
    direction = "up" if current > base else "down" if current < base else "none"
    if metric in MONEY_METRICS:
        percent = printed_percent(current - base, base) if base > 0 else None
    else:
        percent = printed_percent(current - base, base) if base >= SMALL_BASE else None
    return Comparison(label, (start, end), current, base, direction, percent)


# --- targets ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResolvedTarget:
    value: float  # after ramp and availability
    base_value: float  # before them
    exact: Fraction  # value, exactly
    source: str  # "own week", "team month", ...
    prorated: bool
    ramp: float
    availability: float


def _in_force(world: World, team: str, user: str | None, metric: str, kind: str, on: date,
              currency: str | None = None) -> TargetRow | None:
    """Choice: the newest record that took effect on or before the period's last day; of two
    taking effect the same day, the one set last (world.targets is in the order they were
    set), as a manager who sets a target twice in a day expects."""
    found = [t for t in world.targets
             if t.team == team and t.user == user and t.metric == metric and t.kind == kind
             and t.effective_from <= on
             # a money target measures only amounts in its own currency
             and (currency is None or metric not in MONEY_METRICS or t.currency == currency)]
    newest = max((t.effective_from for t in found), default=None)
    return [t for t in found if t.effective_from == newest][-1] if found else None


def ramp_factor(world: World, user: str, on: date, team: TeamSettings) -> tuple[float, int]:
    """(factor, month) on `on`: months count from the start date (15 March to 14 April is
    month 1); fully ramped (1.0, 0) after the schedule or with no start date."""
    person = world.people.get(user)
    if person is None or person.start_date is None or not team.ramp:
        return 1.0, 0
    start = person.start_date
    months = (on.year - start.year) * 12 + on.month - start.month - (on.day < start.day)
    month = max(months, 0) + 1
    if month > len(team.ramp):
        return 1.0, 0
    return team.ramp[month - 1], month


def availability(world: World, user: str, span: Span, team: TeamSettings) -> float:
    """SPEC: available working days (working days minus time off) over the period's."""
    total = count_days(span.days(), team.workdays)
    if total == 0:
        return 1.0
    return count_days(span.days(), team.workdays, world.time_off.get(user, set())) / total


def base_target(world: World, team_name: str, user: str, metric: str, span: Span,
                currency: str | None = None) -> tuple[Fraction, str, bool] | None:
    """SPEC's order: own target of the period's kind, the team default of that kind, then, by
    the nearest other kind, own then team; pro-rated by working days, each day's share from
    the period of the other kind it lies in (a week straddling two months)."""
    workdays = _settings(world, team_name).workdays
    if span.kind in TARGET_KINDS:
        for owner, word in ((user, "own"), (None, "team")):
            row = _in_force(world, team_name, owner, metric, span.kind, span.last, currency)
            if row is not None:
                return exact(row.value), f"{word} {span.kind}", False
    for kind in NEAREST[span.kind]:
        for owner, word in ((user, "own"), (None, "team")):
            row = _in_force(world, team_name, owner, metric, kind, span.last, currency)
            if row is None:
                continue
            value = Fraction(0)
            for day in span.days():
                if day.weekday() not in workdays:
                    continue
                other_days = count_days(span_of(day, kind).days(), workdays)
                value += exact(row.value) / other_days if other_days else 0
            return value, f"{word} {kind}", True
    return None


def _settings(world: World, team: str) -> TeamSettings:
    return world.teams[team]


def target(world: World, user: str, metric: str, span: Span, today: date
           ) -> ResolvedTarget | None:
    """The target `user` is measured against for `metric` in `span`, with its source; None
    when nothing applies. Choice: a target of 0 means "not measured" (None)."""
    team_name = team_of(world, user, span, today)
    if team_name is None:
        return None
    found = base_target(world, team_name, user, metric, span,
                        measured_in(world, team_name, span, today))
    if found is None or found[0] <= 0:
        return None
    value, source, prorated = found
    team = _settings(world, team_name)
    ramp, _ = ramp_factor(world, user, span.start, team)  # Choice: the ramp at the period start
    total = count_days(span.days(), team.workdays)
    available = count_days(span.days(), team.workdays, world.time_off.get(user, set()))
    share = Fraction(available, total) if total else Fraction(1)
    scaled = value * exact(ramp) * share
    if scaled <= 0:  # e.g. a day off: nothing is expected of anyone
        return None
    return ResolvedTarget(value=float(scaled), base_value=float(value), exact=scaled,
                          source=source, prorated=prorated, ramp=ramp,
                          availability=float(share))


# --- pace ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pace:
    expected: float
    status: str  # ahead, on_track, behind
    elapsed: int
    total: int
    needed_per_day: float | None
    exact_expected: Fraction


def pace(world: World, user: str, span: Span, today: date, team: TeamSettings,
         goal: float | Fraction, actual: float) -> Pace:
    """SPEC: expected = target x elapsed / total working days of the SDR, elapsed before today
    (today is still theirs); within 5 % of expected is on track; needed per remaining working
    day, today included."""
    off = world.time_off.get(user, set())
    total = count_days(span.days(), team.workdays, off)
    if today < span.start:
        elapsed = 0
    elif today >= span.end:
        elapsed = total
    else:
        elapsed = count_days(Span("day", span.start, today).days(), team.workdays, off)
    target_, done = exact(goal), exact(actual)
    expected = target_ * elapsed / total if total else target_
    band = exact(ON_TRACK_BAND)
    if done > expected * (1 + band):
        status = "ahead"
    elif done >= expected * (1 - band):
        status = "on_track"
    else:
        status = "behind"
    remaining = total - elapsed
    gap = target_ - done
    needed = float(gap / remaining) if gap > 0 and remaining > 0 else None
    return Pace(float(expected), status, elapsed, total, needed, expected)


# --- attainment, ranking, team ------------------------------------------------------------------


def attainment(actual: float, goal: float) -> float | None:
    return actual / goal if goal > 0 else None


def ranking_score(world: World, user: str, span: Span, today: date) -> Fraction | None:
    """SPEC: average attainment over the targeted metrics, each capped at 150 %; rates never."""
    team_name = team_of(world, user, span, today)
    currency = measured_in(world, team_name, span, today) if team_name else None
    got = totals(world, user, *shown_range(span, today), currency)
    scores: list[Fraction] = []
    for metric in METRIC_KEYS:
        goal = target(world, user, metric, span, today)
        if goal is not None:
            scores.append(min(exact(got[metric]) / goal.exact, exact(ATTAINMENT_CAP)))
    return sum(scores, Fraction(0)) / len(scores) if scores else None


def ranking(world: World, team: str, span: Span, today: date) -> list[tuple[str, Fraction]]:
    """SDRs with a score (exact), best first (ties: user id)."""
    scored = [(u, ranking_score(world, u, span, today)) for u in sdrs_of(world, team, span, today)]
    ranked = [(u, s) for u, s in scored if s is not None]
    return sorted(ranked, key=lambda pair: (-pair[1], pair[0]))


def team_totals(world: World, team: str, span: Span, today: date) -> dict[str, float]:
    result = dict.fromkeys(METRIC_KEYS, 0.0)
    currency = measured_in(world, team, span, today)
    for user in sdrs_of(world, team, span, today):
        for metric, value in totals(world, user, *shown_range(span, today), currency).items():
            result[metric] += value
    return result


def team_compare(world: World, team: str, span: Span, today: date, metric: str) -> Comparison:
    """The team's total against the previous period up to the same point, summed over the
    members of the period shown (a day: the team's previous working day)."""
    settings = _settings(world, team)
    label, (start, end) = comparison_range(world, "", span, today, settings)
    members = sdrs_of(world, team, span, today)
    currency = measured_in(world, team, span, today)
    current = sum(totals(world, u, *shown_range(span, today), currency)[metric]
                  for u in members)
    base = sum(totals(world, u, start, end, currency)[metric] for u in members)
    direction = "up" if current > base else "down" if current < base else "none"
    small = base <= 0 if metric in MONEY_METRICS else base < SMALL_BASE
    percent = None if small else printed_percent(current - base, base)
    return Comparison(label, (start, end), current, base, direction, percent)


def team_targets(world: World, team: str, span: Span, today: date) -> dict[str, float]:
    """The sum of the members' targets, per targeted metric."""
    result: dict[str, Fraction] = {}
    for user in sdrs_of(world, team, span, today):
        for metric in METRIC_KEYS:
            goal = target(world, user, metric, span, today)
            if goal is not None:
                result[metric] = result.get(metric, Fraction(0)) + goal.exact
    return {metric: float(value) for metric, value in result.items()}


def team_average(world: World, team: str, span: Span, today: date) -> dict[str, float] | None:
    """Per SDR mean over the team's SDRs in force for the period."""
    members = sdrs_of(world, team, span, today)
    if not members:
        return None
    sums = team_totals(world, team, span, today)
    return {m: v / len(members) for m, v in sums.items()}


# --- nudges -------------------------------------------------------------------------------------


def nudge_metrics(world: World, user: str, now: datetime, team_name: str) -> list[str]:
    """The targeted metrics `team_name`'s nudge run would nudge `user` about now (empty: no
    nudge). SPEC: behind this week's pace by at least one whole unit (money: by the share
    alone) and by at least the team's share of expected-to-date; none on a day off."""
    team = world.teams[team_name]
    today = today_in(now, team.timezone)
    if team_of(world, user, span_of(today, "week"), today) != team_name:
        return []
    if today.weekday() not in team.workdays or today in world.time_off.get(user, set()):
        return []
    week = span_of(today, "week")
    got = totals(world, user, *shown_range(week, today),
                 measured_in(world, team_name, week, today))
    behind = []
    for metric in METRIC_KEYS:
        goal = target(world, user, metric, week, today)
        if goal is None:
            continue
        p = pace(world, user, week, today, team, goal.exact, got[metric])
        gap = p.exact_expected - exact(got[metric])
        if gap <= 0 or gap < exact(team.nudge_share) * p.exact_expected:
            continue
        if metric not in MONEY_METRICS and gap < 1:
            continue
        behind.append(metric)
    return behind


# --- one SDR's card, as numbers -----------------------------------------------------------------


@dataclass(frozen=True)
class MetricFigures:
    actual: float
    target: ResolvedTarget | None
    percent: int | None  # of the printed target
    pace: Pace | None
    own_average: float | None
    own_average_count: int
    comparison: Comparison
    team_average: float | None


@dataclass(frozen=True)
class Card:
    user: str
    team: str | None
    span: Span
    today: date
    metrics: dict[str, MetricFigures]
    rates: dict[str, float | None]
    flagged_rates: list[str]
    currency: str = "USD"  # what its money is measured in
    other_money: dict[str, float] = field(default_factory=dict)  # shown beside, by currency


def period_for(choice: str, today: date) -> Span:
    """`/mykpis` words: today, yesterday, week, last week, month, last month, quarter."""
    back = 1 if choice.startswith("last ") or choice == "yesterday" else 0
    kind = {"today": "day", "yesterday": "day"}.get(choice, choice.removeprefix("last "))
    span = span_of(today, kind)
    for _ in range(back):
        span = before(span)
    return span


def card(world: World, user: str, choice: str, now: datetime, home_team: str) -> Card:
    """Every number of one SDR's scorecard. `home_team` gives the clock (the team whose time
    zone says what "today" is)."""
    today = today_in(now, world.teams[home_team].timezone)
    span = period_for(choice, today)
    team_name = team_of(world, user, span, today) or home_team
    team = world.teams[team_name]
    currency = measured_in(world, team_name, span, today)
    got = totals(world, user, *shown_range(span, today), currency)
    average = own_average(world, user, span, team, currency)
    team_avg = team_average(world, team_name, span, today)
    figures = {}
    for metric in METRIC_KEYS:
        goal = target(world, user, metric, span, today)
        shown_percent = None
        the_pace = None
        if goal is not None:
            shown_percent = printed_percent(_printed_actual(got[metric], metric),
                                            printed_target(goal.value, metric))
            the_pace = pace(world, user, span, today, team, goal.exact, got[metric])
        figures[metric] = MetricFigures(
            actual=got[metric], target=goal, percent=shown_percent, pace=the_pace,
            own_average=average.values[metric] if average.values else None,
            own_average_count=average.count,
            comparison=compare(world, user, span, today, team, metric, currency),
            team_average=team_avg[metric] if team_avg else None,
        )
    others = other_money(world, [user], *shown_range(span, today), currency)
    return Card(user, team_name, span, today, figures, rates(got), inconsistent_rates(got),
                currency, others)


def _printed_actual(value: float, metric: str) -> Decimal:
    return half_up(value, 2) if metric in MONEY_METRICS else half_up(value, 1)


def weekly_post_week(today: date) -> Span:
    """The week a Monday post reports: the last complete week before today's."""
    return before(span_of(today, "week"))

