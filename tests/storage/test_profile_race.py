"""A user's first two requests arrive together: one learns their profile (save_profile), the
other makes them an SDR (ensure_sdr). Whichever writes the person second must update it, on
SQLite and on PostgreSQL, and neither fails."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlmodel import Session, col, select

from storage import people
from storage.db import Store
from storage.models import Member, Person

USERS = [f"U0RACE{n:03d}" for n in range(40)]


def _race(store: Store, user_id: str) -> None:
    both = threading.Barrier(2)

    def profile() -> None:
        both.wait()
        store.run_sync(people.save_profile, user_id=user_id, name=f"Name {user_id}",
                       email=f"{user_id.lower()}@example.com", locale="nb-NO")

    def sdr() -> None:
        both.wait()
        store.run_sync(people.ensure_sdr, user_id=user_id)

    with ThreadPoolExecutor(2) as pool:
        for future in [pool.submit(profile), pool.submit(sdr)]:
            future.result()  # raises what the thread raised


def test_save_profile_and_ensure_sdr_race_without_an_error(any_store: Store) -> None:
    with ThreadPoolExecutor(4) as pool:
        for future in [pool.submit(_race, any_store, user_id) for user_id in USERS]:
            future.result()

    def read(session: Session) -> tuple[dict[str, Person], list[str]]:
        found = {p.user_id: p for p in session.exec(
            select(Person).where(col(Person.user_id).in_(USERS))).all()}
        members = list(session.exec(select(Member.user_id).where(
            col(Member.user_id).in_(USERS), Member.role == "sdr")).all())
        return found, members

    found, members = any_store.run_sync(read)
    assert sorted(found) == USERS and sorted(members) == USERS  # each once, in a team
    for user_id, person in found.items():
        assert (person.name, person.locale, person.nudges_enabled) == (
            f"Name {user_id}", "nb-NO", True)
        assert person.created_at is not None


def test_save_profile_updates_without_touching_the_rest(any_store: Store) -> None:
    any_store.run_sync(people.ensure_sdr, user_id="U0KEEP")
    any_store.run_sync(people.set_nudges_enabled, user_id="U0KEEP", enabled=False)
    any_store.run_sync(people.save_profile, user_id="U0KEEP", name="Kari", email=None,
                       locale="en-GB")
    any_store.run_sync(people.save_profile, user_id="U0KEEP", name="Kari N", email="k@x.no",
                       locale="nb-NO")
    person = any_store.run_sync(people.get_person, user_id="U0KEEP")
    assert person is not None
    assert (person.name, person.email, person.locale, person.nudges_enabled) == (
        "Kari N", "k@x.no", "nb-NO", False)
