"""`/kpi note` words: the text, then an optional date, team or SDR at the end."""

from __future__ import annotations

import pytest

from bot.services.notes import split_note


@pytest.mark.parametrize(("args", "text", "day", "team", "sdr"), [
    ("new call script", "new call script", None, None, None),
    ("new call script 2026-11-02", "new call script", "2026-11-02", None, None),
    ("nytt skript i går", "nytt skript", "i går", None, None),
    ("video emails yesterday <@U0ANNA|anna>", "video emails", "yesterday", None, "U0ANNA"),
    ("cadence v2 2026-11-02 team: Nordics West", "cadence v2", "2026-11-02", "Nordics West",
     None),
    ("today", "today", None, None, None),  # a date alone is the note's text, not its date
])
def test_split_note(args: str, text: str, day: str | None, team: str | None,
                    sdr: str | None) -> None:
    words = split_note(args)
    assert (words.text, words.date_word, words.team_name, words.sdr_id) == (text, day, team, sdr)
