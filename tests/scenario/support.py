"""What scenario tests read back: rows in the database, buttons in messages, the last modal."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.console.harness import Harness
from storage.db import Store
from storage.models import Activity

SDR = "U0SDR1"


def _count(session: Session, *, live_only: bool) -> int:
    query = select(func.count()).select_from(Activity)
    if live_only:
        query = query.where(col(Activity.deleted_at).is_(None))
    return int(session.exec(query).one())


def activity_count(store: Store, *, live_only: bool = False) -> int:
    """Activity rows, soft-deleted ones included unless live_only."""
    return store.run_sync(_count, live_only=live_only)


def _live(session: Session, *, user_id: str) -> list[Activity]:
    return list(session.exec(
        select(Activity).where(Activity.user_id == user_id, col(Activity.deleted_at).is_(None))
        .order_by(col(Activity.id))
    ).all())


def live_rows(store: Store, user_id: str = SDR) -> list[Activity]:
    return store.run_sync(_live, user_id=user_id)


def totals(store: Store, user_id: str = SDR) -> dict[str, float]:
    """Live quantities per metric key, as the database holds them."""
    result: dict[str, float] = {}
    for row in live_rows(store, user_id):
        result[row.metric] = result.get(row.metric, 0) + row.quantity
    return result


def elements(blocks: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for block in blocks:
        yield from block.get("elements") or []
        if isinstance(block.get("accessory"), dict):
            yield block["accessory"]


def find_button(blocks: list[dict[str, Any]], *, action_id: str, value: str | None = None
                ) -> dict[str, Any]:
    """The button a user would press: its action_id (prefix) and, if given, its value."""
    for element in elements(blocks):
        if element.get("type") == "button" and element["action_id"].startswith(action_id) \
                and (value is None or element.get("value") == value):
            return element
    raise AssertionError(f"no button {action_id} {value or ''} in {blocks}")


def text_of(blocks: list[dict[str, Any]] | None) -> str:
    """Every text a reader sees in the blocks, one line each."""
    lines: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                lines.append(node["text"])
            for value in node.values():
                if isinstance(value, dict | list):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks or [])
    return "\n".join(lines)


async def open_log_modal(harness: Harness, user_id: str = SDR) -> dict[str, Any]:
    """`/kpi log` with no words; the modal it opened (as Slack received it)."""
    before = len(harness.slack.of("views.open"))
    await harness.command(user_id, "/kpi", "log")
    calls = await harness.slack.wait_for("views.open", count=before + 1)
    view: dict[str, Any] = calls[-1].args["view"]
    return view
