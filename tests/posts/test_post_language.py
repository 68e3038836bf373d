"""The weekly post in the channel's language: the default team's name and the chart's percent
signs as a Norwegian team reads them (issue 10)."""

from __future__ import annotations

from bot.chart import WeeklyChart, alt_text
from bot.i18n import Translator
from bot.services.weekly_posts import Prepared


def _chart(sign: str) -> WeeklyChart:
    return WeeklyChart(title="t", heading="t", metrics_title="m", labels=("Anrop",),
                       this_week=(50.0,), week_before=(40.0,), as_percent=True,
                       legend=("a", "b"), people_title="p", people=(), attainment=(),
                       percent_sign=sign)


def test_the_chart_writes_percentages_as_the_reader_does() -> None:
    nb, en = Translator("nb-NO"), Translator("en-US")
    assert nb.percent(0).removeprefix(nb.number(0)) == "\u00a0%"
    assert en.percent(0).removeprefix(en.number(0)) == "%"
    assert "Anrop 50\u00a0% (40\u00a0%)" in alt_text(_chart("\u00a0%"))


def _prepared(name: str, *, is_default: bool) -> Prepared:
    """Only what the name needs: the rest of a post plays no part in it."""
    prepared = Prepared.__new__(Prepared)
    object.__setattr__(prepared, "team_name", name)
    object.__setattr__(prepared, "is_default", is_default)
    return prepared


def test_the_default_teams_name_reads_in_the_channels_language() -> None:
    default = _prepared("Default team", is_default=True)
    assert default.shown_name(Translator("nb-NO")) != "Default team"
    assert default.shown_name(Translator("en-US")) == "Default team"
    assert _prepared("Nordics", is_default=False).shown_name(Translator("nb-NO")) == "Nordics"
