"""Targets (team defaults and individual ones) and SDR start dates set with them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from bot.kpi.metrics import Metric
from bot.kpi.periods import PeriodKind
from bot.kpi.targets import TargetRecord
from storage.models import AuditEvent, Person, Target

_TARGET_COLUMNS = (col(Target.metric), col(Target.kind), col(Target.value),
                   col(Target.effective_from), col(Target.user_id), col(Target.currency))
# In the order they were set: of two taking effect on the same day, the one set last applies.
_TEAM_TARGETS = sa_select(*_TARGET_COLUMNS).where(
    col(Target.team_id) == bindparam("team_id")).order_by(col(Target.id))


def records_from(rows: Sequence[Any], currency: str | None) -> list[TargetRecord]:
    """The rows (metric, kind, value, effective from, user id, currency; a scorecard's come
    from storage.scorecard_reads) as records; with `currency`, a money target set in another
    currency is left out (it measures only amounts in its own: no exchange rates)."""
    records = []
    for metric_key, kind, value, effective_from, user_id, set_in in rows:
        metric = Metric(metric_key)
        if currency is not None and metric.is_money and set_in not in (None, currency):
            continue
        records.append(TargetRecord(metric, PeriodKind(kind), value, effective_from, user_id))
    return records


def team_target_records(session: Session, *, team_id: int, currency: str | None = None
                        ) -> list[TargetRecord]:
    """Every target of a team: its defaults and every individual one (money targets only in
    `currency`, when given)."""
    return records_from(session.connection().execute(_TEAM_TARGETS, {"team_id": team_id}).all(),
                    currency)


@dataclass(frozen=True)
class NewTarget:
    user_id: str | None  # None: the team default
    metric: Metric
    value: float


@dataclass(frozen=True)
class TargetsWrite:
    """One save of the targets modal: new target rows and, optionally, a start date."""

    team_id: int
    kind: PeriodKind
    effective_from: date
    targets: Sequence[NewTarget]
    user_ids: Sequence[str]  # the SDRs picked (for the audit and the start date)
    include_default: bool
    start_date: date | None
    values: dict[str, float]  # what the form said, for the audit
    currency: str | None = None  # the team's now: what its money targets are in


def write_targets(session: Session, *, write: TargetsWrite, actor_id: str) -> int:
    """Store the targets and the start date with their audit events in one transaction, so a
    start date is never saved without its targets. Returns how many start dates changed."""
    for new in write.targets:
        session.add(Target(team_id=write.team_id, user_id=new.user_id, metric=new.metric.value,
                           kind=write.kind.value, value=new.value,
                           currency=write.currency if new.metric.is_money else None,
                           effective_from=write.effective_from, set_by=actor_id))
    started = 0
    if write.start_date is not None and write.user_ids:
        rows = session.exec(select(Person).where(col(Person.user_id).in_(list(write.user_ids))))
        for person in rows.all():
            if person.start_date != write.start_date:
                person.start_date = write.start_date
                session.add(person)
                started += 1
    if started:
        session.add(AuditEvent(
            actor_id=actor_id, action="people.start_date", subject=f"team:{write.team_id}",
            detail=json.dumps({"users": list(write.user_ids),
                               "start_date": write.start_date.isoformat()
                               if write.start_date else None})))
    if write.targets:
        session.add(AuditEvent(
            actor_id=actor_id, action="targets.set", subject=f"team:{write.team_id}",
            detail=json.dumps({"users": list(write.user_ids),
                               "team_default": write.include_default,
                               "kind": write.kind.value,
                               "from": write.effective_from.isoformat(),
                               "values": write.values})))
    session.commit()
    return started
