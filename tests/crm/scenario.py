"""Helpers shared by the reader tests: an idempotent store of activities, like the import's."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from bot.crm.activity import CrmActivity


def _content(a: CrmActivity) -> tuple[object, ...]:
    return (a.owner_email, a.metric, a.quantity, a.value, a.day)


class ActivityStore:
    """Upsert by external_id; deleted=True retracts. What the import pipeline will do."""

    def __init__(self) -> None:
        self.rows: dict[str, CrmActivity] = {}

    def apply(self, activities: tuple[CrmActivity, ...]) -> int:
        changed = 0
        for activity in activities:
            before = self.rows.get(activity.external_id)
            if activity.deleted:
                changed += self.rows.pop(activity.external_id, None) is not None
            elif before is None or _content(before) != _content(activity):
                self.rows[activity.external_id] = activity
                changed += 1
        return changed

    def totals(self) -> dict[tuple[str | None, str, date], float]:
        sums: dict[tuple[str | None, str, date], float] = defaultdict(float)
        for a in self.rows.values():
            sums[(a.owner_email, a.metric, a.day)] += a.quantity
        return dict(sums)

    def week_totals(self, email: str, week: int) -> dict[str, float]:
        sums: dict[str, float] = defaultdict(float)
        for (owner, metric, day), quantity in self.totals().items():
            if owner == email and day.isocalendar().week == week:
                sums[metric] += quantity
        return dict(sums)
