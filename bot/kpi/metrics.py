"""The metric table: every counted metric, and every list and order derived from it.

A metric is one `MetricSpec` row here plus its names in each language catalogue
(`metric.<key>` and `team.short.<key>`). Nothing else lists metrics by hand: the scorecards,
the team view's line numbers, the weekly post, the chart, the log and targets modals and the
`/kpi log` grammar all read the table through the views below, which follow `register`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar, overload


class Unit(StrEnum):
    COUNT = "count"  # whole, non-negative numbers
    MONEY = "money"  # an amount in the team's currency


class Group(StrEnum):
    """Where a metric sits on every scorecard: activity, then outcomes, then money."""

    ACTIVITY = "activity"
    OUTCOME = "outcome"
    MONEY = "money"


_GROUP_ORDER: tuple[Group, ...] = (Group.ACTIVITY, Group.OUTCOME, Group.MONEY)
_KEY = re.compile(r"[a-z][a-z0-9_]{0,23}")  # stored in a 24-character column


class Metric(str):
    """A metric's key, such as "calls". `Metric("calls")` is the registered metric; an unknown
    key raises ValueError. Compare with `is`, use as a dict key, store `.value`."""

    __slots__ = ()
    _registered: ClassVar[dict[str, Metric]] = {}

    CALLS: ClassVar[Metric]
    CONVERSATIONS: ClassVar[Metric]
    EMAILS: ClassVar[Metric]
    SOCIAL: ClassVar[Metric]
    MEETINGS_BOOKED: ClassVar[Metric]
    MEETINGS_HELD: ClassVar[Metric]
    LEADS: ClassVar[Metric]
    QUALIFIED_LEADS: ClassVar[Metric]
    OPPORTUNITIES: ClassVar[Metric]
    PIPELINE: ClassVar[Metric]

    def __new__(cls, key: str) -> Metric:
        try:
            return cls._registered[key]
        except KeyError:
            raise ValueError(f"{key!r} is not a registered metric") from None

    @classmethod
    def _create(cls, key: str) -> Metric:
        return str.__new__(cls, key)

    def __repr__(self) -> str:
        return f"Metric({str.__str__(self)!r})"

    def __str__(self) -> str:
        return str.__str__(self)

    def __reduce__(self) -> tuple[type[Metric], tuple[str]]:
        return (Metric, (self.value,))

    @property
    def value(self) -> str:
        """The key as a plain string: what the database stores and ids carry."""
        return str.__str__(self)

    @property
    def spec(self) -> MetricSpec:
        return _TABLE[self.value]

    @property
    def is_money(self) -> bool:
        return self.spec.unit is Unit.MONEY


@dataclass(frozen=True)
class MetricSpec:
    """One row of the table."""

    key: str
    unit: Unit
    group: Group
    # Every phrase a user may type for it, singular and plural, lower case.
    aliases: tuple[str, ...]
    # The team view's leaderboard lines show the first few by this rank (lower first) among
    # the targeted metrics, then among the others: outcomes before the activity behind them.
    team_rank: int
    # Bars on the weekly chart: money does not share an axis with counts.
    in_chart: bool = True
    # A short alias worth showing in /kpi help beside the metric's own words; "" for none.
    hint: str = ""

    @property
    def typed(self) -> str:
        """The metric as a person types it: its key with spaces."""
        return self.key.replace("_", " ")


_SPECS: tuple[MetricSpec, ...] = (
    MetricSpec("calls", Unit.COUNT, Group.ACTIVITY, team_rank=50, hint="dials", aliases=(
        "call", "calls", "dial", "dials", "cold call", "cold calls")),
    MetricSpec("conversations", Unit.COUNT, Group.ACTIVITY, team_rank=60, hint="convos",
               aliases=(
        "conversation", "conversations", "convo", "convos", "connect", "connects",
        "conv", "convs")),
    MetricSpec("emails", Unit.COUNT, Group.ACTIVITY, team_rank=90, aliases=(
        "email", "emails", "mail", "mails", "e-mail", "e-mails")),
    MetricSpec("social", Unit.COUNT, Group.ACTIVITY, team_rank=100, aliases=(
        "social", "socials", "social touch", "social touches", "touch", "touches",
        "linkedin", "inmail", "inmails")),
    MetricSpec("meetings_booked", Unit.COUNT, Group.OUTCOME, team_rank=10, hint="meetings",
               aliases=(
        "meeting", "meetings", "meeting booked", "meetings booked", "booked", "booking",
        "bookings", "meetings_booked", "mtg", "mtgs", "demo", "demos")),
    MetricSpec("meetings_held", Unit.COUNT, Group.OUTCOME, team_rank=80, aliases=(
        "meeting held", "meetings held", "held", "meetings_held", "show", "shows")),
    MetricSpec("leads", Unit.COUNT, Group.OUTCOME, team_rank=70, aliases=(
        "lead", "leads", "leads generated", "new lead", "new leads")),
    MetricSpec("qualified_leads", Unit.COUNT, Group.OUTCOME, team_rank=20, hint="sqls",
               aliases=(
        "qualified lead", "qualified leads", "qualified", "sql", "sqls", "qualified_leads",
        "mql", "mqls")),
    MetricSpec("opportunities", Unit.COUNT, Group.OUTCOME, team_rank=30, hint="opps",
               aliases=(
        "opportunity", "opportunities", "opp", "opps", "oppty", "oppties", "deal", "deals")),
    MetricSpec("pipeline", Unit.MONEY, Group.MONEY, team_rank=40, in_chart=False, aliases=(
        "pipeline", "pipe", "pipeline value")),
)

_TABLE: dict[str, MetricSpec] = {}
_version = 0  # bumped by every change, so views and compiled grammars know to refresh


def registry_version() -> int:
    return _version


def check_spec(spec: MetricSpec, table: Mapping[str, MetricSpec]) -> None:
    """ValueError unless `spec` can join `table`: a new key that fits the database column,
    typed as an alias of its own, and aliases no other metric already answers to."""
    if not _KEY.fullmatch(spec.key):
        raise ValueError(f"metric key {spec.key!r}: lower case letters, digits, _; 24 at most")
    if spec.key in table:
        raise ValueError(f"metric {spec.key!r} is already registered")
    if spec.typed not in spec.aliases or (spec.hint and spec.hint not in spec.aliases):
        raise ValueError(f"metric {spec.key!r}: its key (with spaces) and hint must be aliases")
    taken = {_normal(a): s.key for s in table.values() for a in s.aliases}
    for alias in spec.aliases:
        if alias != alias.lower() or alias != " ".join(alias.split()):
            raise ValueError(f"alias {alias!r} of {spec.key!r}: lower case, single spaces")
        owner = taken.get(_normal(alias))
        if owner is not None and owner != spec.key:
            raise ValueError(f"alias {alias!r} of {spec.key!r} already means {owner!r}")
        taken[_normal(alias)] = spec.key


def register(spec: MetricSpec) -> Metric:
    """Add a metric to the table (checked by `check_spec`); every view follows."""
    global _version
    check_spec(spec, _TABLE)
    metric = Metric._registered.get(spec.key) or Metric._create(spec.key)
    _TABLE[spec.key] = spec
    Metric._registered[spec.key] = metric
    _version += 1
    return metric


def unregister(key: str) -> None:
    global _version
    del _TABLE[key]
    del Metric._registered[key]
    _version += 1


@contextmanager
def registered(spec: MetricSpec) -> Iterator[Metric]:
    """A metric in the table for the length of a `with` block (tests, experiments)."""
    metric = register(spec)
    try:
        yield metric
    finally:
        unregister(spec.key)


def _normal(alias: str) -> str:
    return " ".join(alias.lower().replace("_", " ").split())


for _spec in _SPECS:
    setattr(Metric, _spec.key.upper(), register(_spec))


def _display_order() -> tuple[Metric, ...]:
    specs = sorted(_TABLE.values(), key=lambda s: _GROUP_ORDER.index(s.group))  # stable
    return tuple(Metric(s.key) for s in specs)


class _View(Sequence[Metric]):
    """A tuple of metrics computed from the table, recomputed when the table changes."""

    def __init__(self, compute: Callable[[], tuple[Metric, ...]]) -> None:
        self._compute = compute
        self._seen = -1
        self._items: tuple[Metric, ...] = ()

    def _current(self) -> tuple[Metric, ...]:
        if self._seen != _version:
            self._items = self._compute()
            self._seen = _version
        return self._items

    @overload
    def __getitem__(self, index: int) -> Metric: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Metric]: ...
    def __getitem__(self, index: int | slice) -> Metric | Sequence[Metric]:
        return self._current()[index]

    def __len__(self) -> int:
        return len(self._current())

    def __iter__(self) -> Iterator[Metric]:
        return iter(self._current())

    def __contains__(self, value: object) -> bool:
        return value in self._current()

    def __repr__(self) -> str:
        return repr(self._current())


# Display order on every scorecard: activity, then outcomes, then money; table order within.
METRICS: Sequence[Metric] = _View(_display_order)
# The team view's line numbers, most telling first.
TEAM_PRIORITY: Sequence[Metric] = _View(
    lambda: tuple(sorted(METRICS, key=lambda m: m.spec.team_rank)))
CHART_METRICS: Sequence[Metric] = _View(lambda: tuple(m for m in METRICS if m.spec.in_chart))


class _Aliases(Mapping[str, Metric]):
    """Every alias a user may type, to its metric, following the table."""

    def __init__(self) -> None:
        self._seen = -1
        self._map: dict[str, Metric] = {}

    def _current(self) -> dict[str, Metric]:
        if self._seen != _version:
            self._map = {a: Metric(s.key) for s in _TABLE.values() for a in s.aliases}
            self._seen = _version
        return self._map

    def __getitem__(self, key: str) -> Metric:
        return self._current()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._current())

    def __len__(self) -> int:
        return len(self._current())


ALIASES: Mapping[str, Metric] = _Aliases()


def metric_from_text(text: str) -> Metric | None:
    """The metric a user meant by `text`, or None."""
    key = " ".join(text.lower().replace("_", " ").split())
    return ALIASES.get(key) or ALIASES.get(key.replace(" ", "_"))


class Rate(StrEnum):
    CONNECT = "connect_rate"
    QUALITY = "lead_quality"
    CONVERSION = "conversion_rate"
    SHOW = "show_rate"
    AVG_OPP_VALUE = "avg_opportunity_value"

    @property
    def is_money(self) -> bool:
        return self is Rate.AVG_OPP_VALUE


@dataclass(frozen=True)
class RateDef:
    rate: Rate
    numerator: Metric
    denominator: Metric


RATES: tuple[RateDef, ...] = (
    RateDef(Rate.CONNECT, Metric.CONVERSATIONS, Metric.CALLS),
    RateDef(Rate.QUALITY, Metric.QUALIFIED_LEADS, Metric.LEADS),
    RateDef(Rate.CONVERSION, Metric.OPPORTUNITIES, Metric.LEADS),
    RateDef(Rate.SHOW, Metric.MEETINGS_HELD, Metric.MEETINGS_BOOKED),
    RateDef(Rate.AVG_OPP_VALUE, Metric.PIPELINE, Metric.OPPORTUNITIES),
)


def ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when there is nothing to divide by."""
    if denominator <= 0:
        return None
    return numerator / denominator


def derived_rates(totals: Mapping[Metric, float]) -> dict[Rate, float | None]:
    """Every derived rate from a period's totals; None where the denominator is zero."""
    return {
        d.rate: ratio(totals.get(d.numerator, 0.0), totals.get(d.denominator, 0.0))
        for d in RATES
    }


def implausible(rate: Rate, value: float | None) -> bool:
    """A share above 100 % (more conversations than calls, more qualified leads than leads)
    cannot be right: it is shown, flagged as a sign of inconsistent logging. Money is no
    share."""
    return value is not None and not rate.is_money and value > 1
