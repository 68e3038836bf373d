"""/kpi settings for a Norwegian manager: Norwegian weekday names offered and understood."""

from __future__ import annotations

from datetime import time
from typing import Any

from sqlmodel import select

from bot.blocks import ids
from bot.console.harness import Harness
from bot.console.local_slack import SlackUser
from bot.kpi.schedule import Slot, describe_slots, parse_slots
from bot.kpi.words import words_for
from storage.db import Store
from storage.models import Team
from tests.managers.conftest import Org
from tests.managers.test_settings_modal import _answers, _open
from tests.scenario.support import text_of


def test_weekdays_in_each_language_and_nothing_else() -> None:
    slots, bad = parse_slots("ons 14:00, fre 10:00, Wednesday 9:00, tors 8:30, lørdag 12:00")
    assert slots == [Slot(2, time(9)), Slot(2, time(14)), Slot(3, time(8, 30)),
                     Slot(4, time(10)), Slot(5, time(12))] and bad == []
    assert parse_slots("onsdag 14:00", words=words_for("en")) == ([], ["onsdag 14:00"])
    for wrong in ("on 14:00", "t 10:00", "someday 10:00", "fredagen 10:00", "ons 25:00"):
        assert parse_slots(wrong) == ([], [wrong]), wrong
    assert describe_slots([Slot(4, time(10)), Slot(2, time(14))],
                          words=words_for("nb")) == "ons 14:00, fre 10:00"
    assert describe_slots([Slot(2, time(14))]) == "wed 14:00"


async def test_a_norwegian_manager_sets_nudges_in_norwegian(harness: Harness, org: Org,
                                                            store: Store) -> None:
    harness.slack.add_user(SlackUser(org.admin, "admin", "Admin", "admin@example.no",
                                     locale="nb-NO"))
    store.run_sync(_forget_locale, user_id=org.admin)
    view = await _open(harness, org.admin)
    shown = text_of(view["blocks"])
    assert "Påminnelser om mål" in shown and "ons 14:00, fre 10:00" in shown
    assert "mandag" in shown and "Monday" not in shown  # the working-day options

    answer = await harness.submit(org.admin, view, _answers(
        0, **{ids.SETTINGS_NAME_BLOCK: "Oslo", ids.SETTINGS_NUDGES_BLOCK: "torsdag 25:00"}))
    assert answer is not None and answer["response_action"] == "errors"
    assert "Kunne ikke lese `torsdag 25:00`" in str(answer["errors"])

    answer = await harness.submit(org.admin, view, _answers(
        0, **{ids.SETTINGS_NAME_BLOCK: "Oslo", ids.SETTINGS_NUDGES_BLOCK: "ons 14:00, fre 10:00"}))
    assert answer is not None and answer["response_action"] == "update", answer

    def stored(session: Any) -> str:
        return str(session.exec(select(Team).where(Team.name == "Oslo")).one().nudge_schedule)
    assert store.run_sync(stored) == "2@14:00,4@10:00"


def _forget_locale(session: Any, *, user_id: str) -> None:
    """The org fixture stores everyone as en-US; this admin has never been looked up."""
    from storage.models import Person

    person = session.get(Person, user_id)
    person.locale = None
    session.add(person)
    session.commit()
