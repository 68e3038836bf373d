"""What every listener needs, handed to it through the Bolt context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.config import Settings
from storage.db import Store


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Deps:
    settings: Settings
    store: Store
    now: Callable[[], datetime] = field(default=utc_now)  # tests travel in time through this
    # Users whose name and locale are stored: a per-process cache that only saves a lookup
    # (another replica at worst looks once more), so replicas stay stateless.
    known_profiles: set[str] = field(default_factory=set)


def deps_of(context: Any) -> Deps:
    deps: Deps = context["deps"]
    return deps
