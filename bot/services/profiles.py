"""What we know of a user from Slack (name, e-mail, locale) and their own preferences."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storage import people
from storage.session import Session


@dataclass(frozen=True)
class Profile:
    user_id: str
    name: str | None
    email: str | None
    locale: str | None


def has_locale(session: Session, *, user_id: str) -> bool:
    """True once users.info has told us this user's locale (so it need not be asked again)."""
    person = people.get_person(session=session, user_id=user_id)
    return person is not None and person.locale is not None


def save_profile(session: Session, *, user_id: str, name: str | None, email: str | None,
                 locale: str) -> None:
    people.save_profile(session=session, user_id=user_id, name=name, email=email,
                        locale=locale)


def nudges_enabled(session: Session, *, user_id: str) -> bool:
    person = people.get_person(session=session, user_id=user_id)
    return person is None or person.nudges_enabled


def set_nudges_enabled(session: Session, *, user_id: str, enabled: bool) -> None:
    people.set_nudges_enabled(session=session, user_id=user_id, enabled=enabled)


def stored_profiles(session: Session, *, user_ids: Sequence[str]) -> list[Profile]:
    """What the store knows of these users (those it knows at all)."""
    found = people.people(session=session, user_ids=user_ids)
    return [Profile(p.user_id, p.name, p.email, p.locale) for p in found.values()]


def set_locale(session: Session, *, user_id: str, locale: str) -> None:
    """A user's locale as Slack would tell it (the console's `:lang`), name and e-mail kept."""
    person = people.get_person(session=session, user_id=user_id)
    people.save_profile(session=session, user_id=user_id,
                        name=person.name if person else None,
                        email=person.email if person else None, locale=locale)
