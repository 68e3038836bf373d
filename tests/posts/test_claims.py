"""The post claim: the one row that makes a scheduled post happen once, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage import queries
from storage.db import Store

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
STALE = timedelta(minutes=15)


def _claim(store: Store, who: str, *, now: datetime = NOW, force: bool = False,
           key: str = "2026-W48") -> int | None:
    team = store.run_sync(queries.default_team)
    assert team is not None and team.id is not None
    claim = store.run_sync(queries.claim_post, team_id=team.id, kind="scorecard",
                           period_key=key, claimed_by=who, now=now, stale_after=STALE,
                           force=force)
    return claim.id if claim is not None else None


def test_a_post_is_claimed_once(any_store: Store) -> None:
    first = _claim(any_store, "host-a:1")
    assert first is not None
    assert _claim(any_store, "host-b:2") is None
    assert _claim(any_store, "host-a:1") is None  # not even by the same process
    assert _claim(any_store, "host-b:2", key="2026-W49") is not None  # another week is free


def test_a_posted_claim_stays_taken_and_only_force_takes_it(any_store: Store) -> None:
    claim_id = _claim(any_store, "host-a:1")
    assert claim_id is not None
    any_store.run_sync(queries.mark_posted, claim_id=claim_id, channel_id="C0TEAM",
                       message_ts="1.2", now=NOW)
    assert _claim(any_store, "host-b:2", now=NOW + timedelta(days=3)) is None
    assert _claim(any_store, "operator:3", force=True) == claim_id
    team = any_store.run_sync(queries.default_team)
    assert team is not None and team.id is not None
    row = any_store.run_sync(queries.post_claim, team_id=team.id, kind="scorecard",
                             period_key="2026-W48")
    assert row is not None and (row.status, row.claimed_by, row.message_ts) == (
        "claimed", "operator:3", None)


def test_a_released_claim_can_be_taken_again(any_store: Store) -> None:
    claim_id = _claim(any_store, "host-a:1")
    assert claim_id is not None
    any_store.run_sync(queries.release_claim, claim_id=claim_id, detail="channel_not_found")
    assert _claim(any_store, "host-b:2") == claim_id
    assert _claim(any_store, "host-c:3") is None


def test_a_claim_left_by_a_dead_process_is_taken_over_only_when_stale(any_store: Store
                                                                      ) -> None:
    assert _claim(any_store, "host-a:1") is not None  # claimed, then the process died
    assert _claim(any_store, "host-b:2", now=NOW + STALE - timedelta(seconds=1)) is None
    assert _claim(any_store, "host-b:2", now=NOW + STALE + timedelta(seconds=1)) is not None
    assert _claim(any_store, "host-c:3", now=NOW + STALE + timedelta(seconds=2)) is None
