"""A database error names the statement, never the values: users' notes and e-mails stay out
of the log."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from storage.db import Store
from storage.models import Person


def test_a_failed_statement_does_not_carry_its_parameters(any_store: Store) -> None:
    email = "maya.private@example.com"

    def twice(session: object) -> None:
        from sqlmodel import Session

        assert isinstance(session, Session)
        session.add(Person(user_id="U0TWICE", name="Maya", email=email))
        session.commit()
        session.add(Person(user_id="U0TWICE", name="Maya again", email=email))
        session.commit()

    with pytest.raises(IntegrityError) as failed:
        any_store.run_sync(twice)
    assert email not in str(failed.value) and "Maya again" not in str(failed.value)
    assert "INSERT INTO person" in str(failed.value)  # the statement is still there to debug
