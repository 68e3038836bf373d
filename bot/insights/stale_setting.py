"""The range of a team's stale-data setting: after how many working days without a log an
SDR shows as stale to managers (SPEC: default 3). One place for the settings modal, its
reader and the service that stores it."""

from __future__ import annotations

DEFAULT_STALE_DAYS = 3
MAX_STALE_DAYS = 20  # a month of working days: beyond that the notice says nothing useful
