"""The post claim: the one row that makes a scheduled post happen once, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage import people, posts
from storage.db import Store
from storage.models import PostClaim

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
STALE = timedelta(minutes=2)


def _team(store: Store) -> int:
    team = store.run_sync(people.default_team)
    assert team is not None and team.id is not None
    return team.id


def _claim(store: Store, who: str, *, now: datetime = NOW, force: bool = False,
           key: str = "2026-W48") -> posts.Claim | posts.Holder:
    return store.run_sync(posts.claim_post, team_id=_team(store), kind="scorecard",
                          period_key=key, claimed_by=who, now=now, stale_after=STALE,
                          force=force)


def _won(store: Store, who: str, **kwargs: object) -> posts.Claim:
    claim = _claim(store, who, **kwargs)  # type: ignore[arg-type]
    assert isinstance(claim, posts.Claim), claim
    return claim


def _row(store: Store) -> PostClaim:
    row = store.run_sync(posts.post_claim, team_id=_team(store), kind="scorecard",
                         period_key="2026-W48")
    assert row is not None
    return row


def test_a_post_is_claimed_once(any_store: Store) -> None:
    first = _won(any_store, "host-a:1")
    assert not first.must_check
    second = _claim(any_store, "host-b:2")
    assert isinstance(second, posts.Holder) and second.claimed_by == "host-a:1"
    assert isinstance(_claim(any_store, "host-a:1"), posts.Holder)  # not even the same process
    assert isinstance(_claim(any_store, "host-b:2", key="2026-W49"), posts.Claim)


def test_a_posted_claim_stays_taken_and_only_force_takes_it(any_store: Store) -> None:
    claim = _won(any_store, "host-a:1")
    any_store.run_sync(posts.mark_posted, claim_id=claim.id, channel_id="C0TEAM",
                       message_ts="1.2", now=NOW)
    held = _claim(any_store, "host-b:2", now=NOW + timedelta(days=3))
    assert isinstance(held, posts.Holder) and held.posted and held.message_ts == "1.2"
    forced = _won(any_store, "operator:3", force=True)
    assert forced.id == claim.id and not forced.must_check
    row = _row(any_store)
    assert (row.status, row.claimed_by, row.message_ts) == ("claimed", "operator:3", None)


def test_a_released_claim_is_taken_again_at_once_without_a_check(any_store: Store) -> None:
    claim = _won(any_store, "host-a:1")
    any_store.run_sync(posts.release_claim, claim_id=claim.id, detail="channel_not_found")
    again = _won(any_store, "host-b:2")
    assert again.id == claim.id and not again.must_check  # Slack refused: nothing to find
    assert isinstance(_claim(any_store, "host-c:3"), posts.Holder)


def test_a_silent_holder_is_taken_over_after_the_stale_window_with_a_check(
        any_store: Store) -> None:
    _won(any_store, "host-a:1")  # claimed, then the process died
    assert isinstance(_claim(any_store, "host-b:2", now=NOW + STALE - timedelta(seconds=1)),
                      posts.Holder)
    taken = _won(any_store, "host-b:2", now=NOW + STALE + timedelta(seconds=1))
    assert taken.must_check and taken.since == NOW  # look in the channel from the first claim
    assert isinstance(_claim(any_store, "host-c:3", now=NOW + STALE + timedelta(seconds=2)),
                      posts.Holder)


def test_a_heartbeat_keeps_the_claim_and_only_its_holder_can_beat(any_store: Store) -> None:
    claim = _won(any_store, "host-a:1")
    later = NOW + STALE * 3
    # the holder renews its claim while it works (a long Retry-After, a slow Slack)
    for minute in range(1, 7):
        assert any_store.run_sync(posts.renew_claim, claim_id=claim.id, claimed_by="host-a:1",
                                  now=NOW + timedelta(minutes=minute))
    assert isinstance(_claim(any_store, "host-b:2", now=later), posts.Holder)
    assert not any_store.run_sync(posts.renew_claim, claim_id=claim.id, claimed_by="host-b:2",
                                  now=later)
    taken = _won(any_store, "host-b:2", now=later + STALE + timedelta(seconds=1))
    # the old holder, back from a long pause, learns the claim is no longer its own
    assert not any_store.run_sync(posts.renew_claim, claim_id=claim.id,
                                  claimed_by="host-a:1", now=later + STALE * 2)
    assert taken.must_check


def test_an_unknown_send_keeps_the_claim_until_stale_then_asks_for_a_check(
        any_store: Store) -> None:
    claim = _won(any_store, "host-a:1")
    then = NOW + timedelta(seconds=40)
    any_store.run_sync(posts.mark_unknown, claim_id=claim.id, detail="TimeoutError", now=then)
    assert any_store.run_sync(posts.claim_standing, team_id=_team(any_store), kind="scorecard",
                              period_key="2026-W48", now=then + STALE,
                              stale_after=STALE) is posts.Standing.HELD
    assert isinstance(_claim(any_store, "host-b:2", now=then + STALE), posts.Holder)
    taken = _won(any_store, "host-b:2", now=then + STALE + timedelta(seconds=1))
    assert taken.must_check and taken.since == NOW


def test_standing_names_every_state(any_store: Store) -> None:
    def standing(now: datetime = NOW) -> posts.Standing:
        return any_store.run_sync(posts.claim_standing, team_id=_team(any_store),
                                  kind="scorecard", period_key="2026-W48", now=now,
                                  stale_after=STALE)

    assert standing() is posts.Standing.FREE
    claim = _won(any_store, "host-a:1")
    assert standing() is posts.Standing.HELD
    assert standing(NOW + STALE * 2) is posts.Standing.ORPHANED
    any_store.run_sync(posts.release_claim, claim_id=claim.id, detail="x")
    assert standing() is posts.Standing.RELEASED
    _won(any_store, "host-a:1")
    any_store.run_sync(posts.mark_posted, claim_id=claim.id, channel_id="C", message_ts="1.2",
                       now=NOW)
    assert standing(NOW + STALE * 9) is posts.Standing.POSTED
