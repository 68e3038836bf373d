"""What every listener needs, handed to it through the Bolt context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.services.scorecard_cache import ScorecardCache
from storage.db import Store

if TYPE_CHECKING:
    from slack_bolt.context.async_context import AsyncBoltContext


def utc_now() -> datetime:
    """The clock: every use case is handed Deps.now() rather than reading one of its own."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class Deps:
    settings: Settings
    store: Store
    now: Callable[[], datetime] = field(default=utc_now)  # tests travel in time through this
    # When this process last asked Slack for each user's profile (bot/listeners/profiles.py):
    # a per-process cache that only saves lookups (another replica at worst looks once
    # more), so replicas stay stateless.
    profiles_checked: dict[str, datetime] = field(default_factory=dict)
    # Scorecard messages, checked against the data's version on every use (bounded, per
    # process; bot/services/scorecard_cache.py).
    scorecards: ScorecardCache = field(default_factory=ScorecardCache)


def deps_of(context: AsyncBoltContext) -> Deps:
    """The Deps the app's middleware put in the Bolt context (bot/app.py)."""
    deps = context["deps"]
    if not isinstance(deps, Deps):
        raise TypeError("the Bolt context carries no Deps: build the app with build_app()")
    return deps
