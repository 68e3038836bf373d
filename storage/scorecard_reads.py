"""A scorecard's reads in two round trips: what it needs of the user, then of the team it is
judged in (known only from the first). Each is one UNION ALL of plain core selects, built once,
whose arms share generic columns; rows come back as plain tuples, never ORM entities.

On PostgreSQL a round trip costs more CPU than the statement's own work (psycopg, SQLAlchemy's
execution context, the network stack), so six reads folded into two save about a third of a
scorecard's reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    Date,
    Float,
    Integer,
    String,
    bindparam,
    cast,
    func,
    literal_column,
    null,
    union_all,
)
from sqlalchemy import select as sa_select

from bot.kpi.membership import Spell
from bot.kpi.money import CurrencySpell
from storage.models import (
    Activity,
    DataVersion,
    Member,
    Target,
    TeamCurrency,
    TeamSpell,
    TimeOff,
)
from storage.people import spells_from
from storage.session import Session

_SPELL = TeamSpell.__table__  # type: ignore[attr-defined]
_MEMBER = Member.__table__  # type: ignore[attr-defined]
_TIME_OFF = TimeOff.__table__  # type: ignore[attr-defined]
_ACTIVITY = Activity.__table__  # type: ignore[attr-defined]
_CURRENCY = TeamCurrency.__table__  # type: ignore[attr-defined]
_TARGET = Target.__table__  # type: ignore[attr-defined]
_VERSION = DataVersion.__table__  # type: ignore[attr-defined]

_SPELLS, _MEMBERSHIP, _DAY_OFF, _FIRST_DAY, _CURRENCY_SPELL, _TARGET_ROW, _VERSION_ROW = range(7)


def _kind(value: int) -> Any:
    return literal_column(str(value))


def _none(kind: Any) -> Any:
    return cast(null(), kind)


# (kind, team id, day, row id): the user's spells (oldest first), current SDR memberships,
# days off in [start, end), first day of live activity (a single seek of the live index), and
# the data's version (storage/versions.py) in the team id's place, read in the same statement
# as the rest, so before anything read after it.
_user: Any = bindparam("user_id")
_USER_ARMS = union_all(
    sa_select(_kind(_SPELLS).label("kind"), _SPELL.c.team_id.label("team_id"),
              _SPELL.c.since.label("day"), _SPELL.c.id.label("id"))
    .where(_SPELL.c.user_id == _user),
    sa_select(_kind(_MEMBERSHIP), _MEMBER.c.team_id, _none(Date), _none(Integer))
    .where(_MEMBER.c.user_id == _user, _MEMBER.c.role == "sdr"),
    sa_select(_kind(_DAY_OFF), _none(Integer), _TIME_OFF.c.day, _none(Integer))
    .where(_TIME_OFF.c.user_id == _user, _TIME_OFF.c.day >= bindparam("start"),
           _TIME_OFF.c.day < bindparam("end")),
    sa_select(_kind(_FIRST_DAY), _none(Integer), func.min(_ACTIVITY.c.day), _none(Integer))
    .where(_ACTIVITY.c.user_id == _user, _ACTIVITY.c.deleted_at.is_(None)),
    sa_select(_kind(_VERSION_ROW), _VERSION.c.version, _none(Date), _none(Integer))
    .where(_VERSION.c.id == 1),
).subquery()
_USER_FACTS = sa_select(_USER_ARMS).order_by(_USER_ARMS.c.kind, _USER_ARMS.c.day,
                                             _USER_ARMS.c.id)

# (kind, user id, team id, day, row id, metric, value, currency, period kind): the spells and
# current memberships of everyone who was ever an SDR of the team or is one now, the team's
# currency spells, and every target that can apply to the user in it.
_team: Any = bindparam("team_id")
_candidates = union_all(
    sa_select(_SPELL.c.user_id).where(_SPELL.c.team_id == _team),
    sa_select(_MEMBER.c.user_id).where(_MEMBER.c.team_id == _team, _MEMBER.c.role == "sdr"),
).scalar_subquery()
_TEAM_ARMS = union_all(
    sa_select(_kind(_SPELLS).label("kind"), _SPELL.c.user_id.label("user_id"),
              _SPELL.c.team_id.label("team_id"), _SPELL.c.since.label("day"),
              _SPELL.c.id.label("id"), _none(String).label("metric"),
              _none(Float).label("value"), _none(String).label("currency"),
              _none(String).label("period_kind"))
    .where(_SPELL.c.user_id.in_(_candidates)),
    sa_select(_kind(_MEMBERSHIP), _MEMBER.c.user_id, _MEMBER.c.team_id, _none(Date),
              _none(Integer), _none(String), _none(Float), _none(String), _none(String))
    .where(_MEMBER.c.user_id.in_(_candidates), _MEMBER.c.role == "sdr"),
    sa_select(_kind(_CURRENCY_SPELL), _none(String), _none(Integer), _CURRENCY.c.since,
              _CURRENCY.c.id, _none(String), _none(Float), _CURRENCY.c.currency, _none(String))
    .where(_CURRENCY.c.team_id == _team),
    sa_select(_kind(_TARGET_ROW), _TARGET.c.user_id, _none(Integer), _TARGET.c.effective_from,
              _TARGET.c.id, _TARGET.c.metric, _TARGET.c.value, _TARGET.c.currency,
              _TARGET.c.kind)
    .where(_TARGET.c.team_id == _team,
           (_TARGET.c.user_id == bindparam("user_id")) | _TARGET.c.user_id.is_(None)),
).subquery()
_TEAM_FACTS = sa_select(_TEAM_ARMS).order_by(_TEAM_ARMS.c.kind, _TEAM_ARMS.c.day,
                                             _TEAM_ARMS.c.id)


@dataclass(frozen=True)
class UserFacts:
    spells: list[Spell]  # as people.spells reads them
    days_off: set[date]  # in the range asked for
    first_activity: date | None  # of live activity
    version: int | None  # the data's, as versions.data_version reads it


@dataclass(frozen=True)
class TeamFacts:
    spells: dict[str, list[Spell]]  # of the team's SDRs, past and present, as people.spells
    currency_spells: list[CurrencySpell]  # as people.currency_spells
    target_rows: list[tuple[str, str, float, date, str | None, str | None]]
    # (metric, period kind, value, effective from, user id, currency) in the order they were
    # set, as storage.targets reads them


def user_facts(session: Session, *, user_id: str, start: date, end: date) -> UserFacts:
    """The user's membership spells, days off in [start, end) and first day of activity."""
    rows = session.connection().execute(
        _USER_FACTS, {"user_id": user_id, "start": start, "end": end}).all()
    spell_rows = [(kind, user_id, team_id, day, row_id) for kind, team_id, day, row_id in rows
                  if kind in (_SPELLS, _MEMBERSHIP)]
    first = next((day for kind, _team_id, day, _id in rows if kind == _FIRST_DAY), None)
    return UserFacts(
        spells=spells_from(spell_rows, {user_id: []})[user_id],
        days_off={day for kind, _team_id, day, _id in rows if kind == _DAY_OFF},
        first_activity=first,
        version=next((int(number) for kind, number, _day, _id in rows if kind == _VERSION_ROW),
                     None),
    )


def team_facts(session: Session, *, team_id: int, user_id: str) -> TeamFacts:
    """The team's SDR spells, its currency spells, and the targets that can apply to the
    user in it."""
    rows: Sequence[Any] = session.connection().execute(
        _TEAM_FACTS, {"team_id": team_id, "user_id": user_id}).all()
    spells = spells_from(((kind, user, team, day, row_id)
                          for kind, user, team, day, row_id, *_ in rows
                          if kind in (_SPELLS, _MEMBERSHIP)), {})
    currencies = [CurrencySpell(day, currency)
                  for kind, _u, _t, day, _id, _m, _v, currency, _k in rows
                  if kind == _CURRENCY_SPELL]
    targets = sorted((row for row in rows if row[0] == _TARGET_ROW), key=lambda row: row[4])
    return TeamFacts(
        spells=spells, currency_spells=currencies,
        target_rows=[(metric, period_kind, value, day, user, currency)
                     for _k, user, _t, day, _id, metric, value, currency, period_kind
                     in targets],
    )
