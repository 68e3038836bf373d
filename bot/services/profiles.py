"""What we know of a user from Slack (name, e-mail, locale) and their own preferences."""

from __future__ import annotations

from storage import people
from storage.session import Session


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
