"""Slack adds "(optional)" to an optional input's label itself: no label may say it again."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from bot.blocks.log_modal import build_log_modal
from bot.blocks.settings_modal import SettingsForm, build_settings_modal
from bot.blocks.targets_modal import TargetsForm, build_targets_modal
from bot.i18n import LANGUAGES, Translator, catalogue
from bot.kpi.periods import PeriodKind

# what "optional" is in each catalogue, in brackets
SAID_OPTIONAL = re.compile(r"\((optional|valgfri|valgfritt)\)", re.IGNORECASE)


def _modals(tr: Translator) -> list[dict[str, Any]]:
    targets = TargetsForm(team_id=1, team_name="Nordics", teams=[(1, "Nordics"), (2, "Benelux")],
                          user_ids=["U0ANNA"], include_default=True, kind=PeriodKind.WEEK,
                          effective_from=date(2026, 11, 23), values={},
                          start_date=date(2026, 10, 1))
    settings = SettingsForm(team_id=1, teams=[(1, "Nordics")], can_create=True, name="Nordics",
                            channel_id="C0TEAM", timezone="Europe/Oslo", currency="NOK",
                            managers=["U0MGR1"], members=["U0ANNA"],
                            workdays=frozenset(range(5)), scorecard_weekday=0,
                            scorecard_time="09:00", nudges=[], leaderboard_size=5,
                            stretch_pct=10)
    return [build_targets_modal(targets, tr=tr), build_settings_modal(settings, tr=tr),
            build_log_modal(tr=tr, today=date(2026, 11, 27))]


@pytest.mark.parametrize("locale", ["en-US", "nb-NO"])
def test_no_optional_input_says_optional_in_its_label(locale: str) -> None:
    tr = Translator(locale)
    optional = [block for modal in _modals(tr) for block in modal["blocks"]
                if block["type"] == "input" and block.get("optional")]
    assert optional
    for block in optional:
        assert not SAID_OPTIONAL.search(block["label"]["text"]), block["label"]["text"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_label_text_in_the_catalogue_says_optional(language: str) -> None:
    labels = {key: text for key, text in catalogue(language).items()
              if key.startswith(("targets.", "settings.", "modal.")) and SAID_OPTIONAL.search(text)}
    assert labels == {}
