"""Typed inputs of the use cases, and the errors they answer with.

A modal's reader (bot/blocks/*_form.py), a CLI or a webhook builds these; the services take
nothing else, so no use case ever sees a Slack payload.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time

from bot.kpi.metrics import Metric
from bot.kpi.periods import PeriodKind

Problem = tuple[str, dict[str, object]]  # a catalogue key and its parameters


class FieldErrors(Exception):
    """Input a use case refuses, by field NAME (e.g. "user_ids"); a front door shows each
    where it belongs (a modal maps field names to its block ids)."""

    def __init__(self, errors: Mapping[str, Problem]) -> None:
        super().__init__(", ".join(errors))
        self.errors = dict(errors)


@dataclass(frozen=True)
class TargetsInput:
    """Targets for some SDRs and/or the team default, from a day on; 0 clears a target."""

    team_id: int | None  # None: the first team the user may manage
    user_ids: Sequence[str]
    include_default: bool
    kind: PeriodKind
    effective_from: date
    values: Mapping[Metric, float]
    start_date: date | None = None  # the picked SDRs' first day, for their ramp-up
    # money fields as typed, for the team's currency check (the team is known only to the
    # service): "€50k" in a USD team is refused, never stored as dollars
    money_text: Mapping[Metric, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TeamDraft:
    """What a settings form says of the fields checked against the database (a name taken,
    an SDR of another team), read even when other fields are wrong, so that every problem
    is named at once."""

    team_id: int | None  # None: a new team
    name: str
    members: Sequence[str]  # the SDRs being added


@dataclass(frozen=True)
class TargetsDraft:
    """Whom a targets form is for, read even when its numbers or dates are wrong."""

    team_id: int | None
    user_ids: Sequence[str]
    include_default: bool


@dataclass(frozen=True)
class PeopleChange:
    """Who joins a role in a team and who leaves it; nobody else's membership changes, so a
    form that could not show everyone (a team of 150 SDRs) never drops the rest."""

    added: Sequence[str] = ()
    removed: Sequence[str] = ()


@dataclass(frozen=True)
class SettingsInput:
    """A team's settings; team_id None creates a team (admins only)."""

    team_id: int | None
    name: str
    channel_id: str | None
    timezone: str
    currency: str
    managers: PeopleChange
    members: PeopleChange  # the SDRs
    workdays: frozenset[int]
    scorecard_weekday: int
    scorecard_time: time
    nudge_schedule: str  # weekday@HH:MM,...
    leaderboard_size: int
    stretch_pct: int
    nudge_behind_pct: int = 10  # SPEC: nudges need at least this share behind pace
    motion: str | None = None  # outbound, inbound, enterprise: the industry bands; None: as is
    stale_days: int | None = None  # working days without a log before stale; None: as is
