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


def deps_of(context: Any) -> Deps:
    deps: Deps = context["deps"]
    return deps
